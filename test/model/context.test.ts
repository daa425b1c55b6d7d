/**
 * The context network (model/context.ts) and its training engine (training/engines/context.ts):
 * the forward pass against a float64 loop written from the definition (windows with zeros beyond
 * the edges, dense layers, ReLU), the engine's gradient of each loss against finite differences
 * of the engine's own loss (with each vocabulary), and the targets with N as class 24 (majmin) or
 * 60 (sevenths) and chords outside the vocabulary masked out (BCE) or dropped (soft-DTW, CTC).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useWasmBackend } from "../helpers/tf.js";
import { tf } from "../../src/util/tfjs.js";
import { ConfigSchema, type Config } from "../../src/config/schema.js";
import { contextLogits, contextParameterCount, initialContextWeights, type ContextWeights } from "../../src/model/context.js";
import { prepareSet } from "../../src/training/batches.js";
import { createEngine } from "../../src/training/engines/index.js";
import { contextTargets, transposeChroma, transposeClass } from "../../src/training/engines/context.js";
import { vocabularyClass, vocabularyOf } from "../../src/annotations/vocabulary.js";
import { OUT_OF_VOCABULARY } from "../../src/annotations/chordClasses.js";
import { BCE_EPSILON } from "../../src/training/objectives.js";
import { lossOfLogits } from "../../src/training/engines/tfjsLoss.js";
import { epochSchedule } from "../../src/training/schedule.js";
import { createRng } from "../../src/util/random.js";
import { relativeError } from "../losses/reference.js";
import { plantedSegments } from "../training/fixtures.js";
import { kinkAwareGradientCheck, referenceLogits } from "../helpers/contextReference.js";

beforeAll(useWasmBackend);

describe("context network forward", () => {
  it("equals the definition: zero-padded windows of 2r+1 frames, dense layers, ReLU between them", () => {
    const context = { radius: 2, hidden: [5, 4], vocabulary: "majmin" as const, transpose: false };
    const weights = initialContextWeights(context, { seed: 4, withBlank: false });
    const rng = createRng(9, 1);
    weights.layers.forEach((l) => l.bias.forEach((_, j) => (l.bias[j] = Math.fround(0.3 * rng.normal()))));
    const chroma = Float32Array.from({ length: 7 * 12 }, () => rng.next());
    const got = tf.tidy(() => {
      const layers = weights.layers.map((l) => ({ weights: tf.tensor2d(l.weights), bias: tf.tensor1d(l.bias) }));
      return contextLogits(tf.tensor3d(chroma, [1, 7, 12]), layers, context.radius).arraySync()[0];
    });
    const want = referenceLogits(weights, chroma, 12, context.radius);
    expect(got.length).toBe(7);
    expect(got[0].length).toBe(25);
    expect(relativeError(got.flat(), want.flat())).toBeLessThan(1e-5);
    // 12·5 → 5 → 4 → 25
    expect(contextParameterCount(context, 25)).toBe(60 * 5 + 5 + 5 * 4 + 4 + 4 * 25 + 25);
  });
});

const majmin = vocabularyOf("majmin");
const sevenths = vocabularyOf("sevenths");

describe("context network targets: no-chord is class 24", () => {
  const labels = Int16Array.from([-1, -1, 3, 3, -1, 14, 14, 14]);
  const segment = { ...plantedSegments({ segments: 1, frames: 8, seed: 1 })[0], trainLabels: labels };
  const cfg = (loss: string, targets: Record<string, unknown> = {}) => ConfigSchema.parse({ loss: { kind: loss }, targets });

  it("bce: every frame's class, N = 24", () => {
    expect(Array.from(contextTargets([segment], cfg("bce"), majmin).sequences[0])).toEqual([24, 24, 3, 3, 24, 14, 14, 14]);
  });

  it("ctc: the reduced sequence keeps N stretches", () => {
    expect(Array.from(contextTargets([segment], cfg("ctc", { kind: "soft", padding: "none" }), majmin).sequences[0])).toEqual([24, 3, 24, 14]);
  });

  it("soft-DTW: uniform padding of the reduced sequence with N", () => {
    // element ⌊j·4/8⌋ of [N, D#, N, Dm] at position j
    expect(Array.from(contextTargets([segment], cfg("softDtw", { kind: "soft", softLength: 8 }), majmin).sequences[0])).toEqual([24, 24, 3, 3, 24, 24, 14, 14]);
  });

  it("transposition moves chroma and chord roots together and leaves N alone", () => {
    // C major triad chroma up 2 semitones is D major's; class C (0) → D (2), Am (21) → Bm (23), Bm (23) + 3 → Dm (14)
    const cMajor = Float32Array.from([1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0]);
    expect(Array.from(transposeChroma(cMajor, 2))).toEqual([0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0]);
    const up = (c: number, s: number) => transposeClass(c, s, majmin);
    expect([up(0, 2), up(21, 2), up(23, 3), up(11, 1), up(24, 5)]).toEqual([2, 23, 14, 0, 24]);
  });
});

describe("context network targets with the sevenths vocabulary: N is class 60, chords outside are left out", () => {
  const c = (label: string) => vocabularyClass(label, sevenths);
  const X = OUT_OF_VOCABULARY;
  // N N G:7 G:7 sus4 G:7 A:min7 A:min7 C:maj7 C:maj7
  const labels = Int16Array.from([-1, -1, c("G:7"), c("G:7"), X, c("G:7"), c("A:min7"), c("A:min7"), c("C:maj7"), c("C:maj7")]);
  const segment = { ...plantedSegments({ segments: 1, frames: 10, seed: 1 })[0], trainLabels: labels };
  const cfg = (loss: string, targets: Record<string, unknown> = {}) => ConfigSchema.parse({ loss: { kind: loss }, targets });
  const [g7, am7, cmaj7] = [7 + 24, 9 + 48, 0 + 36]; // 12·quality block + root (chordClasses.ts)

  it("bce: every frame's class, N = 60, the sus4 frame stays out of the vocabulary (masked in the batch)", () => {
    expect(Array.from(contextTargets([segment], cfg("bce"), sevenths).sequences[0])).toEqual([60, 60, g7, g7, X, g7, am7, am7, cmaj7, cmaj7]);
  });

  it("ctc: the sus4 stretch is dropped before the reduction, so G:7 on both sides merges", () => {
    expect(Array.from(contextTargets([segment], cfg("ctc", { kind: "soft", padding: "none" }), sevenths).sequences[0])).toEqual([60, g7, am7, cmaj7]);
  });

  it("soft-DTW: uniform padding of that reduced sequence to the segment's length", () => {
    // element ⌊j·4/10⌋ of [N, G7, Am7, Cmaj7] at position j
    const got = contextTargets([segment], cfg("softDtw", { kind: "soft", softLength: "frames" }), sevenths).sequences[0];
    expect(Array.from(got)).toEqual([60, 60, 60, g7, g7, am7, am7, am7, cmaj7, cmaj7]);
  });

  it("soft-DTW on strong labels: the frame labels without the sus4 frame", () => {
    expect(Array.from(contextTargets([segment], cfg("softDtw", { kind: "strong" }), sevenths).sequences[0])).toEqual([60, 60, g7, g7, g7, am7, am7, cmaj7, cmaj7]);
  });

  it("transposition keeps the quality: A:min7 + 3 = C:min7, B:7 + 1 = C:7, N (60) stays", () => {
    const up = (k: number, s: number) => transposeClass(k, s, sevenths);
    expect([up(am7, 3), up(11 + 24, 1), up(60, 5), up(cmaj7, 11)]).toEqual([c("C:min7"), c("C:7"), 60, c("B:maj7")]);
  });
});

describe.each(["majmin", "sevenths"] as const)("context engine gradients, vocabulary %s", (vocabulary) => {
  const planted = plantedSegments({ segments: 4, frames: 12, seed: 6, noise: 0.15, meanDuration: 4, emptyShare: 0 });
  // some no-chord frames inside the segments; with sevenths, each segment's chords in another
  // quality block (maj, min, 7, maj7 …) and some frames outside the vocabulary
  const segments = planted.map((s, i) => ({
    ...s,
    trainLabels: s.trainLabels.map((c, t) =>
      t % 5 === 2 ? -1 : vocabulary === "majmin" ? c : t % 7 === 3 ? OUT_OF_VOCABULARY : (c % 12) + 12 * ((i + 2) % 5),
    ),
  }));
  const outputs = vocabularyOf(vocabulary).classes;
  const config = (over: Record<string, unknown>): Config =>
    ConfigSchema.parse({ ...over, model: { context: { radius: 1, hidden: [4], vocabulary } }, training: { engine: "tfjs" }, report: { alignmentEpochs: [] } });
  const cases = [
    { name: "bce", over: { loss: { kind: "bce" } } },
    { name: "soft-DTW", over: { loss: { kind: "softDtw", gamma: 0.5 }, targets: { kind: "soft", softLength: 8 } } },
    { name: "ctc", over: { loss: { kind: "ctc" }, targets: { kind: "soft", padding: "none" } } },
    // loss.classBalance is defined for the two qualities of majmin only (refused with sevenths: below)
    ...(vocabulary === "majmin" ? [{ name: "soft-DTW with class balance", over: { loss: { kind: "softDtw", gamma: 0.5, classBalance: 1 }, targets: { kind: "soft", softLength: 8 } } }] : []),
  ];

  it.each(cases)("$name: the engine's gradient matches finite differences of its loss", ({ over }) => {
    const cfg = config(over);
    const set = prepareSet(segments, cfg);
    const engine = createEngine("tfjs", { cfg, seed: 5, train: set, val: set });
    const at = epochSchedule(1, cfg.loss);
    const indices = [0, 2, 3];
    const start = engine.snapshot() as ContextWeights;
    expect(start.layers.at(-1)!.bias.length).toBe(cfg.loss.kind === "ctc" ? outputs + 1 : outputs);
    const inputs = indices.map((i) => set.segments[i].chroma);
    const { parameters, gradientLength, compared, analytic, fd } = kinkAwareGradientCheck(engine, indices, at, inputs, 12, 1);
    engine.dispose();
    expect(gradientLength).toBe(parameters);
    expect(compared.length).toBeGreaterThan(0.8 * parameters);
    expect(Math.max(...analytic.map(Math.abs))).toBeGreaterThan(1e-3);
    expect(relativeError(analytic, fd)).toBeLessThan(1e-2);
  });
});

describe("loss.classBalance with the context network (soft-DTW, majmin)", () => {
  const base = plantedSegments({ segments: 2, frames: 6, seed: 3 });
  // runs of two frames, so the uniformly stretched sequence (6 rows) is the frame labels themselves
  const labels = [Int16Array.from([0, 0, 12, 12, -1, -1]), Int16Array.from([5, 5, 17, 17, 5, 5])];
  const segments = base.map((s, i) => ({ ...s, trainLabels: labels[i] }));
  const config = (over: Record<string, unknown>, vocabulary = "majmin") =>
    ConfigSchema.parse({
      targets: { kind: "soft", softLength: "frames", padding: "uniform" },
      ...over,
      model: { context: { radius: 1, hidden: [3], vocabulary, transpose: false } },
      training: { engine: "tfjs" },
      report: { alignmentEpochs: [] },
    });
  const engineOf = (cfg: Config) => {
    const set = prepareSet(segments, cfg);
    return createEngine("tfjs", { cfg, seed: 2, train: set, val: set });
  };

  it("weights chord rows by quality as dChord does and N rows by 1: hand-derived weights give the engine's loss", () => {
    const cfg = config({ loss: { kind: "softDtw", gamma: 0.5, classBalance: 1 } });
    const sequences = contextTargets(segments, cfg, vocabularyOf("majmin")).sequences.map((q) => Array.from(q));
    expect(sequences).toEqual([[0, 0, 12, 12, 24, 24], [5, 5, 17, 17, 5, 5]]);
    const engine = engineOf(cfg);
    const got = engine.gradients([0, 1], epochSchedule(1, cfg.loss)).value;
    const weights = engine.snapshot() as ContextWeights;
    engine.dispose();
    // 6 major rows, 4 minor rows (N left out): s = 0.6, 0.4; β = 1 gives w = 1/(2s) = 5/6 and 5/4; N 1
    const hand = [...new Array(12).fill(5 / 6), ...new Array(12).fill(5 / 4), 1];
    const lossWith = (classWeights?: number[]) =>
      tf.tidy(() => {
        const logits = tf.tensor3d(segments.map((s) => referenceLogits(weights, s.chroma, 12, 1)));
        const onehot = tf.oneHot(tf.tensor2d(sequences, undefined, "int32"), 25).toFloat() as tf.Tensor3D;
        return lossOfLogits(logits, { kind: "softDtw", targets: onehot }, { loss: cfg.loss, gamma: 0.5, ...(classWeights ? { classWeights } : {}) }).dataSync()[0];
      });
    const want = lossWith(hand);
    expect(Math.abs(got - want) / Math.abs(want)).toBeLessThan(1e-4);
    // and the weights matter here: the unweighted loss is another number
    expect(Math.abs(lossWith() - want) / Math.abs(want)).toBeGreaterThan(1e-3);
  });

  it("loss.adaptiveBalance: β moved to 0.4 trains as an engine built with 0.4, validation keeps the configured β; sevenths has no feedback", () => {
    const at = epochSchedule(1, config({ loss: { kind: "softDtw", gamma: 0.5 } }).loss);
    const moved = engineOf(config({ loss: { kind: "softDtw", gamma: 0.5, classBalance: 1.5, adaptiveBalance: { rate: 0.1 } } }));
    const valBefore = moved.validate().loss;
    moved.setClassBalance!(0.4);
    const built = engineOf(config({ loss: { kind: "softDtw", gamma: 0.5, classBalance: 0.4 } }));
    const other = engineOf(config({ loss: { kind: "softDtw", gamma: 0.5, classBalance: 1.5 } }));
    const [a, b, c] = [moved, built, other].map((e) => e.gradients([0, 1], at).value);
    expect(Math.abs(a - b) / Math.abs(b)).toBeLessThan(1e-6);
    expect(Math.abs(c - b) / Math.abs(b)).toBeGreaterThan(1e-3); // β matters here: the comparison can fail
    expect(moved.validate().loss).toBe(valBefore);
    [moved, built, other].forEach((e) => e.dispose());
    const sevenths = engineOf(config({ loss: { kind: "softDtw", gamma: 0.5 } }, "sevenths"));
    expect(sevenths.setClassBalance).toBeUndefined();
    sevenths.dispose();
  });

  it("β = 0 trains as without the option; sevenths and BCE are refused in one line naming the key", () => {
    const plain = engineOf(config({ loss: { kind: "softDtw", gamma: 0.5 } }));
    const zeroCfg = config({ loss: { kind: "softDtw", gamma: 0.5, classBalance: 0 } });
    const zero = engineOf(zeroCfg);
    expect(zero.gradients([0, 1], epochSchedule(1, zeroCfg.loss)).value).toBe(plain.gradients([0, 1], epochSchedule(1, zeroCfg.loss)).value);
    [plain, zero].forEach((e) => e.dispose());
    expect(() => engineOf(config({ loss: { kind: "softDtw", classBalance: 0.5 } }, "sevenths"))).toThrow(
      /^loss\.classBalance with the context model needs model\.context\.vocabulary majmin .*not sevenths$/,
    );
    expect(() => engineOf(config({ loss: { kind: "bce", classBalance: 0.5 }, targets: { kind: "strong" } }))).toThrow(/loss\.classBalance .*loss\.kind bce set it to 0$/);
  });
});

describe("BCE with chords outside the vocabulary", () => {
  it("leaves their frames out: the engine's loss is the BCE of the other frames, from the definition", () => {
    const X = OUT_OF_VOCABULARY;
    const base = plantedSegments({ segments: 2, frames: 6, seed: 3 });
    const labels = [Int16Array.from([-1, 30, X, 30, 50, X]), Int16Array.from([X, X, 2, 2, 60 - 1, -1])];
    const segments = base.map((s, i) => ({ ...s, trainLabels: labels[i] }));
    const cfg = ConfigSchema.parse({ loss: { kind: "bce" }, model: { context: { radius: 1, hidden: [3], vocabulary: "sevenths" } }, training: { engine: "tfjs" } });
    const set = prepareSet(segments, cfg);
    const engine = createEngine("tfjs", { cfg, seed: 2, train: set, val: set });
    const got = engine.gradients([0, 1], epochSchedule(1, cfg.loss)).value;
    const weights = engine.snapshot() as ContextWeights;
    engine.dispose();
    // −1/(61·named frames) Σ over named frames and classes of y·log p + (1−y)·log(1−p), p = softmax, clipped
    let sum = 0;
    let named = 0;
    segments.forEach((s, i) => {
      referenceLogits(weights, s.chroma, 12, 1).forEach((z, t) => {
        const c = labels[i][t];
        if (c === X) return;
        named++;
        const target = c === -1 ? 60 : c;
        const max = Math.max(...z);
        const e = z.map((v) => Math.exp(v - max));
        const total = e.reduce((a, b) => a + b, 0);
        e.forEach((v, k) => {
          const p = Math.min(1 - BCE_EPSILON, Math.max(BCE_EPSILON, v / total));
          sum += k === target ? Math.log(p) : Math.log(1 - p);
        });
      });
    });
    expect(named).toBe(8);
    const want = -sum / (61 * named);
    expect(Math.abs(got - want) / want).toBeLessThan(1e-4);
  });
});

describe("model.context in the config", () => {
  it("is absent by default, so an earlier config resolves (and hashes) as before", () => {
    const cfg = ConfigSchema.parse({});
    expect(JSON.stringify(cfg.model)).toBe(JSON.stringify({ sharedTemplates: true, temperature: 1, initNoise: 0.01 }));
  });

  it("needs training.engine tfjs, and says so", () => {
    const parsed = ConfigSchema.safeParse({ model: { context: {} } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].path).toEqual(["training", "engine"]);
    expect(ConfigSchema.parse({ model: { context: {} }, training: { engine: "tfjs" } }).model.context).toEqual({ radius: 7, hidden: [128, 64], vocabulary: "majmin", transpose: true });
  });
});

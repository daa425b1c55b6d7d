/**
 * The context network on the log-frequency input (model.context.input: logfreq): the config
 * (absent input = chroma, unchanged JSON; logfreq defaults), the layer widths (bins·(2r+1)), the
 * transposition as a zero-filled shift of 3 bins per semitone, the engine's gradients against
 * finite differences of its own loss on a planted log-frequency input, and class saliency (a
 * linear network's saliency is its weights summed over frame offsets).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useWasmBackend } from "../helpers/tf.js";
import { ConfigSchema, type Config } from "../../src/config/schema.js";
import { classSaliency, initialContextWeights, inputWidth, layerWidths, type ContextWeights } from "../../src/model/context.js";
import { prepareSet } from "../../src/training/batches.js";
import { createEngine } from "../../src/training/engines/index.js";
import { logFreqShift, transposeInput } from "../../src/training/engines/context.js";
import { epochSchedule } from "../../src/training/schedule.js";
import { createRng } from "../../src/util/random.js";
import { relativeError } from "../losses/reference.js";
import { plantedSegments } from "../training/fixtures.js";
import { kinkAwareGradientCheck } from "../helpers/contextReference.js";

beforeAll(useWasmBackend);

const parse = (context: Record<string, unknown>) => ConfigSchema.parse({ model: { context }, training: { engine: "tfjs" }, report: { alignmentEpochs: [] } });

describe("model.context.input", () => {
  it("absent: the context config resolves to exactly the keys it had before (no input, no logfreq)", () => {
    expect(JSON.stringify(parse({}).model.context)).toBe(JSON.stringify({ radius: 7, hidden: [128, 64], vocabulary: "majmin", transpose: true }));
  });

  it("logfreq: its settings are filled with their defaults (C2…B7, 3 bins per semitone, FFT 8192)", () => {
    const c = parse({ input: "logfreq" }).model.context!;
    expect(c.logfreq).toEqual({ binsPerSemitone: 3, minMidi: 36, maxMidi: 107, windowLength: 8192 });
    expect(inputWidth(c)).toBe(72 * 3);
    expect(layerWidths(c, 25)).toEqual([216 * 15, 128, 64, 25]);
    expect(parse({ input: "logfreq", logfreq: { minMidi: 48 } }).model.context!.logfreq!.minMidi).toBe(48);
  });

  it("logfreq settings without input: logfreq are refused, naming the key", () => {
    const parsed = ConfigSchema.safeParse({ model: { context: { logfreq: {} } }, training: { engine: "tfjs" } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].path).toEqual(["model", "context", "logfreq"]);
  });
});

describe("transposition of the log-frequency input", () => {
  it("draws 0…5 go up, 6…11 down by 12 − draw semitones", () => {
    expect([0, 1, 5, 6, 7, 11].map(logFreqShift)).toEqual([0, 1, 5, -6, -5, -1]);
  });

  it("is a shift by 3 bins per semitone with zeros entering at the edge (not circular)", () => {
    // 2 frames of 9 bins (3 semitones × 3), values 1…18
    const x = Float32Array.from({ length: 18 }, (_, i) => i + 1);
    const up = transposeInput(x, 1, { width: 9, binsPerSemitone: 3 }, new Float32Array(18));
    expect(Array.from(up)).toEqual([0, 0, 0, 1, 2, 3, 4, 5, 6, 0, 0, 0, 10, 11, 12, 13, 14, 15]);
    const down = transposeInput(x, 11, { width: 9, binsPerSemitone: 3 }, new Float32Array(18));
    expect(Array.from(down)).toEqual([4, 5, 6, 7, 8, 9, 0, 0, 0, 13, 14, 15, 16, 17, 18, 0, 0, 0]);
    // chroma (no binsPerSemitone): the rotation of before
    const chroma = Float32Array.from({ length: 12 }, (_, i) => i);
    expect(Array.from(transposeInput(chroma, 1, { width: 12 }, new Float32Array(12)))).toEqual([11, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

describe("context engine gradients on the log-frequency input", () => {
  // 4 semitones × 3 bins = 12 bins; the input is a random non-negative spectrogram unrelated to the chroma
  const logfreq = { binsPerSemitone: 3, minMidi: 60, maxMidi: 63, windowLength: 1024 };
  const width = 12;
  const rng = createRng(9, 1);
  const segments = plantedSegments({ segments: 4, frames: 10, seed: 6, noise: 0.15, meanDuration: 4, emptyShare: 0 }).map((s) => ({
    ...s,
    trainLabels: s.trainLabels.map((c, t) => (t % 5 === 2 ? -1 : c)),
    // the chroma is zeroed: a gradient that read the chroma instead of the input would be 0 for the first layer
    chroma: new Float32Array(s.chroma.length),
    input: Float32Array.from({ length: 10 * width }, () => rng.next()),
  }));
  const config = (over: Record<string, unknown>): Config =>
    ConfigSchema.parse({ ...over, model: { context: { radius: 1, hidden: [4], input: "logfreq", logfreq } }, training: { engine: "tfjs" }, report: { alignmentEpochs: [] } });
  const cases = [
    { name: "bce", over: { loss: { kind: "bce" } } },
    { name: "soft-DTW", over: { loss: { kind: "softDtw", gamma: 0.5 }, targets: { kind: "soft", softLength: 8 } } },
    { name: "ctc", over: { loss: { kind: "ctc" }, targets: { kind: "soft", padding: "none" } } },
  ];

  it.each(cases)("$name: the engine's gradient matches finite differences of its loss", ({ over }) => {
    const cfg = config(over);
    const set = prepareSet(segments, cfg);
    const engine = createEngine("tfjs", { cfg, seed: 5, train: set, val: set });
    const at = epochSchedule(1, cfg.loss);
    const indices = [0, 2, 3];
    const start = engine.snapshot() as ContextWeights;
    expect(start.layers[0].weights.length).toBe(width * 3);
    const inputs = indices.map((i) => set.segments[i].input!);
    const { parameters, compared, analytic, fd } = kinkAwareGradientCheck(engine, indices, at, inputs, width, 1);
    engine.dispose();
    expect(compared.length).toBeGreaterThan(0.8 * parameters);
    // the first layer's gradient is not zero: the engine read the input, not the zeroed chroma
    const firstLayer = width * 3 * 4;
    expect(Math.max(...analytic.slice(0, firstLayer).map(Math.abs))).toBeGreaterThan(1e-3);
    expect(relativeError(analytic, fd)).toBeLessThan(1e-2);
  });
});

describe("class saliency", () => {
  it("of a linear network (hidden: []) is its weights summed over frame offsets, for every frame of the class", () => {
    const context = parse({ radius: 2, hidden: [], input: "logfreq", logfreq: { binsPerSemitone: 3, minMidi: 60, maxMidi: 61, windowLength: 1024 } }).model.context!;
    const weights = initialContextWeights(context, { seed: 3, withBlank: false });
    const width = 6;
    const rng = createRng(4, 2);
    const labels = Int16Array.from([0, 0, 24, 13, 13, 13, -1]); // -1: skipped
    const input = Float32Array.from({ length: labels.length * width }, () => rng.next());
    const s = classSaliency(context, weights, [{ input, labels }]);
    expect(s.counts.filter((n, c) => n > 0 && c !== 0 && c !== 13 && c !== 24)).toEqual([]);
    expect([s.counts[0], s.counts[13], s.counts[24]]).toEqual([2, 3, 1]);
    const W = weights.layers[0].weights; // [6·5][25]
    for (const c of [0, 13, 24]) {
      const expected = Array.from({ length: width }, (_, d) => [0, 1, 2, 3, 4].reduce((a, o) => a + W[o * width + d][c], 0));
      expect(relativeError(s.values[c], expected)).toBeLessThan(1e-5);
    }
    expect(s.values[5]).toEqual(new Array(width).fill(0)); // a class without frames
  });
});

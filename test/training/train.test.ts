import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { useWasmBackend } from "../helpers/tf.js";
import { ConfigSchema } from "../../src/config/schema.js";
import { train } from "../../src/training/train.js";
import { prepareSet } from "../../src/training/batches.js";
import { createEngine } from "../../src/training/engines/index.js";
import { epochSchedule } from "../../src/training/schedule.js";
import { createDChord, predictClasses, tfjsScorer, type DChord } from "../../src/model/index.js";
import { pooledScores } from "../../src/evaluation/index.js";
import type { EpochRecord, TrainResult } from "../../src/training/index.js";
import { plantedSegments } from "./fixtures.js";

beforeAll(useWasmBackend);

const segments = plantedSegments({ segments: 16, frames: 60, seed: 3, noise: 0.15, meanDuration: 10 });
const data = { train: segments.slice(0, 12), val: segments.slice(12) };
const config = (over: Record<string, unknown> = {}) =>
  ConfigSchema.parse({ training: { epochs: 6 }, report: { alignmentEpochs: [] }, ...over });
const withoutSeconds = (h: EpochRecord[]) => h.map(({ seconds: _s, ...rest }) => rest);
const fingerprint = (r: TrainResult) =>
  JSON.stringify({ best: r.best, last: r.last, bestEpoch: r.bestEpoch, history: withoutSeconds(r.history), alignments: r.alignments });

function f1(model: TrainResult["model"] | DChord, set: typeof segments): number {
  const estimates = predictClasses("engine" in model ? model : tfjsScorer(model), set);
  return pooledScores(set.map((s, k) => ({ song: s.song, reference: s.labels, estimate: estimates[k] }))).f;
}

describe("train: bookkeeping", () => {
  it("is deterministic: same config and seed give byte-identical weights and history", async () => {
    const ctcPrior = { loss: { kind: "ctc", ctcPriorScale: 1 }, targets: { kind: "soft", padding: "none" }, training: { epochs: 6, selectBy: "valSequenceAccuracy" } };
    for (const loss of [{ loss: { kind: "bce" } }, { loss: { kind: "softDtw" }, targets: { kind: "soft" } }, ctcPrior]) {
      const cfg = config({ ...loss, report: { alignmentEpochs: ["first", "best", "last"] } });
      const a = await train(data, cfg, { seed: 4 });
      const b = await train(data, cfg, { seed: 4 });
      const c = await train(data, cfg, { seed: 5 });
      expect(fingerprint(a)).toBe(fingerprint(b));
      expect(fingerprint(a)).not.toBe(fingerprint(c));
      [a, b, c].forEach((r) => r.model.dispose());
    }
  });

  it.each(["js", "tfjs"] as const)("keeps the parameters of the epoch with the lowest validation loss (earliest on ties) and returns the model at them (engine %s)", async (engine) => {
    const cfg = config({ training: { epochs: 12, learningRate: 2, engine } }); // overshoots after epoch 3
    const r = await train(data, cfg, { seed: 1 });
    const losses = r.history.map((h) => h.valLoss);
    expect(r.history.map((h) => h.epoch)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(r.bestEpoch).toBe(losses.indexOf(Math.min(...losses)) + 1);
    expect(r.bestEpoch).toBeLessThan(12); // this seed overshoots late, so best ≠ last is exercised
    expect(r.best).not.toEqual(r.last);
    expect(r.selectedBy).toBe("valLoss");
    expect(r.model.engine).toBe(engine);
    // the returned model predicts as the best epoch's validation F says
    const sets = { train: prepareSet(data.train, cfg), val: prepareSet(data.val, cfg) };
    const estimates = predictClasses(r.model, data.val);
    expect(f1(r.model, data.val)).toBe(r.history[r.bestEpoch - 1].valF);
    expect(estimates.length).toBe(data.val.length);
    // validation with tfjs ops at the best weights: the very number recorded (engine tfjs), or the
    // float64 js computation's to float32 precision (engine js)
    const tfjs = createEngine("tfjs", { cfg: config({ training: { engine: "tfjs" } }), seed: 9, ...sets });
    tfjs.restore(r.best);
    const again = tfjs.validate();
    if (engine === "tfjs") expect(again.loss).toBe(r.history[r.bestEpoch - 1].valLoss);
    // (tfjs evaluates each log(1 − p) in float32: absolute errors of a few 2^-24 ≈ 6e-8 per term)
    else expect(Math.abs(again.loss - r.history[r.bestEpoch - 1].valLoss)).toBeLessThan(1e-6 + 1e-5 * Math.abs(again.loss));
    expect(again.f).toBe(r.history[r.bestEpoch - 1].valF);
    tfjs.dispose();
    r.model.dispose();
  });

  it("reports every epoch, the parameter count, and selects the last epoch without validation segments", async () => {
    const seen: number[] = [];
    const r = await train({ train: data.train, val: [] }, config({ loss: { kind: "bce" } }), { seed: 1, onEpoch: (e) => seen.push(e.epoch) });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.selectedBy).toBe("last");
    expect(r.bestEpoch).toBe(6);
    expect(r.best).toEqual(r.last);
    expect(Number.isNaN(r.history[0].valLoss)).toBe(true);
    expect(r.parameterCount).toBe(25);
    r.model.dispose();
  });

  it("gives a CTC model the blank score as a 26th parameter", async () => {
    const r = await train(data, config({ loss: { kind: "ctc" }, training: { epochs: 2 } }), { seed: 1 });
    expect(r.parameterCount).toBe(26);
    expect(typeof r.best.blank).toBe("number");
    expect(r.best.blank).not.toBe(0);
    expect(r.history.every((h) => Number.isFinite(h.trainLoss) && Number.isFinite(h.valLoss))).toBe(true);
    r.model.dispose();
  });

  it("counts segments without chords as skipped for soft-DTW", async () => {
    const empty = { ...segments[0], index: 99, trainLabels: new Int16Array(60).fill(-1) };
    const r = await train({ train: [...data.train, empty], val: [...data.val, empty] }, config({ loss: { kind: "softDtw" }, targets: { kind: "soft" }, training: { epochs: 1 } }), { seed: 1 });
    expect(r.skipped).toEqual({ train: 1, val: 1 });
    r.model.dispose();
  });

  it("stops with an AbortError between steps when the signal fires, leaking nothing", async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const seen: number[] = [];
    const run = train(data, config({ training: { epochs: 50 } }), {
      seed: 1,
      signal: controller.signal,
      onEpoch: (e) => {
        seen.push(e.epoch);
        if (e.epoch === 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: "AbortError" });
    expect(seen).toEqual([1, 2]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("a γ schedule that starts at γ changes nothing; one that starts higher changes the training loss, not the validation γ", async () => {
    const soft = { loss: { kind: "softDtw", gamma: 0.3 }, targets: { kind: "soft" }, training: { epochs: 3 } };
    const plain = await train(data, config(soft), { seed: 2 });
    const flat = await train(data, config({ ...soft, loss: { ...soft.loss, gammaSchedule: { start: 0.3, constEpochs: 1, decayEpochs: 1 } } }), { seed: 2 });
    const high = await train(data, config({ ...soft, loss: { ...soft.loss, gammaSchedule: { start: 5, constEpochs: 1, decayEpochs: 1 } } }), { seed: 2 });
    expect(fingerprint(flat)).toBe(fingerprint(plain));
    // soft-min with a large γ is far below the hard minimum: the epoch-1 training loss drops a lot
    expect(high.history[0].trainLoss).toBeLessThan(plain.history[0].trainLoss - 10);
    // the validation loss is always at the final γ, so it stays on the same scale
    expect(Math.abs(high.history[2].valLoss - plain.history[2].valLoss)).toBeLessThan(0.5 * plain.history[2].valLoss);
    [plain, flat, high].forEach((r) => r.model.dispose());
  });
});

describe("train: tensors", () => {
  it("leaks no tensor in a tfjs step, and only the returned model's after train(); the js engine makes none", async () => {
    const cfg = config({ training: { engine: "tfjs" } });
    const set = prepareSet(data.train, cfg);
    const engine = createEngine("tfjs", { cfg, seed: 1, train: set, val: set });
    const at = { ...epochSchedule(1, cfg.loss), gamma: 0.3 };
    engine.step([0, 1, 2], at);
    const before = tf.memory().numTensors;
    const loss = engine.step([3, 4, 5, 6, 7], at);
    engine.validate();
    expect(Number.isFinite(loss)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    engine.dispose();

    for (const over of [{}, { loss: { kind: "softDtw" }, targets: { kind: "soft" }, report: { alignmentEpochs: ["first", 2, "best", "last"] } }]) {
      const start = tf.memory().numTensors;
      const r = await train(data, config({ ...over, training: { epochs: 6, engine: "tfjs" } }), { seed: 1 });
      expect(tf.memory().numTensors).toBeGreaterThan(start);
      r.model.dispose();
      expect(tf.memory().numTensors).toBe(start);
      const js = await train(data, config(over), { seed: 1 });
      expect(tf.memory().numTensors).toBe(start);
      js.model.dispose();
    }
  });
});

describe("train: soft alignments", () => {
  it("records ∂softDTW/∂C of the first validation segment at first, numbered, best and last epochs", async () => {
    const cfg = config({ loss: { kind: "softDtw" }, targets: { kind: "soft", softLength: 16 }, report: { alignmentEpochs: ["first", 3, 99, "best", "last"] } });
    const r = await train(data, cfg, { seed: 1 });
    const tags = r.alignments.map((a) => `${a.which}@${a.epoch}`);
    expect(tags).toContain("first@1");
    expect(tags).toContain("epoch@3");
    expect(tags).toContain(`best@${r.bestEpoch}`);
    expect(tags).toContain("last@6");
    expect(tags.some((t) => t.endsWith("@99"))).toBe(false);
    for (const a of r.alignments) {
      expect([a.song, a.segment]).toEqual([data.val[0].song, data.val[0].index]);
      expect([a.rows, a.cols, a.E.length, a.targets.length]).toEqual([16, 60, 16 * 60, 16]);
      expect(a.path[0]).toEqual([0, 0]);
      expect(a.path.at(-1)).toEqual([15, 59]);
      // E is the expected cell occupancy of the soft alignment: every path visits each frame at least once
      for (let j = 0; j < 60; j++) {
        let col = 0;
        for (let i = 0; i < 16; i++) col += a.E[i * 60 + j];
        expect(col).toBeGreaterThan(1 - 1e-6);
      }
      // the hard path runs through cells of high soft occupancy
      const mean = a.E.reduce((s, e) => s + e, 0) / a.E.length;
      const onPath = a.path.reduce((s, [i, j]) => s + a.E[i * 60 + j], 0) / a.path.length;
      expect(onPath).toBeGreaterThan(4 * mean);
    }
    r.model.dispose();
  });
});

describe("train: plant and recover", () => {
  const planted = plantedSegments({ segments: 24, frames: 80, seed: 3, noise: 0.15, meanDuration: 12 });
  const test = plantedSegments({ segments: 6, frames: 80, seed: 4, noise: 0.15, meanDuration: 12 });
  const top3 = (v: number[]) => v.map((x, k) => [x, k]).sort((a, b) => b[0] - a[0]).slice(0, 3).map((p) => p[1]).sort((a, b) => a - b);

  it.each([
    { name: "BCE on strong targets", over: { loss: { kind: "bce" } } },
    { name: "soft-DTW on soft targets (length 16)", over: { loss: { kind: "softDtw" }, targets: { kind: "soft", softLength: 16 } } },
    { name: "CTC on reduced sequences", over: { loss: { kind: "ctc" } } },
  ])("$name recovers the planted triads from a scrambled start", async ({ over }) => {
    const cfg = config({ ...over, model: { initNoise: 0.8 }, training: { epochs: 30 } });
    const init = createDChord(cfg.model, { seed: 1 });
    const start = init.snapshot();
    expect(top3(start.major)).not.toEqual([0, 4, 7]);
    expect(f1(init, test)).toBeLessThan(0.5);
    init.dispose();
    const r = await train({ train: planted.slice(0, 18), val: planted.slice(18) }, cfg, { seed: 1 });
    expect(f1(r.model, test)).toBeGreaterThan(0.9);
    expect(top3(r.best.major)).toEqual([0, 4, 7]);
    expect(top3(r.best.minor)).toEqual([0, 3, 7]);
    // the planted major profile has root > fifth > third; the learned template keeps that order
    expect(r.best.major[0]).toBeGreaterThan(r.best.major[7]);
    expect(r.best.major[7]).toBeGreaterThan(r.best.major[4]);
    r.model.dispose();
  });
});

/**
 * What training computes is what the config asks for: each loss option reaches the kernel, and
 * validation uses the final γ where the scheduled γ differs. The expected values come from a direct
 * call of the library (softDtw / softDtwDivergence on a cost matrix built here, ctcLoss) on the
 * model's own outputs, never from the training code.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { ConfigSchema, type Config } from "../../src/config/schema.js";
import { train } from "../../src/training/train.js";
import { lossOfLogits } from "../../src/training/engines/tfjsLoss.js";
import { createDChord, tfjsScorer, type ChordScorer, type DChord } from "../../src/model/index.js";
import { softDtw, softDtwDivergence, ctcLoss } from "../../src/losses/index.js";
import { softTargets } from "../../src/dataset/targets.js";
import type { Segment } from "../../src/dataset/types.js";
import { useWasmBackend } from "../helpers/tf.js";
import { plantedSegments } from "../training/fixtures.js";

beforeAll(useWasmBackend);

const segments = plantedSegments({ segments: 9, frames: 40, seed: 11, noise: 0.15, meanDuration: 8 });
const data = { train: segments.slice(0, 6), val: segments.slice(6) };
const config = (loss: Record<string, unknown>) =>
  ConfigSchema.parse({
    loss: { kind: "softDtw", gamma: 0.3, ...loss },
    targets: { kind: "soft", softLength: 12, overflow: "truncate" },
    // One batch holding every training segment: the epoch-1 training loss is the loss of the initial model.
    training: { epochs: 1, batchSize: 6, learningRate: 0.05 },
    report: { alignmentEpochs: [] },
  });

/** Mean over `set` of the soft-DTW (or divergence) of softmax(model) against one-hot soft targets, computed here. */
function directSoftDtw(model: DChord | ChordScorer, set: readonly Segment[], cfg: Config, gamma: number): number {
  const scorer = "engine" in model ? model : tfjsScorer(model);
  // the model's logits of each segment, then the softmax here
  const probs = set.map((s) => {
    const logits = scorer.logits(s.chroma);
    return Array.from({ length: s.labels.length }, (_, t) => {
      const row = Array.from(logits.subarray(t * scorer.outputs, (t + 1) * scorer.outputs));
      const m = Math.max(...row);
      const e = row.map((v) => Math.exp(v - m));
      const z = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / z);
    });
  });
  const { band, normalize, stepWeights, divergence } = cfg.loss;
  const values = set.map((s, b) => {
    const sequence = softTargets(s.trainLabels, cfg.targets, { song: s.song, segment: s.index }).sequence;
    const y = Array.from(sequence, (c) => Array.from({ length: 24 }, (_, k) => (k === c ? 1 : 0)));
    const x = probs[b];
    if (divergence) return softDtwDivergence(x, y, { gamma, band, normalize, stepWeights }).value;
    const cost = y.map((yi) => x.map((xj) => xj.reduce((sum, v, k) => sum + (yi[k] - v) ** 2, 0)));
    return softDtw(cost, { gamma, band, normalize, stepWeights }).value;
  });
  return values.reduce((a, b) => a + b, 0) / values.length;
}

const relClose = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThan(2e-5 * Math.max(1, Math.abs(expected)));

describe("soft-DTW options reach the kernel (train and validation)", () => {
  const base = config({});
  const cases: [string, Record<string, unknown>][] = [
    ["band", { band: 0.1 }],
    ["normalize", { normalize: "n+m" }],
    ["stepWeights", { stepWeights: [1, 0, 1] }],
    ["divergence", { divergence: true }],
  ];
  it.each(cases)("%s", async (_name, option) => {
    const cfg = config(option);
    const initial = createDChord(cfg.model, { seed: 5, withBlank: false });
    const r = await train(data, cfg, { seed: 5 });
    try {
      const expectedTrain = directSoftDtw(initial, data.train, cfg, 0.3);
      // The option matters here: without it the value would be another one.
      expect(Math.abs(expectedTrain - directSoftDtw(initial, data.train, base, 0.3))).toBeGreaterThan(1e-3 * Math.abs(expectedTrain));
      relClose(r.history[0].trainLoss, expectedTrain);
      relClose(r.history[0].valLoss, directSoftDtw(r.model, data.val, cfg, 0.3));
    } finally {
      initial.dispose();
      r.model.dispose();
    }
  });
});

describe("validation uses the final γ, not the epoch's scheduled γ", () => {
  it("at epoch 1 of a schedule starting at γ0 = 5 (final γ = 0.3)", async () => {
    const cfg = config({ gammaSchedule: { start: 5, constEpochs: 2, decayEpochs: 2 } });
    const initial = createDChord(cfg.model, { seed: 5, withBlank: false });
    const r = await train(data, cfg, { seed: 5 });
    try {
      const atFinal = directSoftDtw(r.model, data.val, cfg, 0.3);
      const atScheduled = directSoftDtw(r.model, data.val, cfg, 5);
      expect(Math.abs(atFinal - atScheduled)).toBeGreaterThan(0.1 * Math.abs(atFinal));
      relClose(r.history[0].valLoss, atFinal);
      // …while the training loss of that epoch does use the scheduled γ.
      relClose(r.history[0].trainLoss, directSoftDtw(initial, data.train, cfg, 5));
    } finally {
      initial.dispose();
      r.model.dispose();
    }
  });
});

describe("CTC zeroInfinity reaches the kernel", () => {
  // Seven distinct labels cannot be aligned to three frames: CTC is infeasible.
  const labels = [[0, 1, 2, 3, 4, 5, 6]];
  it.each([true, false])("zeroInfinity = %s", (zeroInfinity) => {
    const cfg = ConfigSchema.parse({ loss: { kind: "ctc", zeroInfinity } });
    const logits = tf.tensor3d([[Array.from({ length: 25 }, (_, k) => k / 25), Array(25).fill(0), Array(25).fill(0.5)]]);
    const logProbs = tf.tidy(() => tf.logSoftmax(logits).arraySync() as number[][][]);
    const expected = ctcLoss(logProbs[0], labels[0], { blank: 24, zeroInfinity }).value / labels[0].length;
    expect(expected).toBe(zeroInfinity ? 0 : Infinity);
    const value = tf.tidy(() => lossOfLogits(logits, { kind: "ctc", labels }, { loss: cfg.loss, gamma: cfg.loss.gamma }).dataSync()[0]);
    expect(value).toBe(expected);
    logits.dispose();
  });
});

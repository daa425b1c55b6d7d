import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { useWasmBackend } from "../helpers/tf.js";
import { ConfigSchema } from "../../src/config/schema.js";
import { createAdam } from "../../src/training/adam.js";
import { gammaAt } from "../../src/training/schedule.js";
import { epochBatches, prepareSet, selectBatch } from "../../src/training/batches.js";
import { bce } from "../../src/training/engines/tfjsLoss.js";
import { createRng } from "../../src/util/random.js";
import { plantedSegments } from "./fixtures.js";

beforeAll(useWasmBackend);

const adamCfg = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

describe("createAdam", () => {
  it("moves each parameter by ≈ lr·sign(g) on the first step (bias correction)", () => {
    const adam = createAdam(3, adamCfg);
    const p = Float64Array.from([1, 1, 1]);
    adam.update(p, [2, -0.5, 0]);
    expect(p[0]).toBeCloseTo(0.9, 6);
    expect(p[1]).toBeCloseTo(1.1, 6);
    expect(p[2]).toBe(1);
    expect(adam.steps).toBe(1);
  });

  it("matches a hand-computed second step and keeps values float32", () => {
    const adam = createAdam(1, adamCfg);
    const p = Float64Array.from([0]);
    adam.update(p, [1]);
    adam.update(p, [3]);
    // m = 0.1·0.9 + 0.1·3 = 0.39, v = 0.001·0.999 + 0.001·9 = 0.009999; m̂ = 0.39/0.19, v̂ = 0.009999/0.001999
    const step2 = (0.1 * (0.39 / 0.19)) / (Math.sqrt(0.009999 / 0.001999) + 1e-8);
    expect(p[0]).toBeCloseTo(Math.fround(-0.1) - step2, 6);
    expect(p[0]).toBe(Math.fround(p[0]));
  });

  it("minimises a quadratic", () => {
    const adam = createAdam(2, adamCfg);
    const p = Float64Array.from([3, -2]);
    for (let i = 0; i < 500; i++) adam.update(p, [2 * (p[0] - 1), 2 * (p[1] + 0.5)]);
    expect(p[0]).toBeCloseTo(1, 2);
    expect(p[1]).toBeCloseTo(-0.5, 2);
  });
});

describe("gammaAt", () => {
  const schedule = { gamma: 0.1, gammaSchedule: { start: 10, constEpochs: 10, decayEpochs: 10 } };
  it.each([
    { epoch: 1, want: 10 },
    { epoch: 10, want: 10 },
    { epoch: 11, want: 10 - 0.99 },
    { epoch: 15, want: 5.05 },
    { epoch: 20, want: 0.1 },
    { epoch: 200, want: 0.1 },
  ])("γ0 for constEpochs, then linear to γ over decayEpochs: epoch $epoch → $want", ({ epoch, want }) => {
    expect(gammaAt(epoch, schedule)).toBeCloseTo(want, 12);
  });
  it("is constant without a schedule and jumps when decayEpochs is 0", () => {
    expect(gammaAt(7, { gamma: 0.3 })).toBe(0.3);
    const jump = { gamma: 0.3, gammaSchedule: { start: 2, constEpochs: 3, decayEpochs: 0 } };
    expect([gammaAt(3, jump), gammaAt(4, jump)]).toEqual([2, 0.3]);
  });
});

describe("epochBatches", () => {
  it("covers every index once per epoch in batches of batchSize, reshuffled each epoch", () => {
    const rng = createRng(5, 1);
    const a = epochBatches(43, 5, rng);
    const b = epochBatches(43, 5, rng);
    expect(a.map((x) => x.length)).toEqual([5, 5, 5, 5, 5, 5, 5, 5, 3]);
    expect(a.flat().sort((x, y) => x - y)).toEqual(Array.from({ length: 43 }, (_, i) => i));
    expect(a.flat()).not.toEqual(b.flat());
    expect(epochBatches(43, 5, createRng(5, 1))).toEqual(a);
  });
});

describe("prepareSet", () => {
  const segments = plantedSegments({ segments: 6, frames: 20, seed: 2, meanDuration: 4 });
  segments[1] = { ...segments[1], trainLabels: new Int16Array(20).fill(-1) }; // no chord at all
  const mixed = segments[2].trainLabels.slice();
  mixed.fill(-1, 0, 5);
  segments[2] = { ...segments[2], trainLabels: mixed };

  it("skips (and counts) segments without any chord for soft-DTW and CTC, not for BCE", () => {
    for (const [loss, skipped] of [["softDtw", 1], ["ctc", 1], ["bce", 0]] as const) {
      const cfg = ConfigSchema.parse({ loss: { kind: loss }, targets: { kind: loss === "bce" ? "strong" : "soft" } });
      const set = prepareSet(segments, cfg);
      expect(set.skipped).toBe(skipped);
      expect(set.segments.length).toBe(6 - skipped);
    }
  });

  it("builds masked one-hot strong targets and selects batches with the same rows", () => {
    const set = prepareSet(segments, ConfigSchema.parse({}));
    expect(set.targets?.kind).toBe("bce");
    const batch = selectBatch(set, [2, 0]);
    const t = batch.targets;
    if (t.kind !== "bce") throw new Error("expected bce targets");
    expect(batch.indices).toEqual([2, 0]);
    expect(t.chordFrames).toBe(15 + 20);
    expect(Array.from(t.mask.subarray(0, 6))).toEqual([0, 0, 0, 0, 0, 1]);
    const onehotRow = (item: number, frame: number) => Array.from(t.onehot.subarray((item * 20 + frame) * 24, (item * 20 + frame + 1) * 24));
    expect(onehotRow(1, 0).indexOf(1)).toBe(segments[0].trainLabels[0]);
    expect(onehotRow(0, 0).every((v) => v === 0)).toBe(true);
    expect(Array.from(batch.chroma.subarray(20 * 12, 20 * 12 + 12))).toEqual(Array.from(segments[0].chroma.subarray(0, 12)));
  });

  it("pads soft targets to softLength, counts truncations, and gives CTC the reduced sequence", () => {
    const soft = prepareSet(segments, ConfigSchema.parse({ loss: { kind: "softDtw" }, targets: { kind: "soft", softLength: 2, overflow: "truncate" } }));
    expect(soft.targets?.kind === "softDtw" && soft.targets.sequences.every((s) => s.length === 2)).toBe(true);
    expect(soft.truncated).toBeGreaterThan(0);
    const ctc = prepareSet(segments, ConfigSchema.parse({ loss: { kind: "ctc" }, targets: { kind: "soft", softLength: 2 } }));
    if (ctc.targets?.kind !== "ctc") throw new Error("expected ctc targets");
    expect(ctc.targets.labels[0].length).toBeGreaterThan(2); // never padded or truncated
    expect(ctc.targets.labels[0].some((c, i, a) => i > 0 && c === a[i - 1])).toBe(false);
  });

  it("rejects BCE on soft targets instead of silently training on strong ones", () => {
    expect(() => prepareSet(segments, ConfigSchema.parse({ loss: { kind: "bce" }, targets: { kind: "soft" } }))).toThrow(/targets.kind: strong/);
  });

  it("rejects segments of different lengths", () => {
    const short = plantedSegments({ segments: 1, frames: 10, seed: 1 });
    expect(() => prepareSet([...segments, ...short], ConfigSchema.parse({}))).toThrow(/equal length.*10 frames/);
  });
});

describe("bce", () => {
  /** The plain formula with tfjs' automatic gradient, as the reference. */
  function plainBce(logits: tf.Tensor3D, y: tf.Tensor3D, mask: tf.Tensor3D, frames: number): tf.Scalar {
    const p = tf.clipByValue(tf.softmax(logits), 1e-7, 1 - 1e-7);
    const ll = tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p))));
    return tf.div(tf.sum(tf.mul(ll, mask)), -frames * 24) as tf.Scalar;
  }

  it("equals the hand-computed value for uniform outputs", () => {
    const value = tf.tidy(() => {
      const y = tf.oneHot(tf.tensor2d([[0, 3]], [1, 2], "int32"), 24).toFloat() as tf.Tensor3D;
      return bce(tf.zeros([1, 2, 24]) as tf.Tensor3D, y, tf.tensor3d([[[1], [0]]]), 1).dataSync()[0];
    });
    // one chord frame: −[log(1/24) + 23·log(23/24)] / 24
    expect(value).toBeCloseTo(-(Math.log(1 / 24) + 23 * Math.log(23 / 24)) / 24, 6);
  });

  it("has the value and gradient of the plain formula under automatic differentiation", () => {
    const rng = createRng(3, 0);
    const logits = tf.variable(tf.tensor3d(Float32Array.from({ length: 2 * 5 * 24 }, () => 2 * rng.normal()), [2, 5, 24]));
    const labels = tf.tensor2d([[1, 2, 3, 4, 5], [6, 7, 8, 9, 23]], [2, 5], "int32");
    const y = tf.oneHot(labels, 24).toFloat() as tf.Tensor3D;
    const mask = tf.tensor3d([[[1], [1], [0], [1], [1]], [[1], [0], [1], [1], [1]]]);
    const custom = tf.variableGrads(() => bce(logits, y, mask, 8), [logits]);
    const plain = tf.variableGrads(() => plainBce(logits, y, mask, 8), [logits]);
    expect(custom.value.dataSync()[0]).toBeCloseTo(plain.value.dataSync()[0], 6);
    const a = custom.grads[logits.name].dataSync();
    const b = plain.grads[logits.name].dataSync();
    let maxDiff = 0;
    for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
    expect(maxDiff).toBeLessThan(1e-6);
    expect(Math.max(...Array.from(b, Math.abs))).toBeGreaterThan(1e-3);
    tf.dispose([logits, labels, y, mask, custom.value, plain.value, ...Object.values(custom.grads), ...Object.values(plain.grads)]);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { lossBeforeAndAfter, tfValueAndGrad, useWasmBackend } from "../helpers/tf.js";
import { tfCtcLoss } from "../../src/losses/tfCtc.js";
import { ctcLoss } from "../../src/losses/ctc.js";
import type { TfCtcLossOptions } from "../../src/losses/types.js";
import { createRng } from "../../src/util/random.js";
import { finiteDifferences, relativeError } from "./reference.js";

beforeAll(useWasmBackend);

const rng = createRng(5, 4);
const B = 3;
const T = 6;
const C = 4;
const blank = 3;
const logitsData = Float32Array.from({ length: B * T * C }, () => 1.5 * rng.normal());
const labels = [[0, 1, 1], [2], []];

/** Float64 log-softmax of one item's frames. */
function logSoftmax(z: ArrayLike<number>, frames: number): number[][] {
  return Array.from({ length: frames }, (_, t) => {
    const row = Array.from({ length: C }, (_, k) => z[t * C + k]);
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    return row.map((v) => v - lse);
  });
}

/** The per-item plain loss as a function of the item's logits (float64). */
function itemLoss(b: number, frames: number, zeroInfinity: boolean, inputs: "logits" | "logProbs"): (z: Float64Array) => number {
  return (z) => {
    const lp = inputs === "logits" ? logSoftmax(z, frames) : Array.from({ length: frames }, (_, t) => Array.from(z.subarray(t * C, (t + 1) * C)));
    return ctcLoss(lp, labels[b], { blank, zeroInfinity }).value;
  };
}

const valueAndGrad = (data: Float32Array, opts: TfCtcLossOptions) => tfValueAndGrad((x) => tfCtcLoss(x, labels, opts), data, [B, T, C]);

const combos: TfCtcLossOptions[] = [
  { blank },
  { blank, reduction: "sum" },
  { blank, inputs: "logProbs" },
  { blank, inputLengths: [6, 2, 3] },
  { blank, inputLengths: [2, 6, 1], zeroInfinity: true }, // item 0 infeasible (needs 4 frames)
];

describe("tfCtcLoss", () => {
  it.each(combos.map((c) => [JSON.stringify(c), c]))("gradient equals float64 finite differences through log-softmax (%s)", (_n, o) => {
    const opts = o as TfCtcLossOptions;
    const inputs = opts.inputs ?? "logits";
    let data = logitsData;
    if (inputs === "logProbs") {
      // feed genuine log-probabilities
      data = Float32Array.from(Array.from({ length: B }, (_, b) => logSoftmax(logitsData.subarray(b * T * C), T).flat()).flat());
    }
    const { value, grad } = valueAndGrad(data, opts);
    const lengths = opts.inputLengths ?? [T, T, T];
    const expected = new Float64Array(B * T * C);
    let total = 0;
    for (let b = 0; b < B; b++) {
      const z = Float64Array.from(data.subarray(b * T * C, b * T * C + lengths[b] * C));
      const f = itemLoss(b, lengths[b], opts.zeroInfinity ?? false, inputs);
      const scale = opts.reduction === "sum" ? 1 : 1 / (B * Math.max(1, labels[b].length));
      total += f(z) * scale;
      const fd = finiteDifferences(f, z);
      fd.forEach((g, n) => (expected[b * T * C + n] = g * scale));
    }
    expect(value).toBeCloseTo(total, 5);
    expect(relativeError(grad, expected)).toBeLessThan(1e-6);
  });

  it.each(combos.map((c) => [JSON.stringify(c), c]))("gradient matches float32 finite differences of the op (%s)", (_n, o) => {
    const opts = o as TfCtcLossOptions;
    if (opts.inputs === "logProbs") return; // perturbing log-probs one at a time is still valid, but covered above
    const { grad } = valueAndGrad(logitsData, opts);
    const fd = finiteDifferences((y) => valueAndGrad(y, opts).value, logitsData, 4e-3);
    expect(relativeError(grad, fd)).toBeLessThan(5e-3);
  });

  it("mean = each item divided by its label length (≥ 1), then averaged (PyTorch's rule); none = per item", () => {
    const x = tf.tensor3d(logitsData, [B, T, C]);
    const none = Array.from(tfCtcLoss(x, labels, { blank, reduction: "none" }).dataSync());
    const mean = tfCtcLoss(x, labels, { blank }).dataSync()[0];
    const sum = tfCtcLoss(x, labels, { blank, reduction: "sum" }).dataSync()[0];
    expect(mean).toBeCloseTo((none[0] / 3 + none[1] / 1 + none[2] / 1) / 3, 5);
    expect(sum).toBeCloseTo(none[0] + none[1] + none[2], 4);
    for (let b = 0; b < B; b++) {
      const lp = logSoftmax(logitsData.subarray(b * T * C), T);
      expect(none[b]).toBeCloseTo(ctcLoss(lp, labels[b], { blank }).value, 4);
    }
    x.dispose();
  });

  it("infeasible items: Infinity by default, 0 with zero gradient under zeroInfinity", () => {
    const x = tf.tensor3d(logitsData, [B, T, C]);
    const tooLong = [[0, 1, 2, 0, 1, 2, 0], [2], [1]];
    expect(tfCtcLoss(x, tooLong, { blank, reduction: "none" }).dataSync()[0]).toBe(Infinity);
    const z = tfCtcLoss(x, tooLong, { blank, reduction: "none", zeroInfinity: true }).dataSync();
    expect(z[0]).toBe(0);
    expect(Number.isFinite(z[1])).toBe(true);
    const g = tf.grad((p: tf.Tensor) => tfCtcLoss(p as tf.Tensor3D, tooLong, { blank, zeroInfinity: true }))(x).dataSync();
    for (let n = 0; n < T * C; n++) expect(g[n]).toBe(0);
    x.dispose();
  });

  it("leaks no tensors in a training step", () => {
    const v = tf.variable(tf.tensor3d(logitsData, [B, T, C]));
    const optimizer: tf.Optimizer = tf.train.adam(0.05);
    const step = (): void =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tfCtcLoss(v as tf.Tensor3D, labels, { blank }));
        optimizer.applyGradients(grads);
      });
    step();
    const before = tf.memory().numTensors;
    for (let k = 0; k < 3; k++) step();
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    v.dispose();
  });

  it("training lowers the loss", () => {
    const { first, last } = lossBeforeAndAfter((x) => tfCtcLoss(x, labels, { blank }), logitsData, [B, T, C], tf.train.adam(0.1), 30);
    expect(last).toBeLessThan(0.3 * first);
  });

  it("rejects bad labels, shapes and options with one-line errors", () => {
    const x = tf.tensor3d(logitsData, [B, T, C]);
    expect(() => tfCtcLoss(x, [[0], [1]], { blank })).toThrow(/one label sequence per batch item \(3\)/);
    expect(() => tfCtcLoss(x, [[0], [3], []], { blank })).toThrow(/item 1: labels\[0\] = 3 is the blank/);
    expect(() => tfCtcLoss(x, [[0], [4], []], { blank })).toThrow(/item 1: labels\[0\] = 4 is not a class index in \[0, 4\)/);
    expect(() => tfCtcLoss(x, labels, { blank: 4 })).toThrow(/blank must be an integer class index in \[0, 4\)/);
    expect(() => tfCtcLoss(x, labels, { blank, inputs: "probs" as "logits" })).toThrow(/inputs must be "logits" or "logProbs"/);
    expect(() => tfCtcLoss(x, labels, { blank, inputLengths: [1, 2, 7] })).toThrow(/inputLengths\[2\] must be an integer in \[1, 6\], got 7/);
    expect(() => tfCtcLoss(tf.zeros([2, 2]) as unknown as tf.Tensor3D, labels, { blank })).toThrow(/rank-3 tensor \[B, T, C\]/);
    x.dispose();
  });
});

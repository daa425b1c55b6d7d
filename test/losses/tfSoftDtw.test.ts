import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { lossBeforeAndAfter, tfValueAndGrad, useWasmBackend } from "../helpers/tf.js";
import { tfSoftDtwLoss } from "../../src/losses/tfSoftDtw.js";
import { softDtw } from "../../src/losses/softDtw.js";
import { softDtwDivergence } from "../../src/losses/divergence.js";
import type { TfSoftDtwLossOptions } from "../../src/losses/types.js";
import { createRng } from "../../src/util/random.js";
import { finiteDifferences, relativeError } from "./reference.js";
import { sparseRows } from "../../src/losses/sequences.js";

beforeAll(useWasmBackend);

const rng = createRng(7, 2);
const B = 3;
const T = 7;
const K = 5; // ≥ 4, so one-hot frames count as sparse
const predictionsData = Float32Array.from({ length: B * T * K }, () => rng.next());
const targetLengths = [3, 5, 1];
const denseTargets: number[][][] = targetLengths.map((L) => Array.from({ length: L }, () => Array.from({ length: K }, () => Math.fround(rng.next()))));
// one-hot targets take the sparse path (sequences.ts: sparseRows)
const oneHotTargets: number[][][] = targetLengths.map((L) =>
  Array.from({ length: L }, () => {
    const v = new Array<number>(K).fill(0);
    v[rng.int(K)] = 1;
    return v;
  }),
);
let targetsNested = denseTargets;

/** Per-item plain float64 loss and ∂/∂x of item b (x taken at the float32 predictions). */
function plainItem(b: number, length: number, opts: TfSoftDtwLossOptions): { value: number; grad: number[][] } {
  const x = Array.from({ length }, (_, t) => Array.from(predictionsData.subarray((b * T + t) * K, (b * T + t + 1) * K)));
  const y = targetsNested[b];
  const { divergence, reduction: _r, lengths: _l, ...sdtwOptions } = opts;
  if (divergence) return softDtwDivergence(x, y, sdtwOptions);
  const cost = y.map((yi) => x.map((xj) => xj.reduce((s, v, k) => s + (yi[k] - v) ** 2, 0)));
  const { value, grad: G } = softDtw(cost, sdtwOptions);
  const grad = x.map((xj, j) => xj.map((v, k) => y.reduce((s, yi, i) => s + 2 * G[i][j] * (v - yi[k]), 0)));
  return { value, grad };
}

const valueAndGrad = (data: Float32Array, opts: TfSoftDtwLossOptions) => tfValueAndGrad((x) => tfSoftDtwLoss(x, targetsNested, opts), data, [B, T, K]);

const combos: TfSoftDtwLossOptions[] = [
  { gamma: 0.3 },
  { gamma: 0.3, band: 0.1 },
  { gamma: 0.5, divergence: true },
  { gamma: 0.3, stepWeights: [1, 0, 1] },
  { gamma: 0.3, normalize: "n" },
  { gamma: 0.3, normalize: "n+m", stepWeights: [1, 1, 2], band: 0.3 },
  { gamma: 0.2, normalize: "m", divergence: true, band: 0.4 },
  { gamma: 0.3, lengths: [7, 4, 2] },
  { gamma: 0.4, lengths: [5, 7, 3], divergence: true, stepWeights: [1, 0, 1], normalize: "n" },
  { gamma: 0.3, reduction: "sum" },
];

describe.each([
  ["dense targets", denseTargets],
  ["one-hot targets (sparse path)", oneHotTargets],
])("tfSoftDtwLoss, %s", (_kind, targets) => {
  beforeAll(() => {
    targetsNested = targets;
  });
  it("takes the intended cost path", () => {
    const view = (m: number[][]) => ({ data: Float64Array.from(m.flat()), offset: 0, length: m.length });
    for (const m of targets) expect(sparseRows(view(m), K) !== undefined).toBe(targets === oneHotTargets);
  });
  it.each(combos.map((c) => [JSON.stringify(c), c]))("gradient equals the float64 gradient (%s)", (_name, opts) => {
    const { value, grad } = valueAndGrad(predictionsData, opts as TfSoftDtwLossOptions);
    const o = opts as TfSoftDtwLossOptions;
    const lengths = o.lengths ?? [T, T, T];
    const expected = new Float64Array(B * T * K);
    let total = 0;
    const scale = o.reduction === "sum" ? 1 : 1 / B;
    for (let b = 0; b < B; b++) {
      const item = plainItem(b, lengths[b], o);
      total += item.value;
      item.grad.forEach((row, t) => row.forEach((g, k) => (expected[(b * T + t) * K + k] = g * scale)));
    }
    expect(value).toBeCloseTo(total * scale, 5);
    expect(relativeError(grad, expected)).toBeLessThan(1e-6);
    // frames beyond an item's length get exactly zero gradient
    for (let b = 0; b < B; b++) for (let n = lengths[b] * K; n < T * K; n++) expect(grad[b * T * K + n]).toBe(0);
  });

  it.each(combos.map((c) => [JSON.stringify(c), c]))("gradient matches float32 finite differences (%s)", (_name, opts) => {
    const o = opts as TfSoftDtwLossOptions;
    const { grad } = valueAndGrad(predictionsData, o);
    const fd = finiteDifferences((y) => valueAndGrad(y, o).value, predictionsData, 4e-3);
    expect(relativeError(grad, fd)).toBeLessThan(5e-3);
  });
});

describe("tfSoftDtwLoss", () => {
  beforeAll(() => {
    targetsNested = denseTargets;
  });

  it("reduction none gives per-item values whose mean is the default loss; dy is applied per item", () => {
    const x = tf.tensor3d(predictionsData, [B, T, K]);
    const perItem = tfSoftDtwLoss(x, targetsNested, { gamma: 0.3, reduction: "none" });
    const mean = tfSoftDtwLoss(x, targetsNested, { gamma: 0.3 });
    expect(perItem.shape).toEqual([B]);
    const v = perItem.dataSync();
    expect(mean.dataSync()[0]).toBeCloseTo((v[0] + v[1] + v[2]) / 3, 5);
    // weighting items by w through dy: gradient = Σ_b w_b ∂loss_b/∂x
    const w = tf.tensor1d([1, 0, 2]);
    const g = tf.grad((p: tf.Tensor) => tf.sum(tf.mul(tfSoftDtwLoss(p as tf.Tensor3D, targetsNested, { gamma: 0.3, reduction: "none" }), w)))(x);
    const gItem0 = tf.grad((p: tf.Tensor) => tfSoftDtwLoss(p as tf.Tensor3D, targetsNested, { gamma: 0.3, reduction: "sum" }))(x);
    const gd = g.dataSync();
    const g0 = gItem0.dataSync();
    for (let n = 0; n < T * K; n++) expect(gd[n]).toBeCloseTo(g0[n], 6);
    for (let n = T * K; n < 2 * T * K; n++) expect(Math.abs(gd[n])).toBe(0);
    for (let n = 2 * T * K; n < 3 * T * K; n++) expect(gd[n]).toBeCloseTo(2 * g0[n], 5);
    tf.dispose([x, perItem, mean, w, g, gItem0]);
  });

  it("targets as a [B, L, K] tensor, as Tensor2D items, and as nested arrays agree", () => {
    const L = 4;
    const same = Array.from({ length: B }, () => Array.from({ length: L }, () => Array.from({ length: K }, () => Math.fround(rng.next()))));
    const x = tf.tensor3d(predictionsData, [B, T, K]);
    const t3 = tf.tensor3d(same);
    const t2 = same.map((m) => tf.tensor2d(m));
    const a = tfSoftDtwLoss(x, same, { gamma: 0.3, reduction: "none" }).arraySync();
    const b = tfSoftDtwLoss(x, t3, { gamma: 0.3, reduction: "none" }).arraySync();
    const c = tfSoftDtwLoss(x, t2, { gamma: 0.3, reduction: "none" }).arraySync();
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    tf.dispose([x, t3, ...t2]);
  });

  it("leaks no tensors: a forward + gradient step inside tf.tidy / variableGrads", () => {
    const v = tf.variable(tf.tensor3d(predictionsData, [B, T, K]));
    const optimizer: tf.Optimizer = tf.train.adam(0.01);
    const step = (): void =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tfSoftDtwLoss(v as tf.Tensor3D, targetsNested, { gamma: 0.3, divergence: true }));
        optimizer.applyGradients(grads);
      });
    step(); // optimizer state is created on the first step
    const before = tf.memory().numTensors;
    for (let k = 0; k < 3; k++) step();
    expect(tf.memory().numTensors).toBe(before);
    const before2 = tf.memory().numTensors;
    tf.tidy(() => {
      tf.grad((p: tf.Tensor) => tfSoftDtwLoss(p as tf.Tensor3D, targetsNested, { gamma: 0.3, reduction: "none" }))(v);
    });
    expect(tf.memory().numTensors).toBe(before2);
    optimizer.dispose();
    v.dispose();
  });

  it("training lowers the loss (gradient direction is right)", () => {
    const { first, last } = lossBeforeAndAfter((x) => tfSoftDtwLoss(x, targetsNested, { gamma: 0.3 }), predictionsData, [B, T, K], tf.train.sgd(0.05), 20);
    expect(last).toBeLessThan(0.5 * first);
  });

  it("rejects bad shapes, lengths, reductions and NaN predictions with one-line errors", () => {
    const x = tf.tensor3d(predictionsData, [B, T, K]);
    expect(() => tfSoftDtwLoss(tf.zeros([2, 3]) as unknown as tf.Tensor3D, targetsNested, { gamma: 1 })).toThrow(/rank-3 tensor \[B, T, K\], got shape \[2, 3\]/);
    expect(() => tfSoftDtwLoss(x, targetsNested.slice(0, 2), { gamma: 1 })).toThrow(/array of B=3 sequences/);
    expect(() => tfSoftDtwLoss(x, [[[1, 2]], [[1, 2, 3, 4, 5]], [[1, 2, 3, 4, 5]]], { gamma: 1 })).toThrow(/targets\[0\] has 2 features per frame, predictions have K=5/);
    expect(() => tfSoftDtwLoss(x, targetsNested, { gamma: 1, lengths: [7, 8, 1] })).toThrow(/lengths\[1\] must be an integer in \[1, 7\], got 8/);
    expect(() => tfSoftDtwLoss(x, targetsNested, { gamma: 1, reduction: "avg" as "mean" })).toThrow(/reduction must be one of mean, sum, none/);
    expect(() => tfSoftDtwLoss(x, targetsNested, { gamma: 0 })).toThrow(/gamma must be a positive finite number/);
    const bad = Float32Array.from(predictionsData);
    bad[T * K + 2 * K + 1] = Number.NaN;
    expect(() => tfSoftDtwLoss(tf.tensor3d(bad, [B, T, K]), targetsNested, { gamma: 1 })).toThrow(/predictions\[1\]\[2\]\[1\] is NaN/);
    x.dispose();
  });
});

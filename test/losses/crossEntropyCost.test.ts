/**
 * Soft-DTW with the cross-entropy local cost (tfSoftDtwLoss `cost: "crossEntropy"`,
 * loss.softDtwCost): C(i, j) = −Σ_k y_i[k]·x_j[k] on log-probabilities. Checked against the
 * brute-force soft-min over every alignment path of the hand-built cost, against finite
 * differences (through a log-softmax, as training uses it), for the gradient's form p − ŷ, and for
 * the config's and the op's refusals.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { tfValueAndGrad, useWasmBackend } from "../helpers/tf.js";
import { ConfigSchema } from "../../src/config/schema.js";
import { tfSoftDtwLoss } from "../../src/losses/tfSoftDtw.js";
import { createRng } from "../../src/util/random.js";
import { bruteForceSoftDtw, finiteDifferences, logSoftmaxRow, relativeError } from "./reference.js";

beforeAll(useWasmBackend);

describe("tfSoftDtwLoss with cost crossEntropy", () => {
  const rng = createRng(21, 3);
  const [B, T, K] = [2, 5, 4];
  const logits = Float32Array.from({ length: B * T * K }, () => 2 * rng.normal());
  const classes = [[0, 2, 1], [3, 1]];
  const targets = classes.map((seq) => seq.map((c) => Array.from({ length: K }, (_, k) => (k === c ? 1 : 0))));
  const gamma = 0.7;
  const stepWeights: [number, number, number] = [3, 1, 1];
  const logSoftmaxOf = (x: Float32Array, b: number, j: number): number[] => logSoftmaxRow(Array.from(x.subarray((b * T + j) * K, (b * T + j + 1) * K)));
  const lossOf = (x: tf.Tensor3D) => tfSoftDtwLoss(tf.logSoftmax(x) as tf.Tensor3D, targets, { gamma, stepWeights, cost: "crossEntropy" });
  const run = (x: Float32Array) => tfValueAndGrad(lossOf, x, [B, T, K]);

  it("equals −γ·log Σ_paths exp(−cost/γ) with C(i, j) = −log softmax(x_j)[c_i], steps weighted", () => {
    let want = 0;
    for (let b = 0; b < B; b++) {
      const C = classes[b].map((c) => Array.from({ length: T }, (_, j) => -logSoftmaxOf(logits, b, j)[c]));
      want += bruteForceSoftDtw(C, gamma, { wv: stepWeights[0], wh: stepWeights[1], wd: stepWeights[2] }).value / B;
    }
    expect(run(logits).value).toBeCloseTo(want, 4);
  });

  it("its gradient through the log-softmax matches finite differences", () => {
    const { grad } = run(logits);
    const fd = finiteDifferences((y) => run(y).value, logits, 2e-3);
    expect(relativeError(grad, fd)).toBeLessThan(5e-3);
  });

  it("has the form Σ_i G(i, j)·(p_j − y_i): each frame's gradient sums to 0 over classes, and a confidently wrong frame keeps a gradient of order 1", () => {
    const { grad } = run(logits);
    for (let n = 0; n < B * T; n++) {
      const row = Array.from(grad.subarray(n * K, (n + 1) * K));
      expect(Math.abs(row.reduce((s, v) => s + v, 0))).toBeLessThan(1e-5);
    }
    // one frame, one target element (class 0), the output saturated on class 1
    const saturated = Float32Array.from([0, 12, 0, 0]);
    const one = [[[1, 0, 0, 0]]];
    const ce = tfValueAndGrad((x) => tfSoftDtwLoss(tf.logSoftmax(x) as tf.Tensor3D, one, { gamma: 1, cost: "crossEntropy" }), saturated, [1, 1, 4]);
    const sq = tfValueAndGrad((x) => tfSoftDtwLoss(tf.softmax(x) as tf.Tensor3D, one, { gamma: 1 }), saturated, [1, 1, 4]);
    expect(ce.grad[0]).toBeCloseTo(-1, 3); // p(0) − 1 with p(0) ≈ e^−12
    expect(Math.abs(sq.grad[0])).toBeLessThan(1e-4); // the squared cost's gradient vanishes there
  });

  it("refuses the divergence, the proportion term and an unknown cost, in one line", () => {
    const x = tf.tensor3d(logits, [B, T, K]);
    expect(() => tfSoftDtwLoss(x, targets, { gamma: 1, cost: "crossEntropy", divergence: true })).toThrow(/cost crossEntropy takes log-probabilities; the divergence needs/);
    expect(() => tfSoftDtwLoss(x, targets, { gamma: 1, cost: "crossEntropy", proportionWeight: 0.1 })).toThrow(/proportionWeight needs the squared Euclidean cost/);
    expect(() => tfSoftDtwLoss(x, targets, { gamma: 1, cost: "manhattan" as never })).toThrow(/cost must be squaredEuclidean or crossEntropy, got "manhattan"/);
    x.dispose();
  });
});

describe("loss.softDtwCost in the config", () => {
  const issues = (c: Record<string, unknown>) => {
    const r = ConfigSchema.safeParse(c);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };
  it("is absent by default (configs keep their hash) and accepted with soft-DTW on tfjs", () => {
    expect("softDtwCost" in ConfigSchema.parse({}).loss).toBe(false);
    expect(issues({ loss: { kind: "softDtw", softDtwCost: "crossEntropy" }, targets: { kind: "soft" }, training: { engine: "tfjs" } })).toEqual([]);
  });
  it("names why it is refused: another loss, the js engine, the divergence", () => {
    expect(issues({ loss: { kind: "bce", softDtwCost: "crossEntropy" }, training: { engine: "tfjs" } })).toEqual([
      "loss.softDtwCost: loss.softDtwCost crossEntropy: it is soft-DTW's cost, and loss.kind is bce",
    ]);
    expect(issues({ loss: { kind: "softDtw", softDtwCost: "crossEntropy" }, targets: { kind: "soft" }, training: { engine: "js" } })).toEqual([
      "loss.softDtwCost: loss.softDtwCost crossEntropy: it is implemented on the tfjs engines: set training.engine: tfjs",
    ]);
    expect(issues({ loss: { kind: "softDtw", softDtwCost: "crossEntropy", divergence: true }, targets: { kind: "soft" }, training: { engine: "tfjs" } })).toEqual([
      "loss.softDtwCost: loss.softDtwCost crossEntropy: the divergence needs the squared Euclidean cost: set loss.divergence: false",
    ]);
  });
});

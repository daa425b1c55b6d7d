/**
 * The soft-DTW label-proportion term (`proportionWeight` λ, loss.proportionWeight): λ·KL(π ‖ p̄),
 * π = the target's class shares with each run of identical rows counted once, p̄ = the mean
 * prediction over the frames. Values by hand, the shares' independence of the padding, gradients by
 * central finite differences, through the tfjs op and through the config.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { tfValueAndGrad, useWasmBackend } from "../helpers/tf.js";
import { softDtwBatch } from "../../src/losses/batched.js";
import { checkSoftDtwOptions } from "../../src/losses/options.js";
import { tfSoftDtwLoss } from "../../src/losses/tfSoftDtw.js";
import { PROPORTION_FLOOR, sequenceShares } from "../../src/losses/proportion.js";
import type { SequenceView } from "../../src/losses/sequences.js";
import { ConfigSchema } from "../../src/config/schema.js";
import { createRng } from "../../src/util/random.js";
import { finiteDifferences, relativeError } from "./reference.js";

beforeAll(useWasmBackend);

const oneHot = (classes: number[], K: number): number[][] => classes.map((c) => Array.from({ length: K }, (_, k) => (k === c ? 1 : 0)));
const view = (rows: number[][]): SequenceView => ({ data: Float64Array.from(rows.flat()), offset: 0, length: rows.length });

/** softDtwBatch's per-item values and ∂(mean over items)/∂x for predictions x [B][T][K]. */
function batch(x: Float64Array, targets: number[][][], dims: { B: number; T: number; K: number }, lambda: number, gamma = 0.3) {
  const values = new Float64Array(dims.B);
  const grad = new Float64Array(x.length);
  softDtwBatch({
    x,
    dims,
    lengths: new Array<number>(dims.B).fill(dims.T),
    targets: targets.map(view),
    checked: checkSoftDtwOptions({ gamma }, "test"),
    proportionWeight: lambda,
    values,
    grad,
    gradScale: 1 / dims.B,
    who: "test",
  });
  return { values, grad };
}

describe("the soft-DTW label-proportion term λ·KL(π ‖ p̄)", () => {
  // T = 2, K = 3; target [0, 0, 1, 1, 1] (a uniformly padded [0, 1]): π = (1/2, 1/2, 0)
  // p̄ = ((0.5 + 0.1)/2, (0.3 + 0.6)/2, (0.2 + 0.3)/2) = (0.3, 0.45, 0.25)
  // KL = ½·log(0.5/0.3) + ½·log(0.5/0.45);  ∂/∂x_t(k) = −λ·π(k)/(T·p̄(k)) = (−λ/1.2, −λ/1.8, 0) on both frames
  const x = Float64Array.from([0.5, 0.3, 0.2, 0.1, 0.6, 0.3]);
  const target = oneHot([0, 0, 1, 1, 1], 3);
  const dims = { B: 1, T: 2, K: 3 };
  const lambda = 0.7;

  it("adds λ·KL to the soft-DTW value (by hand)", () => {
    const kl = 0.5 * Math.log(0.5 / 0.3) + 0.5 * Math.log(0.5 / 0.45);
    expect(batch(x, [target], dims, lambda).values[0] - batch(x, [target], dims, 0).values[0]).toBeCloseTo(lambda * kl, 12);
  });

  it("adds −λ·π(k)/(T·p̄(k)) to the gradient (by hand)", () => {
    const diff = batch(x, [target], dims, lambda).grad.map((g, n) => g - batch(x, [target], dims, 0).grad[n]);
    const expected = [-lambda / 1.2, -lambda / 1.8, 0, -lambda / 1.2, -lambda / 1.8, 0];
    for (let n = 0; n < 6; n++) expect(diff[n]).toBeCloseTo(expected[n], 12);
  });

  it("π counts each element of the sequence once, whatever the padding", () => {
    const K = 4;
    const shares = (rows: number[][]) => Array.from(sequenceShares(view(rows), K, new Float64Array(K)));
    const expected = [0.5, 0.25, 0.25, 0]; // the sequence [0, 2, 0, 1]
    for (const padded of [[0, 2, 0, 1], [0, 0, 2, 2, 2, 0, 0, 1, 1], [0, 2, 0, 1, 1, 1, 1, 1]]) {
      shares(oneHot(padded, K)).forEach((v, k) => expect(v).toBeCloseTo(expected[k], 15));
    }
    expect(shares([])).toEqual([0, 0, 0, 0]);
  });

  it("is zero when the mean prediction equals the shares; its gradient is then −λ/T on the sequence's classes", () => {
    // two frames whose mean is (0.5, 0.5, 0); the target [0, 1, 1] is the sequence [0, 1]: π = (½, ½, 0) = p̄
    // −λ·π(k)/(T·p̄(k)) = −λ/T where π(k) > 0: constant over the classes a softmax can move mass between
    const y = Float64Array.from([0.9, 0.1, 0, 0.1, 0.9, 0]);
    const on = batch(y, [oneHot([0, 1, 1], 3)], dims, 5);
    const off = batch(y, [oneHot([0, 1, 1], 3)], dims, 0);
    expect(on.values[0]).toBeCloseTo(off.values[0], 12);
    const expected = [-2.5, -2.5, 0, -2.5, -2.5, 0];
    for (let n = 0; n < 6; n++) expect(on.grad[n] - off.grad[n]).toBeCloseTo(expected[n], 12);
  });

  it("stays finite when a class of the sequence is never predicted (p̄ floored)", () => {
    const y = Float64Array.from([1, 0, 0, 1, 0, 0]);
    const { values } = batch(y, [oneHot([0, 1], 3)], dims, 1);
    const plain = batch(y, [oneHot([0, 1], 3)], dims, 0).values[0];
    expect(values[0] - plain).toBeCloseTo(0.5 * Math.log(0.5 / 1) + 0.5 * Math.log(0.5 / PROPORTION_FLOOR), 8);
  });

  it("matches central finite differences with several items, through a softmax (the training path)", () => {
    const rng = createRng(23, 1);
    const B = 3;
    const T = 9;
    const K = 5;
    const targets = [oneHot([0, 0, 3, 3, 1], K), oneHot([2, 4], K), oneHot([1, 1, 1, 0, 2, 2], K)];
    const logits = Float64Array.from({ length: B * T * K }, () => 1.5 * rng.normal());
    const softmax = (z: Float64Array): Float64Array => {
      const p = new Float64Array(z.length);
      for (let r = 0; r < B * T; r++) {
        const row = Array.from(z.subarray(r * K, r * K + K));
        const m = Math.max(...row);
        const e = row.map((v) => Math.exp(v - m));
        const s = e.reduce((a, b) => a + b, 0);
        e.forEach((v, k) => (p[r * K + k] = v / s));
      }
      return p;
    };
    const f = (z: Float64Array): number => Array.from(batch(softmax(z), targets, { B, T, K }, 2.5).values).reduce((a, b) => a + b, 0) / B;
    const p = softmax(logits);
    const gp = batch(p, targets, { B, T, K }, 2.5).grad;
    // chain rule through the softmax, written here: ∂/∂z = p ⊙ (g − ⟨g, p⟩) per frame
    const analytic = new Float64Array(logits.length);
    for (let r = 0; r < B * T; r++) {
      let dot = 0;
      for (let k = 0; k < K; k++) dot += gp[r * K + k] * p[r * K + k];
      for (let k = 0; k < K; k++) analytic[r * K + k] = p[r * K + k] * (gp[r * K + k] - dot);
    }
    expect(relativeError(analytic, finiteDifferences(f, logits, 1e-6))).toBeLessThan(1e-6);
  });

  it("tfSoftDtwLoss: proportionWeight gives the same value and gradient as the batch loop, and is checked", () => {
    const rng = createRng(5, 3);
    const B = 2;
    const T = 6;
    const K = 4;
    const targets = [oneHot([0, 1, 1, 2], K), oneHot([3, 3, 0], K)];
    const probs = Float64Array.from({ length: B * T * K }, () => 0.05 + rng.next());
    const f32 = Float32Array.from(probs);
    const x = tf.tensor3d(f32, [B, T, K]);
    const expected = batch(Float64Array.from(f32), targets, { B, T, K }, 1.5);
    const { value, grad } = tfValueAndGrad((p) => tfSoftDtwLoss(p, targets, { gamma: 0.3, proportionWeight: 1.5 }), f32, [B, T, K]);
    expect(value).toBeCloseTo((expected.values[0] + expected.values[1]) / 2, 4);
    expect(relativeError(grad, expected.grad)).toBeLessThan(1e-5);
    expect(() => tfSoftDtwLoss(x, targets, { gamma: 0.3, proportionWeight: -1 })).toThrow(/proportionWeight must be a finite number ≥ 0, got -1/);
  });
});

describe("loss.proportionWeight in the config", () => {
  it("is soft-DTW's: refused in one line with BCE or CTC, naming CTC's own key", () => {
    expect(() => ConfigSchema.parse({ loss: { kind: "ctc", proportionWeight: 1 }, targets: { kind: "soft", padding: "none" } })).toThrow(/loss\.ctcProportionWeight/);
    expect(() => ConfigSchema.parse({ loss: { kind: "bce", proportionWeight: 1 } })).toThrow(/loss.proportionWeight is soft-DTW's label-proportion term; with loss.kind bce remove it/);
    expect(ConfigSchema.parse({ loss: { kind: "softDtw", proportionWeight: 1 }, targets: { kind: "soft" } }).loss.proportionWeight).toBe(1);
  });

  it("absent leaves the config as before (no default key)", () => {
    expect("proportionWeight" in ConfigSchema.parse({ loss: { kind: "softDtw" }, targets: { kind: "soft" } }).loss).toBe(false);
  });
});

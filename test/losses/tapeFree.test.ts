/**
 * The tfjs loss ops skip their backward pass outside a gradient tape (a validation pass): the
 * values must be exactly those computed under a tape, for every reduction.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { useWasmBackend } from "../helpers/tf.js";
import { tfCtcLoss } from "../../src/losses/tfCtc.js";
import { tfSoftDtwLoss } from "../../src/losses/tfSoftDtw.js";
import type { LossReduction } from "../../src/losses/types.js";
import { createRng } from "../../src/util/random.js";

beforeAll(useWasmBackend);

const rng = createRng(11, 3);
const [B, T, K] = [3, 30, 6];
const data = Float32Array.from({ length: B * T * K }, () => 1.5 * rng.normal());
const oneHot = (cs: number[]): number[][] => cs.map((c) => Array.from({ length: K }, (_, k) => (k === c ? 1 : 0)));
const targets = [oneHot([0, 4, 2]), oneHot([3, 3, 1, 0]), oneHot([2])];
const labels = [[0, 4, 2], [3, 1, 0], []];

const losses: Record<string, (x: tf.Tensor3D, reduction: LossReduction) => tf.Tensor> = {
  softDtw: (x, reduction) => tfSoftDtwLoss(tf.softmax(x) as tf.Tensor3D, targets, { gamma: 0.3, reduction }),
  softDtwDivergence: (x, reduction) => tfSoftDtwLoss(tf.softmax(x) as tf.Tensor3D, targets, { gamma: 0.3, divergence: true, reduction }),
  ctc: (x, reduction) => tfCtcLoss(x, labels, { blank: K - 1, zeroInfinity: true, reduction }),
};

describe.each(Object.keys(losses))("%s outside a gradient tape", (name) => {
  it.each(["mean", "sum", "none"] as const)("gives the taped values exactly (reduction %s)", (reduction) => {
    const x = tf.variable(tf.tensor3d(data, [B, T, K]));
    try {
      const free = tf.tidy(() => losses[name](x as tf.Tensor3D, reduction).dataSync().slice());
      const taped = tf.tidy(() => {
        const f = () => tf.sum(losses[name](x as tf.Tensor3D, reduction)) as tf.Scalar;
        const { grads } = tf.variableGrads(f, [x]);
        expect(tf.sum(tf.abs(grads[x.name])).dataSync()[0]).toBeGreaterThan(0);
        return losses[name](x as tf.Tensor3D, reduction).dataSync().slice();
      });
      expect(Array.from(free)).toEqual(Array.from(taped));
      // …and the value computed under variableGrads itself
      const underTape = tf.tidy(() => {
        let seen: Float32Array | undefined;
        tf.variableGrads(() => {
          const v = losses[name](x as tf.Tensor3D, reduction);
          seen = v.dataSync().slice() as Float32Array;
          return tf.sum(v) as tf.Scalar;
        }, [x]);
        return seen!;
      });
      expect(Array.from(free)).toEqual(Array.from(underTape));
    } finally {
      x.dispose();
    }
  });
});

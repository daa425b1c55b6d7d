/**
 * Soft-DTW as a tfjs loss op (tf.customGrad): the predictions tensor crosses to JavaScript once
 * (dataSync), each batch item runs the float64 dynamic program (softDtwKernel.ts) on the squared
 * Euclidean cost to its own target sequence (variable lengths, no padding enters the loss), the
 * gradient ∂loss/∂predictions is contracted in JavaScript (sequences.ts) and handed back as one
 * tensor. Targets are constants: no gradient flows to them.
 */
import { tf } from "../util/tfjs.js";
import { toDense, describe, isPositiveInt } from "./matrix.js";
import { checkSoftDtwOptions } from "./options.js";
import { sparseRows, type SequenceView } from "./sequences.js";
import { SOFT_DTW_COSTS, type LossReduction, type TfSoftDtwLossOptions } from "./types.js";
import { recordingGradients } from "./tape.js";
import { costShapings, softDtwBatch } from "./batched.js";

const WHO = "tfSoftDtwLoss";
const REDUCTIONS: readonly LossReduction[] = ["mean", "sum", "none"];

/**
 * Soft-DTW loss between predictions [B, T, K] and per-item target sequences, with the local cost
 * C(i, j) = ‖target_i − prediction_j‖² (rows i: targets, columns j: prediction frames), or with
 * `cost: "crossEntropy"` C(i, j) = −Σ_k target_i[k]·prediction_j[k] on log-probabilities
 * (−log p_j(c) for a one-hot target of class c: SDTW-D's cost, Zeitler & Müller 2026). Targets are
 * a [B, L, K] tensor or an array of B sequences [L_b][K] (tensors or nested arrays) of any lengths.
 * Returns a scalar (reduction "mean" — the default, over the batch — or "sum") or a [B] tensor
 * ("none"). Values are computed in float64 and rounded to float32 on return.
 *
 * @example
 * import * as tf from "@tensorflow/tfjs";
 * import { tfSoftDtwLoss } from "chordtrain";
 * const oneHot = (chords: number[]): number[][] => chords.map((c) => Array.from({ length: 25 }, (_, k) => (k === c ? 1 : 0)));
 * const predictions = tf.variable(tf.softmax(tf.randomNormal([2, 150, 25])) as tf.Tensor3D);
 * const targets = [oneHot([0, 7, 9, 5]), oneHot([12, 3, 0])]; // [L_b][25] per item, any lengths
 * const { value, grads } = tf.variableGrads(() =>
 *   tfSoftDtwLoss(predictions as tf.Tensor3D, targets, { gamma: 0.3, stepWeights: [1, 0, 1], normalize: "n" }),
 * );
 * value.dataSync(); // the mean loss; grads[predictions.name] has shape [2, 150, 25]
 */
export function tfSoftDtwLoss(
  predictions: tf.Tensor3D,
  targets: tf.Tensor3D | ReadonlyArray<tf.Tensor2D | number[][]>,
  options: TfSoftDtwLossOptions & { reduction: "none" },
): tf.Tensor1D;
export function tfSoftDtwLoss(
  predictions: tf.Tensor3D,
  targets: tf.Tensor3D | ReadonlyArray<tf.Tensor2D | number[][]>,
  options: TfSoftDtwLossOptions,
): tf.Scalar;
export function tfSoftDtwLoss(
  predictions: tf.Tensor3D,
  targets: tf.Tensor3D | ReadonlyArray<tf.Tensor2D | number[][]>,
  options: TfSoftDtwLossOptions,
): tf.Scalar | tf.Tensor1D {
  const checked = checkSoftDtwOptions(options, WHO, ["divergence", "reduction", "lengths", "diagonalPrior", "classWeights", "costPrior", "proportionWeight", "cost"]);
  const { divergence = false, reduction = "mean", proportionWeight = 0, cost = "squaredEuclidean" } = options;
  if (!SOFT_DTW_COSTS.includes(cost)) {
    throw new RangeError(`${WHO}: cost must be ${SOFT_DTW_COSTS.join(" or ")}, got ${describe(cost)}`);
  }
  if (cost === "crossEntropy" && (divergence || proportionWeight > 0)) {
    throw new RangeError(`${WHO}: cost crossEntropy takes log-probabilities; ${divergence ? "the divergence" : "proportionWeight"} needs the squared Euclidean cost on probabilities`);
  }
  if (typeof proportionWeight !== "number" || !(proportionWeight >= 0) || proportionWeight === Infinity) {
    throw new RangeError(`${WHO}: proportionWeight must be a finite number ≥ 0, got ${describe(proportionWeight)}`);
  }
  if (!REDUCTIONS.includes(reduction)) {
    throw new RangeError(`${WHO}: reduction must be one of ${REDUCTIONS.join(", ")}, got ${describe(reduction)}`);
  }
  if (typeof divergence !== "boolean") throw new TypeError(`${WHO}: divergence must be a boolean, got ${describe(divergence)}`);
  if (!(predictions instanceof tf.Tensor) || predictions.rank !== 3) {
    throw new RangeError(`${WHO}: predictions must be a rank-3 tensor [B, T, K], got ${shapeOf(predictions)}`);
  }
  const [B, T, K] = predictions.shape;
  if (B === 0 || T === 0 || K === 0) throw new RangeError(`${WHO}: predictions is empty, shape [${predictions.shape.join(", ")}]`);
  const lengths = checkLengths(options.lengths, B, T);
  const targetViews = readTargets(targets, B, K).map((view) => ({ ...view, sparse: sparseRows(view, K) }));
  const shapings = costShapings(options, targetViews, K, WHO, lengths);

  const op = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const x = inputs[0] as tf.Tensor3D;
    const x32 = x.dataSync() as Float32Array; // [B][T][K]
    checkFinite(x32, T, K);
    const xData = new Float64Array(x32.length);
    xData.set(x32); // (TypedArray.from iterates: 20× slower than set)
    const values = new Float64Array(B);
    // Values and, when asked, ∂(per-item loss)/∂predictions [B][T][K] (the gradient does not change the values).
    const run = (grad: Float64Array | null): void =>
      softDtwBatch({ x: xData, dims: { B, T, K }, lengths, targets: targetViews, checked, divergence, cost, shapings, proportionWeight, values, grad, who: WHO });
    // Outside a gradient tape (e.g. a validation pass) no one can ask for the gradient: skip the
    // backward pass. (Should gradFunc still be called, it is computed then.)
    let grad: Float64Array | null = recordingGradients() ? new Float64Array(B * T * K) : null;
    run(grad);
    let total = 0;
    for (let b = 0; b < B; b++) total += values[b];
    const gradScale = reduction === "mean" ? 1 / B : 1;
    const value: tf.Tensor =
      reduction === "none" ? tf.tensor1d(new Float32Array(values)) : tf.scalar(reduction === "mean" ? total / B : total);
    const gradFunc = (dy: tf.Tensor): tf.Tensor => {
      if (grad === null) run((grad = new Float64Array(B * T * K)));
      const g32 = new Float32Array(grad.length);
      for (let k = 0; k < grad.length; k++) g32[k] = grad[k] * gradScale;
      const g = tf.tensor3d(g32, [B, T, K]);
      return reduction === "none" ? tf.mul(g, tf.reshape(dy, [B, 1, 1])) : tf.mul(g, dy);
    };
    return { value, gradFunc };
  });
  return op(predictions) as tf.Scalar | tf.Tensor1D;
}

function checkLengths(lengths: readonly number[] | undefined, B: number, T: number): number[] {
  if (lengths === undefined) return new Array<number>(B).fill(T);
  if (!Array.isArray(lengths) || lengths.length !== B) {
    throw new RangeError(`${WHO}: lengths must have one entry per batch item (${B}), got ${describe(lengths)}`);
  }
  return lengths.map((n, b) => {
    if (!isPositiveInt(n) || n > T) throw new RangeError(`${WHO}: lengths[${b}] must be an integer in [1, ${T}], got ${describe(n)}`);
    return n;
  });
}

/** Read the targets once (they are constants) as one SequenceView per batch item. */
function readTargets(targets: tf.Tensor3D | ReadonlyArray<tf.Tensor2D | number[][]>, B: number, K: number): SequenceView[] {
  if (targets instanceof tf.Tensor) {
    if (targets.rank !== 3 || targets.shape[0] !== B || targets.shape[2] !== K || targets.shape[1] === 0) {
      throw new RangeError(`${WHO}: a targets tensor must be [B=${B}, L ≥ 1, K=${K}], got [${targets.shape.join(", ")}]`);
    }
    const L = targets.shape[1];
    const data32 = targets.dataSync() as Float32Array;
    checkFiniteTargets(data32, -1);
    const data = new Float64Array(data32.length);
    data.set(data32);
    return Array.from({ length: B }, (_, b) => ({ data, offset: b * L * K, length: L }));
  }
  if (!Array.isArray(targets) || targets.length !== B) {
    throw new RangeError(`${WHO}: targets must be a [B, L, K] tensor or an array of B=${B} sequences, got ${describe(targets)}`);
  }
  return targets.map((t: tf.Tensor2D | number[][], b: number) => {
    if (t instanceof tf.Tensor) {
      if (t.rank !== 2 || t.shape[1] !== K || t.shape[0] === 0) {
        throw new RangeError(`${WHO}: targets[${b}] must be [L ≥ 1, K=${K}], got [${t.shape.join(", ")}]`);
      }
      const data32 = t.dataSync() as Float32Array;
      checkFiniteTargets(data32, b);
      const data = new Float64Array(data32.length);
      data.set(data32);
      return { data, offset: 0, length: t.shape[0] };
    }
    const dense = toDense(t, { what: `${WHO}: targets[${b}]` });
    if (dense.cols !== K) throw new RangeError(`${WHO}: targets[${b}] has ${dense.cols} features per frame, predictions have K=${K}`);
    return { data: dense.data, offset: 0, length: dense.rows };
  });
}

function checkFinite(x: Float32Array, T: number, K: number): void {
  for (let n = 0; n < x.length; n++) {
    const v = x[n];
    if (!(v - v === 0)) {
      const b = Math.floor(n / (T * K));
      throw new RangeError(`${WHO}: predictions[${b}][${Math.floor(n / K) % T}][${n % K}] is ${v}; expected finite values`);
    }
  }
}

function checkFiniteTargets(x: Float32Array, item: number): void {
  for (let n = 0; n < x.length; n++) {
    if (!(x[n] - x[n] === 0)) throw new RangeError(`${WHO}: targets${item >= 0 ? `[${item}]` : ""} contain ${x[n]} at flat index ${n}; expected finite values`);
  }
}

function shapeOf(v: unknown): string {
  return v instanceof tf.Tensor ? `shape [${v.shape.join(", ")}]` : describe(v);
}

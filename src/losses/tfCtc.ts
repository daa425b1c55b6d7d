/**
 * CTC as a tfjs loss op (tf.customGrad): the input crosses to JavaScript once, each batch item runs
 * the float64 forward–backward of ctc.ts, and the gradient comes back as one tensor. With
 * `inputs: "logits"` the log-softmax is applied inside the op, in float64, and its Jacobian is
 * applied by hand: ∂NLL/∂z(t, k) = g(t, k) − p(t, k)·Σ_k' g(t, k') with g = ∂NLL/∂logp and
 * p = softmax(z) — for a feasible item that is p(t, k) − γ_t(k), what PyTorch and TensorFlow return.
 */
import { tf } from "../util/tfjs.js";
import { checkLabels } from "./ctc.js";
import { ctcBatch, logSoftmaxRows } from "./batched.js";
import { describe, isPositiveInt } from "./matrix.js";
import { checkCtcOptions } from "./options.js";
import type { LossReduction, TfCtcLossOptions } from "./types.js";
import { recordingGradients } from "./tape.js";

const WHO = "tfCtcLoss";
const REDUCTIONS: readonly LossReduction[] = ["mean", "sum", "none"];

/**
 * CTC loss of a batch: `logits` [B, T, C] (or log-probabilities with `inputs: "logProbs"`) and one
 * reduced label sequence per item (class indices, no blanks, any lengths, possibly empty).
 * Returns a scalar ("mean" — each item divided by max(1, its label length), then averaged, as
 * PyTorch — or "sum") or a [B] tensor ("none").
 *
 * @example
 * import * as tf from "@tensorflow/tfjs";
 * import { tfCtcLoss } from "chordtrain";
 * const logits = tf.variable(tf.randomNormal([2, 150, 25]) as tf.Tensor3D);
 * const labels = [[0, 5, 7, 0], [12, 3]]; // reduced chord sequences, blank = 24
 * const { value, grads } = tf.variableGrads(() => tfCtcLoss(logits as tf.Tensor3D, labels, { blank: 24, zeroInfinity: true }));
 * value.dataSync(); // mean over items of NLL / label length
 */
export function tfCtcLoss(logits: tf.Tensor3D, labels: ReadonlyArray<readonly number[]>, options: TfCtcLossOptions & { reduction: "none" }): tf.Tensor1D;
export function tfCtcLoss(logits: tf.Tensor3D, labels: ReadonlyArray<readonly number[]>, options: TfCtcLossOptions): tf.Scalar;
export function tfCtcLoss(logits: tf.Tensor3D, labels: ReadonlyArray<readonly number[]>, options: TfCtcLossOptions): tf.Scalar | tf.Tensor1D {
  if (!(logits instanceof tf.Tensor) || logits.rank !== 3) {
    throw new RangeError(`${WHO}: logits must be a rank-3 tensor [B, T, C], got ${logits instanceof tf.Tensor ? `shape [${logits.shape.join(", ")}]` : describe(logits)}`);
  }
  const [B, T, C] = logits.shape;
  if (B === 0 || T === 0 || C === 0) throw new RangeError(`${WHO}: logits is empty, shape [${logits.shape.join(", ")}]`);
  const checked = checkCtcOptions(options, C, WHO, ["reduction", "inputs", "inputLengths"]);
  const { reduction = "mean", inputs = "logits" } = options;
  if (!REDUCTIONS.includes(reduction)) throw new RangeError(`${WHO}: reduction must be one of ${REDUCTIONS.join(", ")}, got ${describe(reduction)}`);
  if (inputs !== "logits" && inputs !== "logProbs") throw new RangeError(`${WHO}: inputs must be "logits" or "logProbs", got ${describe(inputs)}`);
  if (!Array.isArray(labels) || labels.length !== B) {
    throw new RangeError(`${WHO}: labels must hold one label sequence per batch item (${B}), got ${describe(labels)}`);
  }
  const labelArrays = labels.map((l, b) => Int32Array.from(checkLabels(l, C, checked.blank, `${WHO}: item ${b}`, checked.workspace).subarray(0, l.length)));
  const lengths = checkInputLengths(options.inputLengths, B, T);

  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const x = (args[0] as tf.Tensor).dataSync() as Float32Array; // [B][T][C]
    const logp = new Float64Array(B * T * C); // [B][T][C]
    const probs = inputs === "logits" ? new Float64Array(B * T * C) : null; // softmax, [B][T][C]
    logSoftmaxRows({ x, dims: { B, T, C }, lengths, logp, probs, input: inputs === "logProbs" ? "logProbabilities" : "logits", who: WHO });
    const values = new Float64Array(B);
    // Values and, when asked, ∂(item loss)/∂input [B][T][C] (the gradient does not change the values).
    const run = (grad: Float64Array | null): void =>
      ctcBatch({ logp, probs, dims: { B, T, C }, lengths, labels: labelArrays, checked, reduction: reduction === "mean" ? "mean" : "sum", values, grad, who: WHO });
    // Outside a gradient tape (e.g. a validation pass) the gradient cannot be asked for: skip the
    // backward pass (computed on demand should gradFunc be called anyway).
    let grad: Float64Array | null = recordingGradients() ? new Float64Array(B * T * C) : null;
    run(grad);
    let total = 0;
    for (let b = 0; b < B; b++) total += values[b];
    const value: tf.Tensor = reduction === "none" ? tf.tensor1d(new Float32Array(values)) : tf.scalar(reduction === "mean" ? total / B : total);
    const gradFunc = (dy: tf.Tensor): tf.Tensor => {
      if (grad === null) run((grad = new Float64Array(B * T * C)));
      const g32 = new Float32Array(grad.length);
      g32.set(grad);
      const g = tf.tensor3d(g32, [B, T, C]);
      return reduction === "none" ? tf.mul(g, tf.reshape(dy, [B, 1, 1])) : tf.mul(g, dy);
    };
    return { value, gradFunc };
  });
  return op(logits) as tf.Scalar | tf.Tensor1D;
}

function checkInputLengths(lengths: readonly number[] | undefined, B: number, T: number): number[] {
  if (lengths === undefined) return new Array<number>(B).fill(T);
  if (!Array.isArray(lengths) || lengths.length !== B) {
    throw new RangeError(`${WHO}: inputLengths must have one entry per batch item (${B}), got ${describe(lengths)}`);
  }
  return lengths.map((n, b) => {
    if (!isPositiveInt(n) || n > T) throw new RangeError(`${WHO}: inputLengths[${b}] must be an integer in [1, ${T}], got ${describe(n)}`);
    return n;
  });
}

/**
 * CTC as a tfjs loss op (tf.customGrad): the input crosses to JavaScript once, each batch item runs
 * the float64 forward–backward of ctc.ts, and the gradient comes back as one tensor. With
 * `inputs: "logits"` the log-softmax is applied inside the op, in float64, and its Jacobian is
 * applied by hand: ∂NLL/∂z(t, k) = g(t, k) − p(t, k)·Σ_k' g(t, k') with g = ∂NLL/∂logp and
 * p = softmax(z) — for a feasible item that is p(t, k) − γ_t(k), what PyTorch and TensorFlow return.
 */
import { tf } from "../util/tfjs.js";
import { checkLabels, ctcKernel } from "./ctc.js";
import { describe, isPositiveInt } from "./matrix.js";
import { checkCtcOptions } from "./options.js";
import type { LossReduction, TfCtcLossOptions } from "./types.js";
import { expRelative } from "./fastMath.js";
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
    prepareLogProbs(x, B, T, C, lengths, logp, probs, inputs === "logProbs");
    const values = new Float64Array(B);
    // Values and, when asked, ∂(item loss)/∂input [B][T][C] (the gradient does not change the values).
    const run = (grad: Float64Array | null): void => {
      for (let b = 0; b < B; b++) {
        const off = b * T * C;
        const L = labelArrays[b].length;
        let v = ctcKernel(logp, off, lengths[b], C, labelArrays[b], L, checked.blank, checked.workspace, grad, off, `${WHO}: item ${b}`);
        if (v === Infinity) {
          if (checked.zeroInfinity) v = 0; // the gradient is already zero
        } else if (probs !== null && grad !== null) {
          softmaxJacobian(grad, probs, off, lengths[b], C);
        }
        const scale = reduction === "mean" ? 1 / (B * Math.max(1, L)) : 1;
        values[b] = reduction === "mean" ? v / Math.max(1, L) : v;
        if (scale !== 1 && grad !== null) for (let n = off; n < off + T * C; n++) grad[n] *= scale;
      }
    };
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

/** Log-softmax per frame in float64 (or a checked copy of given log-probabilities). */
function prepareLogProbs(x: Float32Array, B: number, T: number, C: number, lengths: number[], logp: Float64Array, probs: Float64Array | null, given: boolean): void {
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < lengths[b]; t++) {
      const row = (b * T + t) * C;
      let m = -Infinity;
      for (let k = 0; k < C; k++) {
        const v = x[row + k];
        if (!(v - v === 0) && !(given && v === -Infinity)) {
          throw new RangeError(`${WHO}: input[${b}][${t}][${k}] is ${v}; expected finite ${given ? "log-probabilities (or −Infinity)" : "logits"}`);
        }
        if (v > m) m = v;
      }
      if (given) {
        for (let k = 0; k < C; k++) logp[row + k] = x[row + k];
        continue;
      }
      let sum = 0;
      for (let k = 0; k < C; k++) {
        const e = expRelative(x[row + k] - m);
        (probs as Float64Array)[row + k] = e;
        sum += e;
      }
      const lse = m + Math.log(sum);
      for (let k = 0; k < C; k++) {
        logp[row + k] = x[row + k] - lse;
        (probs as Float64Array)[row + k] /= sum;
      }
    }
  }
}

/** ∂/∂z = g − p·Σ_k g (the log-softmax Jacobian applied to g), in place. */
function softmaxJacobian(grad: Float64Array, probs: Float64Array, offset: number, frames: number, C: number): void {
  for (let t = 0; t < frames; t++) {
    const row = offset + t * C;
    let sum = 0;
    for (let k = 0; k < C; k++) sum += grad[row + k];
    for (let k = 0; k < C; k++) grad[row + k] -= probs[row + k] * sum;
  }
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

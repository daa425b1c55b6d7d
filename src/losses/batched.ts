/**
 * The batch loops of the soft-DTW and CTC losses on host arrays (float64), shared by the tfjs ops
 * (tfSoftDtw.ts, tfCtc.ts: one read-back, these loops, one gradient tensor) and by the training
 * step that runs without tfjs (training/hostObjectives.ts). Callers validate their inputs.
 */
import { ctcKernel, labelPriorShift } from "./ctc.js";
import { describe } from "./matrix.js";
import type { CheckedCtcOptions, CheckedSoftDtwOptions } from "./options.js";
import { sequenceSoftDtw, type SequenceView } from "./sequences.js";
import { createPriorCache, type CostShaping } from "./diagonalPrior.js";
import { expRelative } from "./fastMath.js";

/**
 * Per item b: soft-DTW (or divergence) of predictions x[b] ([B][T][K], the first lengths[b] frames)
 * to targets[b]; values into `values`. When `grad` is given ([B][T][K], zeroed by the caller),
 * adds gradScale·∂values[b]/∂x[b] to it.
 */
export function softDtwBatch(
  x: Float64Array,
  dims: { B: number; T: number; K: number },
  lengths: readonly number[],
  targets: readonly SequenceView[],
  checked: CheckedSoftDtwOptions,
  divergence: boolean,
  shapings: readonly CostShaping[] | undefined,
  values: Float64Array,
  grad: Float64Array | null,
  gradScale: number,
  who: string,
): void {
  const { B, T, K } = dims;
  for (let b = 0; b < B; b++) {
    const xb: SequenceView = { data: x, offset: b * T * K, length: lengths[b] };
    values[b] = sequenceSoftDtw(xb, targets[b], K, checked, divergence, grad, b * T * K, gradScale, who, shapings?.[b]);
  }
}

/** The cost shaping options of the soft-DTW loss (tfSoftDtwLoss' diagonalPrior and classWeights). */
export interface CostShapingOptions {
  diagonalPrior?: { weight: number; nu: number };
  classWeights?: readonly number[];
}

/** Per item: the cost shaping of the diagonalPrior / classWeights options, or undefined without either. */
export function costShapings(options: CostShapingOptions, targets: readonly SequenceView[], K: number, who: string): CostShaping[] | undefined {
  const { diagonalPrior: prior, classWeights } = options;
  if (prior !== undefined) {
    const ok = prior !== null && typeof prior === "object" && prior.weight >= 0 && Number.isFinite(prior.weight) && prior.nu > 0 && Number.isFinite(prior.nu);
    if (!ok) throw new RangeError(`${who}: diagonalPrior must be { weight ≥ 0, nu > 0 } (finite), got ${JSON.stringify(prior)}`);
  }
  if (classWeights !== undefined && (!Array.isArray(classWeights) || classWeights.length !== K || !classWeights.every((w) => typeof w === "number" && w >= 0 && Number.isFinite(w)))) {
    throw new RangeError(`${who}: classWeights must be K=${K} finite numbers ≥ 0, got ${describe(classWeights)}`);
  }
  if (prior === undefined && classWeights === undefined) return undefined;
  const priorOf = createPriorCache();
  return targets.map((y) => {
    let rowWeights: Float64Array | undefined;
    if (classWeights) {
      rowWeights = new Float64Array(y.length);
      for (let i = 0; i < y.length; i++) {
        let r = 0;
        for (let k = 0; k < K; k++) r += y.data[y.offset + i * K + k] * classWeights[k];
        rowWeights[i] = r;
      }
    }
    return { prior, rowWeights, priorOf };
  });
}

/**
 * Log-softmax per frame in float64 into `logp`, and the softmax into `probs` ([B][T][C], the first
 * lengths[b] frames of each item); with `given`, `x` already holds log-probabilities (−∞ allowed),
 * copied after the check. Throws on a non-finite input, naming its place.
 */
export function logSoftmaxRows(
  x: Float32Array | Float64Array,
  dims: { B: number; T: number; C: number },
  lengths: readonly number[],
  logp: Float64Array,
  probs: Float64Array | null,
  given: boolean,
  who: string,
): void {
  const { B, T, C } = dims;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < lengths[b]; t++) {
      const row = (b * T + t) * C;
      let m = -Infinity;
      for (let k = 0; k < C; k++) {
        const v = x[row + k];
        if (!(v - v === 0) && !(given && v === -Infinity)) {
          throw new RangeError(`${who}: input[${b}][${t}][${k}] is ${v}; expected finite ${given ? "log-probabilities (or −Infinity)" : "logits"}`);
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

/**
 * Per item: the CTC negative log-likelihood of labels[b] under logp[b] ([B][T][C]) — under the
 * item's label-prior-shifted logp with checked.priorScale > 0 (labelPriorShift); with reduction
 * "mean" divided by max(1, label length) (values) and the gradient scaled by 1/(B·max(1, L)).
 * Infeasible items give +∞, or 0 (gradient 0) with zeroInfinity. When `grad` is given it receives
 * ∂/∂logp — or ∂/∂logits when `probs` (the softmax) is given: g − p·Σ_k g per frame.
 */
export function ctcBatch(
  logp: Float64Array,
  probs: Float64Array | null,
  dims: { B: number; T: number; C: number },
  lengths: readonly number[],
  labels: readonly Int32Array[],
  checked: CheckedCtcOptions,
  mean: boolean,
  values: Float64Array,
  grad: Float64Array | null,
  who: string,
): void {
  const { B, T, C } = dims;
  for (let b = 0; b < B; b++) {
    const off = b * T * C;
    const L = labels[b].length;
    // label-prior CTC: the kernel reads the item's shifted copy (offset 0), the gradient goes to off
    const shifted = checked.priorScale > 0 ? labelPriorShift(logp, off, lengths[b], C, checked.priorScale, checked.workspace) : null;
    let v = ctcKernel(shifted ?? logp, shifted ? 0 : off, lengths[b], C, labels[b], L, checked.blank, checked.workspace, grad, off, `${who}: item ${b}`);
    if (v === Infinity) {
      if (checked.zeroInfinity) v = 0; // the gradient is already zero
    } else if (probs !== null && grad !== null) {
      softmaxJacobian(grad, probs, off, lengths[b], C);
    }
    const scale = mean ? 1 / (B * Math.max(1, L)) : 1;
    values[b] = mean ? v / Math.max(1, L) : v;
    if (scale !== 1 && grad !== null) for (let n = off; n < off + T * C; n++) grad[n] *= scale;
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

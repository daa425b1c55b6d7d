/**
 * The batch loops of the soft-DTW and CTC losses on plain arrays (float64), shared by the tfjs ops
 * (tfSoftDtw.ts, tfCtc.ts: one read-back, these loops, one gradient tensor) and by the training
 * js training engine (training/engines/jsLoss.ts). Callers validate their inputs.
 */
import { ctcItem, proportionTerm } from "./ctc.js";
import { describe } from "./matrix.js";
import type { CheckedCtcOptions, CheckedSoftDtwOptions } from "./options.js";
import { sequenceSoftDtw, type SequenceView } from "./sequences.js";
import type { SoftDtwCost } from "./types.js";
import { createPriorCache, type CostShaping } from "./diagonalPrior.js";
import { proportionOfPredictions, sequenceShares } from "./proportion.js";
import { SLOT } from "./workspace.js";
import { expRelative } from "../util/fastMath.js";

/** The inputs and outputs of softDtwBatch. */
export interface SoftDtwBatchOptions {
  /** [B][T][K] predictions. */
  x: Float64Array;
  dims: { B: number; T: number; K: number };
  /** Per item, the frames of x[b] used (the first lengths[b]). */
  lengths: readonly number[];
  /** Per item, the target sequence. */
  targets: readonly SequenceView[];
  checked: CheckedSoftDtwOptions;
  /** The soft-DTW divergence (Blondel et al. 2021) instead of soft-DTW. @default false */
  divergence?: boolean;
  /** The local cost (types.ts SoftDtwCost; crossEntropy: x holds log-probabilities). @default "squaredEuclidean" */
  cost?: SoftDtwCost;
  /** Per item, the cost shaping (diagonal prior, row weights), or none. */
  shapings?: readonly CostShaping[];
  /** The label-proportion term λ added to each item's value (proportion.ts; x: probabilities). @default 0 */
  proportionWeight?: number;
  /** [B] receives the per-item values. */
  values: Float64Array;
  /** [B][T][K], zeroed by the caller: receives gradScale·∂values[b]/∂x[b] (added). Absent: no gradient. */
  grad?: Float64Array | null;
  /** @default 1 */
  gradScale?: number;
  /** Names the caller in error messages. */
  who: string;
}

/**
 * Per item b: soft-DTW (or divergence) of predictions x[b] (the first lengths[b] frames) to
 * targets[b], plus λ·KL(π ‖ p̄) when proportionWeight λ > 0 (proportion.ts); values into `values`,
 * and the gradient into `grad` when given.
 */
export function softDtwBatch(o: SoftDtwBatchOptions): void {
  const { x, lengths, targets, checked, shapings, values, who } = o;
  const { B, T, K } = o.dims;
  const grad = o.grad ?? null;
  const divergence = o.divergence ?? false;
  const gradScale = o.gradScale ?? 1;
  for (let b = 0; b < B; b++) {
    const xb: SequenceView = { data: x, offset: b * T * K, length: lengths[b] };
    values[b] = sequenceSoftDtw({ x: xb, y: targets[b], dim: K, options: checked, divergence, cost: o.cost, gradX: grad, gradOffset: b * T * K, scale: gradScale, who, shaping: shapings?.[b] });
  }
  const lambda = o.proportionWeight ?? 0;
  if (lambda > 0) {
    const pi = checked.workspace.float64(SLOT.proportionShares, K);
    const pbar = checked.workspace.float64(SLOT.proportionMean, K);
    for (let b = 0; b < B; b++) {
      sequenceShares(targets[b], K, pi);
      values[b] += proportionOfPredictions(x, b * T * K, lengths[b], K, pi, lambda, pbar, grad, b * T * K, gradScale);
    }
  }
}

/** The cost shaping options of the soft-DTW loss (tfSoftDtwLoss' diagonalPrior, classWeights and costPrior). */
export interface CostShapingOptions {
  diagonalPrior?: { weight: number; nu: number };
  classWeights?: readonly number[];
  costPrior?: { weight: number; matrices: readonly Float64Array[] };
}

/**
 * Per item: the cost shaping of the diagonalPrior / classWeights / costPrior options, or undefined
 * without any. `frames[b]`: the frames item b uses (the cost prior's columns).
 */
export function costShapings(options: CostShapingOptions, targets: readonly SequenceView[], K: number, who: string, frames?: readonly number[]): CostShaping[] | undefined {
  const { diagonalPrior: prior, classWeights } = options;
  const costPrior = checkCostPrior(options.costPrior, targets, frames, who);
  if (prior !== undefined) {
    const ok = prior !== null && typeof prior === "object" && prior.weight >= 0 && Number.isFinite(prior.weight) && prior.nu > 0 && Number.isFinite(prior.nu);
    if (!ok) throw new RangeError(`${who}: diagonalPrior must be { weight ≥ 0, nu > 0 } (finite), got ${JSON.stringify(prior)}`);
  }
  if (classWeights !== undefined && (!Array.isArray(classWeights) || classWeights.length !== K || !classWeights.every((w) => typeof w === "number" && w >= 0 && Number.isFinite(w)))) {
    throw new RangeError(`${who}: classWeights must be K=${K} finite numbers ≥ 0, got ${describe(classWeights)}`);
  }
  if (prior === undefined && classWeights === undefined && costPrior === undefined) return undefined;
  const priorOf = createPriorCache();
  return targets.map((y, b) => {
    let rowWeights: Float64Array | undefined;
    if (classWeights) {
      rowWeights = new Float64Array(y.length);
      for (let i = 0; i < y.length; i++) {
        let r = 0;
        for (let k = 0; k < K; k++) r += y.data[y.offset + i * K + k] * classWeights[k];
        rowWeights[i] = r;
      }
    }
    return { prior, rowWeights, priorOf, ...(costPrior ? { costPrior: { weight: costPrior.weight, matrix: costPrior.matrices[b] } } : {}) };
  });
}

/** The costPrior option checked: a finite weight ≥ 0 and per item a finite [L_b][frames_b] matrix. */
function checkCostPrior(
  costPrior: CostShapingOptions["costPrior"],
  targets: readonly SequenceView[],
  frames: readonly number[] | undefined,
  who: string,
): CostShapingOptions["costPrior"] {
  if (costPrior === undefined) return undefined;
  if (costPrior === null || typeof costPrior !== "object" || !(costPrior.weight >= 0) || !Number.isFinite(costPrior.weight)) {
    throw new RangeError(`${who}: costPrior must be { weight ≥ 0 (finite), matrices }, got ${describe(costPrior)}`);
  }
  const { matrices } = costPrior;
  if (!Array.isArray(matrices) || matrices.length !== targets.length) {
    throw new RangeError(`${who}: costPrior.matrices must hold one matrix per batch item (${targets.length}), got ${describe(matrices)}`);
  }
  matrices.forEach((m, b) => {
    const want = targets[b].length * (frames?.[b] ?? 0);
    if (!(m instanceof Float64Array) || (frames !== undefined && m.length !== want)) {
      throw new RangeError(`${who}: costPrior.matrices[${b}] must be a Float64Array of ${targets[b].length}×${frames?.[b] ?? "frames"} values (target elements × frames), got ${describe(m)}`);
    }
    for (let k = 0; k < m.length; k++) {
      if (!Number.isFinite(m[k])) throw new RangeError(`${who}: costPrior.matrices[${b}] holds ${m[k]} at flat index ${k}; expected finite values`);
    }
  });
  return costPrior;
}

/** The inputs and outputs of logSoftmaxRows. */
export interface LogSoftmaxRowsOptions {
  /** [B][T][C] logits, or log-probabilities with input "logProbabilities". */
  x: Float32Array | Float64Array;
  dims: { B: number; T: number; C: number };
  /** Per item, the frames used (the first lengths[b]). */
  lengths: readonly number[];
  /** [B][T][C] receives the log-probabilities. */
  logp: Float64Array;
  /** [B][T][C] receives the softmax (input "logits" only). */
  probs: Float64Array | null;
  /** "logProbabilities": x already holds them (−∞ allowed) and is copied after the check. */
  input: "logits" | "logProbabilities";
  who: string;
}

/**
 * Log-softmax per frame in float64 into `logp`, and the softmax into `probs`. Throws on a
 * non-finite input, naming its place.
 */
export function logSoftmaxRows(o: LogSoftmaxRowsOptions): void {
  const { x, lengths, logp, probs, who } = o;
  const { B, T, C } = o.dims;
  const given = o.input === "logProbabilities";
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

/** The inputs and outputs of ctcBatch. */
export interface CtcBatchOptions {
  /** [B][T][C] log-probabilities. */
  logp: Float64Array;
  /** [B][T][C] their softmax: when given, `grad` receives ∂/∂logits instead of ∂/∂logp. */
  probs: Float64Array | null;
  dims: { B: number; T: number; C: number };
  /** Per item, the frames used (the first lengths[b]). */
  lengths: readonly number[];
  labels: readonly Int32Array[];
  checked: CheckedCtcOptions;
  /** "mean": each item divided by max(1, its label length), the gradient by B·max(1, L) (PyTorch's "mean"). */
  reduction: "mean" | "sum";
  /** [B] receives the per-item values. */
  values: Float64Array;
  /** [B][T][C] receives the gradient (overwritten). Absent: no gradient. */
  grad?: Float64Array | null;
  who: string;
}

/**
 * Per item: the CTC negative log-likelihood of labels[b] under logp[b] — under the item's
 * label-prior-shifted, class-weighted logp when asked (ctc.ts ctcItem) — plus the label-proportion
 * term (ctc.ts proportionTerm) when checked.proportionWeight > 0. Infeasible items
 * give +∞, or 0 (gradient 0) with zeroInfinity. With `probs` the gradient is ∂/∂logits: g − p·Σ_k g per frame.
 */
export function ctcBatch(o: CtcBatchOptions): void {
  const { logp, probs, lengths, labels, checked, values, who } = o;
  const { B, T, C } = o.dims;
  const grad = o.grad ?? null;
  const mean = o.reduction === "mean";
  for (let b = 0; b < B; b++) {
    const off = b * T * C;
    const L = labels[b].length;
    // label-prior shift and class weights (ctc.ts ctcItem): the gradient goes to off
    let v = ctcItem(logp, off, lengths[b], C, labels[b], L, checked, grad, off, `${who}: item ${b}`);
    if (v === Infinity) {
      if (checked.zeroInfinity) v = 0; // the gradient is already zero
    } else if (probs !== null && grad !== null) {
      softmaxJacobian(grad, probs, off, lengths[b], C);
    }
    const scale = mean ? 1 / (B * Math.max(1, L)) : 1;
    values[b] = mean ? v / Math.max(1, L) : v;
    if (scale !== 1 && grad !== null) for (let n = off; n < off + T * C; n++) grad[n] *= scale;
    // the label-proportion term: not divided by L; its gradient sums to 0 per frame (no Jacobian needed)
    if (checked.proportionWeight > 0) values[b] += proportionTerm(logp, off, lengths[b], C, labels[b], L, checked, grad, off, mean ? 1 / B : 1);
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

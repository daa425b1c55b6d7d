/**
 * Connectionist temporal classification (Graves, Fernández, Gomez & Schmidhuber, ICML 2006): the
 * negative log-likelihood of a label sequence given per-frame log-probabilities, summed over every
 * frame-level alignment that collapses to it (merge repeats, then drop blanks), and its gradient.
 *
 * Forward (Graves eqs. 6–10, in log space): over the extended sequence l' = (blank, l_1, blank,
 * l_2, …, l_L, blank) of S = 2L + 1 states,
 *     α_0(0) = lp(0, blank),  α_0(1) = lp(0, l_1),
 *     α_t(s) = lp(t, l'_s) + logsumexp(α_{t−1}(s), α_{t−1}(s−1), α_{t−1}(s−2) if l'_s ≠ blank and l'_s ≠ l'_{s−2}),
 *     NLL = −logsumexp(α_{T−1}(S−1), α_{T−1}(S−2)).
 * Each logsumexp subtracts its maximum (so one term is exactly 1) and each state keeps its three
 * normalised weights w = e^(α_{t−1}(·) − max)/Σ, the posterior probability of each predecessor.
 *
 * Backward: instead of β (Graves eqs. 10–16), the state occupancy γ_t(s) = α_t(s)β_t(s)/P (the
 * posterior probability that the alignment is in state s at frame t) is accumulated backwards with
 * those weights — γ_{t−1}(s') = Σ_s γ_t(s)·w_t(s ← s') — from γ_{T−1}(S−1), γ_{T−1}(S−2) =
 * e^(α − logP): the same exponential-free recursion as soft-DTW's E. The gradient is
 *     ∂NLL/∂lp(t, k) = −Σ_{s: l'_s = k} γ_t(s),
 * the true gradient with respect to the log-probabilities, each treated as an independent input.
 *
 * For anyone comparing with PyTorch: `torch.nn.functional.ctc_loss` returns (in its backward) the
 * gradient with respect to the logits before log_softmax, softmax(z) − γ, not this one (pytorch
 * issues #52241, #82545). With normalised rows the two differ by exactly softmax: ∂NLL/∂z(t, k) =
 * ∂NLL/∂lp(t, k) + p(t, k) (because Σ_k ∂NLL/∂lp(t, k) = −1). TensorFlow's ctc_loss is the same as
 * PyTorch's (it applies softmax itself). `tfCtcLoss` with `inputs: "logits"` returns that one.
 *
 * Give CTC the reduced label sequence — one entry per chord segment, without blanks and without
 * padding — never the padded soft targets: [3, 3, 3, 7] asks for three separate segments of chord 3
 * (each pair separated by at least one blank frame), not for one long one.
 */
import { expRelative, logOneToFour } from "./fastMath.js";
import { toDense, sameFormAs, describe, type DenseMatrix, type Matrix } from "./matrix.js";
import { checkCtcOptions } from "./options.js";
import type { CtcOptions, LossResult } from "./types.js";
import { SLOT, type LossWorkspace } from "./workspace.js";

/** CTC refuses problems whose T × (2L+1) state grid exceeds this (3 float64 weights per state). */
export const CTC_MAX_STATES = 2 ** 24;

/**
 * CTC negative log-likelihood of `labels` under `logProbs` ([T frames][C classes], natural-log
 * probabilities, −∞ allowed), and its gradient ∂NLL/∂logProbs in the same form. Infeasible inputs
 * (the labels need more frames than T — L plus one per adjacent repeat — or every alignment has
 * probability 0) give value +∞ and a zero gradient, or value 0 with `zeroInfinity`.
 *
 * @example
 * import { ctcLoss } from "chordtrain";
 * const frame = Array.from({ length: 25 }, () => Math.log(1 / 25));
 * const logProbs = Array.from({ length: 10 }, () => frame); // [10 frames][25 classes]
 * const { value, grad } = ctcLoss(logProbs, [3, 3, 7], { blank: 24 });
 * // value = −log P(labels), grad[t][k] = ∂value/∂logProbs[t][k] (≤ 0; each row sums to −1)
 */
export function ctcLoss(logProbs: number[][], labels: readonly number[], options: CtcOptions): LossResult<number[][]>;
export function ctcLoss(logProbs: DenseMatrix, labels: readonly number[], options: CtcOptions): LossResult<DenseMatrix>;
export function ctcLoss(logProbs: Matrix, labels: readonly number[], options: CtcOptions): LossResult<Matrix>;
export function ctcLoss(logProbs: Matrix, labels: readonly number[], options: CtcOptions): LossResult<Matrix> {
  const who = "ctcLoss";
  const lp = toDense(logProbs, { what: `${who}: logProbs`, allowNegativeInfinity: true });
  const checked = checkCtcOptions(options, lp.cols, who);
  const labelArray = checkLabels(labels, lp.cols, checked.blank, who, checked.workspace);
  const grad = new Float64Array(lp.rows * lp.cols);
  let value = ctcKernel(lp.data, 0, lp.rows, lp.cols, labelArray, labels.length, checked.blank, checked.workspace, grad, 0, who);
  if (value === Infinity && checked.zeroInfinity) value = 0;
  return { value, grad: sameFormAs(logProbs, grad, lp.rows, lp.cols) };
}

/** Validate a label sequence (integers in [0, C), never the blank) into a workspace Int32Array. */
export function checkLabels(labels: readonly number[], classes: number, blank: number, who: string, workspace: LossWorkspace, slot: number = SLOT.ctcLabels): Int32Array {
  if (!Array.isArray(labels)) throw new TypeError(`${who}: labels must be an array of class indices, got ${describe(labels)}`);
  const out = workspace.int32(slot, labels.length);
  for (let n = 0; n < labels.length; n++) {
    const k: unknown = labels[n];
    if (typeof k !== "number" || !Number.isInteger(k) || k < 0 || k >= classes) {
      throw new RangeError(`${who}: labels[${n}] = ${describe(k)} is not a class index in [0, ${classes})`);
    }
    if (k === blank) {
      throw new RangeError(`${who}: labels[${n}] = ${k} is the blank; pass the reduced label sequence without blanks or padding`);
    }
    out[n] = k;
  }
  return out;
}

/** Frames a label sequence needs: one per label plus one blank between each adjacent repeat. */
export function ctcMinimumFrames(labels: ArrayLike<number>, length: number): number {
  let needed = length;
  for (let n = 1; n < length; n++) if (labels[n] === labels[n - 1]) needed++;
  return needed;
}

/**
 * The CTC dynamic program on logp[offset …] ([T][C] row-major). Returns the NLL (+∞ when
 * infeasible). When `gradOut` is given, writes ∂NLL/∂logp into gradOut[gradOffset …] ([T][C];
 * zeros when infeasible) — overwriting, not adding.
 */
export function ctcKernel(
  logp: Float32Array | Float64Array,
  offset: number,
  T: number,
  C: number,
  labels: Int32Array,
  L: number,
  blank: number,
  workspace: LossWorkspace,
  gradOut: Float64Array | null,
  gradOffset: number,
  who: string,
): number {
  if (gradOut !== null) gradOut.fill(0, gradOffset, gradOffset + T * C);
  if (T < ctcMinimumFrames(labels, L)) return Infinity;
  const S = 2 * L + 1;
  if (T * S > CTC_MAX_STATES) {
    throw new RangeError(`${who}: ${T} frames × ${S} states = ${T * S} exceeds ${CTC_MAX_STATES} (the gradient keeps 24 bytes per state)`);
  }
  const storeWeights = gradOut !== null;
  const weights = workspace.float64(SLOT.ctcWeights, storeWeights ? 3 * T * S : 0); // [T][S][3]
  let prev = workspace.float64(SLOT.ctcRowA, S); // α_{t−1}(·)
  let cur = workspace.float64(SLOT.ctcRowB, S); // α_t(·)
  prev.fill(-Infinity, 0, S);
  prev[0] = logp[offset + blank];
  if (S > 1) prev[1] = logp[offset + labels[0]];
  for (let t = 1; t < T; t++) {
    cur.fill(-Infinity, 0, S);
    const row = offset + t * C;
    // Only states reachable from the start (s ≤ 2t+1) that can still reach the end (s ≥ S − 2(T−t)).
    const sLo = Math.max(0, S - 2 * (T - t));
    const sHi = Math.min(S - 1, 2 * t + 1);
    for (let s = sLo; s <= sHi; s++) {
      const isLabel = (s & 1) === 1;
      const k = isLabel ? labels[s >> 1] : blank;
      const a = prev[s]; // stay
      const b = s >= 1 ? prev[s - 1] : -Infinity; // advance by one
      // skip a blank: only into a label that differs from the previous label
      const c = isLabel && s >= 3 && k !== labels[(s >> 1) - 1] ? prev[s - 2] : -Infinity;
      let m = a > b ? a : b;
      if (c > m) m = c;
      const w = 3 * (t * S + s);
      if (m === -Infinity) {
        if (storeWeights) weights[w] = weights[w + 1] = weights[w + 2] = 0;
        continue; // unreachable: α stays −∞
      }
      const ea = expRelative(a - m);
      const eb = expRelative(b - m);
      const ec = expRelative(c - m);
      const sum = ea + eb + ec;
      cur[s] = logp[row + k] + (sum === 1 ? m : m + logOneToFour(sum));
      if (storeWeights) {
        const inv = 1 / sum;
        weights[w] = ea * inv;
        weights[w + 1] = eb * inv;
        weights[w + 2] = ec * inv;
      }
    }
    const swap = prev;
    prev = cur;
    cur = swap;
  }
  // prev = α_{T−1}
  const last = prev[S - 1];
  const beforeLast = S > 1 ? prev[S - 2] : -Infinity;
  const m = last > beforeLast ? last : beforeLast;
  if (m === -Infinity) return Infinity; // every alignment has probability 0
  const logP = m + logOneToFour(expRelative(last - m) + expRelative(beforeLast - m));
  if (gradOut !== null) {
    ctcBackward(T, C, S, labels, blank, weights, workspace, expRelative(last - logP), expRelative(beforeLast - logP), gradOut, gradOffset);
  }
  return -logP;
}

/** Occupancy γ_t(s) accumulated backwards with the forward weights; grad(t, l'_s) −= γ_t(s). */
function ctcBackward(
  T: number,
  C: number,
  S: number,
  labels: Int32Array,
  blank: number,
  weights: Float64Array, // [T][S][3]
  workspace: LossWorkspace,
  occLast: number,
  occBeforeLast: number,
  gradOut: Float64Array, // [T][C]
  gradOffset: number,
): void {
  let occ = workspace.float64(SLOT.ctcOccupancyA, S); // γ_t(·)
  let occPrev = workspace.float64(SLOT.ctcOccupancyB, S); // γ_{t−1}(·)
  occ.fill(0, 0, S);
  occ[S - 1] = occLast;
  if (S > 1) occ[S - 2] = occBeforeLast;
  for (let t = T - 1; t >= 0; t--) {
    const row = gradOffset + t * C;
    if (t > 0) occPrev.fill(0, 0, S);
    for (let s = 0; s < S; s++) {
      const o = occ[s];
      if (o === 0) continue;
      gradOut[row + ((s & 1) === 1 ? labels[s >> 1] : blank)] -= o;
      if (t === 0) continue;
      const w = 3 * (t * S + s);
      occPrev[s] += o * weights[w];
      if (s >= 1) occPrev[s - 1] += o * weights[w + 1];
      if (s >= 2) occPrev[s - 2] += o * weights[w + 2];
    }
    const swap = occ;
    occ = occPrev;
    occPrev = swap;
  }
}

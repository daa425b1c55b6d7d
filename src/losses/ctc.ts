/**
 * Connectionist temporal classification (Graves, Fernández, Gomez & Schmidhuber, ICML 2006): the
 * negative log-likelihood of a label sequence given per-frame log-probabilities, summed over every
 * frame-level alignment that collapses to it (merge repeats, then drop blanks), and its gradient.
 *
 * Forward (Graves eqs. 6–8, in log space): over the extended sequence l' = (blank, l_1, blank,
 * l_2, …, l_L, blank) of S = 2L + 1 states,
 *     α_0(0) = lp(0, blank),  α_0(1) = lp(0, l_1),
 *     α_t(s) = lp(t, l'_s) + logsumexp(α_{t−1}(s), α_{t−1}(s−1), α_{t−1}(s−2) if l'_s ≠ blank and l'_s ≠ l'_{s−2}),
 *     NLL = −logsumexp(α_{T−1}(S−1), α_{T−1}(S−2)).
 * Each logsumexp subtracts its maximum (no overflow; see ctcKernel for the deferred logarithm) and
 * each state keeps its three normalised weights w = e^(α_{t−1}(·) − α_t(s) + lp(t, l'_s)), the
 * posterior probability of each predecessor given the state.
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
import { expRelative } from "../util/fastMath.js";
import { gradientArray, toDense, sameFormAs, describe, type DenseMatrix, type Matrix } from "./matrix.js";
import { checkCtcOptions, type CheckedCtcOptions } from "./options.js";
import type { CtcOptions, GradientOutput, LossResult } from "./types.js";
import { INT_SLOT, SLOT, type LossWorkspace } from "./workspace.js";

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
export function ctcLoss(logProbs: DenseMatrix, labels: readonly number[], options: CtcOptions & GradientOutput): LossResult<DenseMatrix>;
export function ctcLoss(logProbs: Matrix, labels: readonly number[], options: CtcOptions & GradientOutput): LossResult<Matrix>;
export function ctcLoss(logProbs: Matrix, labels: readonly number[], options: CtcOptions & GradientOutput): LossResult<Matrix> {
  const who = "ctcLoss";
  const lp = toDense(logProbs, { what: `${who}: logProbs`, allowNegativeInfinity: true });
  const checked = checkCtcOptions(options, lp.cols, who, ["out"]);
  const labelArray = checkLabels(labels, lp.cols, checked.blank, who, checked.workspace);
  const grad = gradientArray(options.out, lp.rows * lp.cols, logProbs, lp.data, who);
  let value = ctcItem(lp.data, 0, lp.rows, lp.cols, labelArray, labels.length, checked, grad, 0, who);
  if (value === Infinity && checked.zeroInfinity) value = 0;
  if (checked.proportionWeight > 0) value += proportionTerm(lp.data, 0, lp.rows, lp.cols, labelArray, labels.length, checked, grad, 0, 1);
  return { value, grad: sameFormAs(logProbs, grad, lp.rows, lp.cols) };
}

/**
 * One item's CTC value (no reduction, no proportion term) under the options' label-prior shift and
 * class weights: the kernel runs on w_k·(log p_t(k) − α·log P̂(k)), and ∂/∂log p_t(k) is w_k times
 * the kernel's gradient (P̂ held constant). Writes ∂/∂logp into grad[gradOffset …] (overwritten;
 * zeros when infeasible). Returns +∞ when infeasible.
 */
export function ctcItem(
  logp: Float32Array | Float64Array,
  offset: number,
  T: number,
  C: number,
  labels: Int32Array,
  L: number,
  checked: CheckedCtcOptions,
  grad: Float64Array | null,
  gradOffset: number,
  who: string,
): number {
  const { workspace } = checked;
  let input: Float32Array | Float64Array = logp;
  let at = offset;
  if (checked.priorScale > 0) {
    input = labelPriorShift(logp, offset, T, C, checked.priorScale, workspace);
    at = 0;
  }
  const w = checked.classWeights;
  if (w !== null) {
    const weighted = workspace.float64(SLOT.ctcWeighted, T * C);
    for (let t = 0; t < T; t++) for (let k = 0; k < C; k++) weighted[t * C + k] = w[k] * input[at + t * C + k];
    input = weighted;
    at = 0;
  }
  const value = ctcKernel(input, at, T, C, labels, L, checked.blank, workspace, grad, gradOffset, who);
  if (w !== null && grad !== null && value !== Infinity) {
    for (let t = 0; t < T; t++) for (let k = 0; k < C; k++) grad[gradOffset + t * C + k] *= w[k];
  }
  return value;
}

/**
 * The label-proportion term of one item (CtcOptions.proportionWeight λ): λ·KL(π ‖ p̄), π(c) = share
 * of c among the L labels, p̄(c) = mean over the T frames of q_t(c) = softmax of the non-blank
 * log-probabilities (a frame whose non-blank entries are all −∞ contributes q = 0). Adds
 * scale·∂/∂logp into grad[gradOffset …] when given:
 *     ∂(λ·KL)/∂log p_t(c) = λ·q_t(c)·(a_c − Σ_j q_t(j)·a_j),   a_j = −π(j)/(T·p̄(j)),   0 for the blank.
 * These sum to 0 over each frame, so the log-softmax Jacobian leaves them unchanged. 0 when L = 0.
 */
export function proportionTerm(
  logp: Float32Array | Float64Array,
  offset: number,
  T: number,
  C: number,
  labels: Int32Array,
  L: number,
  checked: CheckedCtcOptions,
  grad: Float64Array | null,
  gradOffset: number,
  scale: number,
): number {
  const lambda = checked.proportionWeight;
  if (L === 0 || lambda === 0) return 0;
  const { blank, workspace } = checked;
  // [0, C): π; [C, 2C): p̄ then a; [2C, 3C): this frame's q
  const buf = workspace.float64(SLOT.ctcProportion, 3 * C).fill(0, 0, 3 * C);
  for (let n = 0; n < L; n++) buf[labels[n]] += 1 / L;
  const q = (t: number): void => {
    let m = -Infinity;
    for (let k = 0; k < C; k++) if (k !== blank && logp[offset + t * C + k] > m) m = logp[offset + t * C + k];
    let sum = 0;
    for (let k = 0; k < C; k++) {
      const e = k === blank || m === -Infinity ? 0 : Math.exp(logp[offset + t * C + k] - m);
      buf[2 * C + k] = e;
      sum += e;
    }
    for (let k = 0; k < C; k++) buf[2 * C + k] = sum > 0 ? buf[2 * C + k] / sum : 0;
  };
  for (let t = 0; t < T; t++) {
    q(t);
    for (let k = 0; k < C; k++) buf[C + k] += buf[2 * C + k] / T;
  }
  let kl = 0;
  for (let k = 0; k < C; k++) if (buf[k] > 0) kl += buf[k] * (Math.log(buf[k]) - Math.log(buf[C + k]));
  if (grad !== null) {
    for (let k = 0; k < C; k++) buf[C + k] = buf[k] > 0 ? -buf[k] / (T * buf[C + k]) : 0; // a_k
    for (let t = 0; t < T; t++) {
      q(t);
      let dot = 0;
      for (let k = 0; k < C; k++) dot += buf[2 * C + k] * buf[C + k];
      for (let k = 0; k < C; k++) grad[gradOffset + t * C + k] += scale * lambda * buf[2 * C + k] * (buf[C + k] - dot);
    }
  }
  return lambda * kl;
}

/** Floor of log P̂ in labelPriorShift (Huang et al. 2024's −12: a class never predicted gets a finite boost). */
export const CTC_LOG_PRIOR_FLOOR = -12;

/**
 * Label-prior-scaled log-probabilities of one item (CtcOptions.priorScale): logp[offset …] ([T][C])
 * minus α·max(log P̂(k), −12), P̂(k) = (1/T)·Σ_t e^(logp[t][k]), into a workspace buffer [T][C]
 * (returned; logp is not changed). The CTC value and gradient of the result, taken as they are,
 * are those of label-prior CTC with P̂ held constant (stop-gradient): ∂/∂logp = ∂/∂(shifted).
 */
export function labelPriorShift(
  logp: Float32Array | Float64Array,
  offset: number,
  T: number,
  C: number,
  scale: number,
  workspace: LossWorkspace,
): Float64Array {
  const prior = workspace.float64(SLOT.ctcPrior, C).fill(0, 0, C);
  for (let t = 0; t < T; t++) for (let k = 0; k < C; k++) prior[k] += Math.exp(logp[offset + t * C + k]);
  for (let k = 0; k < C; k++) prior[k] = scale * Math.max(Math.log(prior[k] / T), CTC_LOG_PRIOR_FLOOR);
  const out = workspace.float64(SLOT.ctcShifted, T * C);
  for (let t = 0; t < T; t++) for (let k = 0; k < C; k++) out[t * C + k] = logp[offset + t * C + k] - prior[k];
  return out;
}

/** Validate a label sequence (integers in [0, C), never the blank) into a workspace Int32Array. */
export function checkLabels(labels: readonly number[], classes: number, blank: number, who: string, workspace: LossWorkspace, slot: number = INT_SLOT.ctcLabels): Int32Array {
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

/**
 * Frames a label sequence needs for CTC to be feasible: one per label plus one blank between each
 * pair of equal adjacent labels. With fewer frames the loss is +∞ (or 0 under zeroInfinity).
 *
 * @example
 * import { ctcMinimumFrames } from "chordtrain";
 * ctcMinimumFrames([3, 3, 7]); // 4: 3, blank, 3, 7
 */
export function ctcMinimumFrames(labels: readonly number[]): number {
  return framesNeeded(labels, labels.length);
}

function framesNeeded(labels: ArrayLike<number>, length: number): number {
  let needed = length;
  for (let n = 1; n < length; n++) if (labels[n] === labels[n - 1]) needed++;
  return needed;
}

/** σ is folded back into μ above this (expRelative's cutoff assumes factors ≤ 2^10). */
const SIGMA_MAX = 1024;

/**
 * The CTC dynamic program on logp[offset …] ([T][C] row-major). Returns the NLL (+∞ when
 * infeasible). When `gradOut` is given, writes ∂NLL/∂logp into gradOut[gradOffset …] ([T][C];
 * zeros when infeasible) — overwriting, not adding.
 *
 * As in softDtwKernel.ts, each α_t(s) is held as a pair (μ, σ) with α = μ + ln σ, 1 ≤ σ ≤ 2^10:
 * the logsumexp of the three predecessors is μ* + ln Σ_x σ_x e^(μ_x − μ*) with μ* the largest,
 * and the logarithm is only taken when σ would exceed 2^10 — two exponentials per state, no log.
 * State buffers are offset by two (buffer[s + 2]) so s − 1 and s − 2 need no bounds checks.
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
  if (T < framesNeeded(labels, L)) return Infinity;
  const S = 2 * L + 1;
  if (T * S > CTC_MAX_STATES) {
    throw new RangeError(`${who}: ${T} frames × ${S} states = ${T * S} exceeds ${CTC_MAX_STATES} (the gradient keeps 24 bytes per state)`);
  }
  // l'_s and whether state s may be entered from s − 2 (a label differing from the previous one).
  const ext = workspace.int32(INT_SLOT.ctcExtended, S);
  const skip = workspace.int32(INT_SLOT.ctcSkip, S);
  for (let s = 0; s < S; s++) {
    const isLabel = (s & 1) === 1;
    ext[s] = isLabel ? labels[s >> 1] : blank;
    skip[s] = isLabel && s >= 3 && labels[s >> 1] !== labels[(s >> 1) - 1] ? 1 : 0;
  }
  const storeWeights = gradOut !== null;
  // [T][S][3] weights (stay, from s−1, from s−2), plus 2 states of padding read (× 0) by the backward.
  const weights = workspace.float64(SLOT.ctcWeights, storeWeights ? 3 * (T * S + 2) : 0);
  let muPrev = workspace.float64(SLOT.ctcRowA, S + 2).fill(-Infinity, 0, S + 2); // α_{t−1} as (μ, σ), [s + 2]
  let sigmaPrev = workspace.float64(SLOT.ctcSigmaA, S + 2).fill(1, 0, S + 2);
  let muCur = workspace.float64(SLOT.ctcRowB, S + 2).fill(-Infinity, 0, S + 2);
  let sigmaCur = workspace.float64(SLOT.ctcSigmaB, S + 2).fill(1, 0, S + 2);
  // t = 0: α_0(0) = lp(0, blank), α_0(1) = lp(0, l_1) (Graves eq. 6–7).
  muPrev[2] = logp[offset + blank];
  if (S > 1) muPrev[3] = logp[offset + labels[0]];
  for (let t = 1; t < T; t++) {
    // Only states reachable from the start (s ≤ 2t+1) that can still reach the end (s ≥ S − 2(T−t)).
    const sLo = Math.max(0, S - 2 * (T - t));
    const sHi = Math.min(S - 1, 2 * t + 1);
    muCur.fill(-Infinity, 0, S + 2);
    ctcForwardStep(logp, offset + t * C, ext, skip, sLo, sHi, muPrev, sigmaPrev, muCur, sigmaCur, weights, 3 * t * S, storeWeights);
    let swap = muPrev;
    muPrev = muCur;
    muCur = swap;
    swap = sigmaPrev;
    sigmaPrev = sigmaCur;
    sigmaCur = swap;
  }
  // log P = logsumexp(α_{T−1}(S−1), α_{T−1}(S−2))  (Graves eq. 8)
  const last = muPrev[S + 1] + Math.log(sigmaPrev[S + 1]);
  const beforeLast = S > 1 ? muPrev[S] + Math.log(sigmaPrev[S]) : -Infinity;
  const m = last > beforeLast ? last : beforeLast;
  if (m === -Infinity) return Infinity; // every alignment has probability 0
  const logP = m + Math.log(Math.exp(last - m) + Math.exp(beforeLast - m));
  if (gradOut !== null) {
    ctcBackward(T, C, S, ext, blank, weights, workspace, Math.exp(last - logP), Math.exp(beforeLast - logP), gradOut, gradOffset);
  }
  return -logP;
}

/** One frame of the forward recursion over states sLo…sHi (its own function so V8 optimises it whole). */
function ctcForwardStep(
  logp: Float32Array | Float64Array,
  row: number, // offset of frame t in logp
  ext: Int32Array, // l'_s
  skip: Int32Array, // 1 when s may be entered from s − 2
  sLo: number,
  sHi: number,
  muPrev: Float64Array, // α_{t−1}, [s + 2]
  sigmaPrev: Float64Array,
  muCur: Float64Array, // α_t, [s + 2]: written
  sigmaCur: Float64Array,
  weights: Float64Array,
  base: number, // 3·t·S
  storeWeights: boolean,
): void {
  for (let s = sLo; s <= sHi; s++) {
    const a = muPrev[s + 2]; // stay
    const b = muPrev[s + 1]; // from s − 1
    const c = skip[s] === 1 ? muPrev[s] : -Infinity; // from s − 2
    const sa = sigmaPrev[s + 2];
    const sb = sigmaPrev[s + 1];
    const sc = sigmaPrev[s];
    // μ* = the largest; its term is its σ. (If all are −∞ the differences are NaN, expRelative
    // returns 0 for NaN, and μ stays −∞: the state is unreachable.)
    let m: number;
    let s0: number;
    let x1: number;
    let s1: number;
    let x2: number;
    let s2: number;
    let which: number;
    if (a >= b && a >= c) {
      m = a;
      s0 = sa;
      x1 = b;
      s1 = sb;
      x2 = c;
      s2 = sc;
      which = 0;
    } else if (b >= c) {
      m = b;
      s0 = sb;
      x1 = a;
      s1 = sa;
      x2 = c;
      s2 = sc;
      which = 1;
    } else {
      m = c;
      s0 = sc;
      x1 = a;
      s1 = sa;
      x2 = b;
      s2 = sb;
      which = 2;
    }
    const t1 = s1 * expRelative(x1 - m);
    const t2 = s2 * expRelative(x2 - m);
    let sigma = s0 + t1 + t2;
    if (storeWeights) {
      const inv = 1 / sigma;
      const p0 = s0 * inv;
      const p1 = t1 * inv;
      const p2 = t2 * inv;
      const w = base + 3 * s;
      weights[w] = which === 0 ? p0 : p1;
      weights[w + 1] = which === 1 ? p0 : which === 0 ? p1 : p2;
      weights[w + 2] = which === 2 ? p0 : p2;
    }
    let mu = logp[row + ext[s]] + m;
    if (sigma > SIGMA_MAX) {
      mu += Math.log(sigma);
      sigma = 1;
    }
    muCur[s + 2] = mu;
    sigmaCur[s + 2] = sigma;
  }
}

/**
 * Occupancy γ_t(s), pulled backwards through the forward weights,
 * γ_{t−1}(p) = γ_t(p)·w_t(p, stay) + γ_t(p+1)·w_t(p+1, from s−1) + γ_t(p+2)·w_t(p+2, from s−2),
 * and grad(t, l'_s) −= γ_t(s).
 */
function ctcBackward(
  T: number,
  C: number,
  S: number,
  ext: Int32Array,
  blank: number,
  weights: Float64Array, // [T][S][3] (+ padding)
  workspace: LossWorkspace,
  occLast: number,
  occBeforeLast: number,
  gradOut: Float64Array, // [T][C]
  gradOffset: number,
): void {
  // γ_t(·) with two zero states after the end, so p + 1 and p + 2 need no bounds checks.
  let occ = workspace.float64(SLOT.ctcOccupancyA, S + 2).fill(0, 0, S + 2);
  let occPrev = workspace.float64(SLOT.ctcOccupancyB, S + 2).fill(0, 0, S + 2);
  occ[S - 1] = occLast;
  if (S > 1) occ[S - 2] = occBeforeLast;
  for (let t = T - 1; t >= 0; t--) {
    ctcGradientRow(occ, S, ext, blank, gradOut, gradOffset + t * C);
    if (t === 0) break;
    ctcBackwardStep(occ, occPrev, S, weights, 3 * t * S);
    const swap = occ;
    occ = occPrev;
    occPrev = swap;
  }
}

/** grad(t, l'_s) −= γ_t(s); the blank's share summed in a register. */
function ctcGradientRow(occ: Float64Array, S: number, ext: Int32Array, blank: number, gradOut: Float64Array, row: number): void {
  let blankSum = 0;
  for (let s = 0; s < S; s += 2) blankSum += occ[s];
  gradOut[row + blank] = -blankSum;
  for (let s = 1; s < S; s += 2) gradOut[row + ext[s]] -= occ[s];
}

function ctcBackwardStep(occ: Float64Array, occPrev: Float64Array, S: number, weights: Float64Array, base: number): void {
  for (let p = 0; p < S; p++) {
    const w = base + 3 * p;
    occPrev[p] = occ[p] * weights[w] + occ[p + 1] * weights[w + 4] + occ[p + 2] * weights[w + 8];
  }
}

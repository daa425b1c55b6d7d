/**
 * Public option and result types of the losses. Each function turns these into a fully checked
 * internal object first (`checkSoftDtwOptions`, `checkCtcOptions`), so the kernels never see
 * unchecked values.
 */
import type { LossWorkspace } from "./workspace.js";

/** Divide the soft-DTW value (and gradient) by nothing, N (columns = frames), M (rows = targets) or N + M. */
export type SoftDtwNormalization = "none" | "n" | "m" | "n+m";

/** How a batch of per-item losses is combined. */
export type LossReduction = "mean" | "sum" | "none";

/**
 * Options of soft-DTW. The cost matrix has rows i = 0…M−1 (targets) and columns j = 0…N−1
 * (prediction frames), and the recursion is
 * `D(i,j) = softmin_γ(D(i−1,j) + w_v·C(i,j), D(i,j−1) + w_h·C(i,j), D(i−1,j−1) + w_d·C(i,j))`,
 * `D(0,0) = C(0,0)`, value `D(M−1,N−1)`.
 */
/** The local costs of soft-DTW between predictions and targets (TfSoftDtwLossOptions.cost). */
export const SOFT_DTW_COSTS = ["squaredEuclidean", "crossEntropy"] as const;
export type SoftDtwCost = (typeof SOFT_DTW_COSTS)[number];

export interface SoftDtwOptions {
  /** Smoothing γ > 0 (finite). γ → 0 gives hard DTW; even γ = 1e-300 works. */
  gamma: number;
  /**
   * Sakoe–Chiba band half-width b ≥ 0 on the scaled diagonal: cell (i, j) is used when
   * |i/M − j/N| ≤ b (exactly: |i·N − j·M| ≤ b·M·N) or when it lies on the staircase
   * floor(i·N/M) ≤ j ≤ max(floor(i·N/M), floor((i+1)·N/M) − 1), which keeps (0,0) → (M−1,N−1)
   * feasible for any b. Cells outside get gradient 0.
   * @default undefined (no band; b ≥ 1 is the same)
   */
  band?: number;
  /**
   * Divide the value and gradient by N (frames, columns), M (targets, rows) or N + M.
   * @default "none"
   */
  normalize?: SoftDtwNormalization;
  /**
   * Step weights [w_v, w_h, w_d] (finite, ≥ 0) multiplying the local cost of the cell entered by a
   * vertical (next target, same frame), horizontal (next frame, same target) or diagonal step.
   * With many more frames than targets, [1, 0, 1] stops the alignment collapsing onto single
   * target elements (Zeitler, Krause & Müller, ICASSP 2024).
   * @default [1, 1, 1]
   */
  stepWeights?: readonly [number, number, number];
  /**
   * Refuse matrices whose band holds more cells than this (the gradient stores 3 float64 per
   * cell: 24 bytes). Value-only calls (`softDtwValue`) need O(N) memory and ignore it.
   * @default 16777216 (2^24 cells = 384 MB of weights, e.g. 4096 × 4096)
   */
  maxCells?: number;
  /** Scratch buffers reused across calls (see `createLossWorkspace`). */
  workspace?: LossWorkspace;
}

/** An output buffer for the gradient of `softDtw` / `ctcLoss` (see `out`). */
export interface GradientOutput {
  /**
   * Write the gradient into this row-major array (length rows × cols of the input, not the
   * input's own array) instead of a new one; `grad.data` is then this array. Only with a
   * `{ data, rows, cols }` input. In a loop this avoids a fresh array per call, whose first
   * writes cost page faults until the garbage collector first frees memory (calls 1–1000 of a
   * process ran at ~2× the later speed here: issue #11).
   */
  out?: Float64Array;
}

/** Options of the soft-DTW divergence: the soft-DTW options (applied to all three terms). */
export type SoftDtwDivergenceOptions = SoftDtwOptions;

/** A loss value and its gradient, in the same form as the input the gradient refers to. */
export interface LossResult<G> {
  value: number;
  grad: G;
}

/** Options of CTC (Graves et al. 2006). */
export interface CtcOptions {
  /** Index of the blank class, 0 ≤ blank < C. chordtrain's models use 24. */
  blank: number;
  /**
   * Infeasible inputs (labels need more frames than there are, or every alignment has
   * probability 0) give value 0 and gradient 0 instead of value +∞ (gradient 0).
   * @default false
   */
  zeroInfinity?: boolean;
  /**
   * Label-prior-scaled CTC (Huang et al., ICASSP 2024; Zeyer et al. 2021's prior scaling): the
   * forward–backward runs on log p̃_t(k) = log p_t(k) − α·log P̂(k), with P̂(k) the mean posterior
   * of class k over the item's frames (floored at e^−12), held constant (stop-gradient). A class
   * the model already predicts often (a dominant blank) gets less of the alignment, so the
   * gradient p − γ̃ pushes it back down. 0 = plain CTC. The value is then not a log-likelihood.
   * @default 0
   */
  priorScale?: number;
  /**
   * Emission weights, one per class (blank included): the forward–backward runs on
   * w_k·log p_t(k) (after the label-prior shift), so a path costs Σ_t −w_{π_t}·log p_t(π_t) — the
   * CTC analogue of soft-DTW's class-balanced cost (w > 1 on a rare class's labels, or on the blank:
   * Zeitler & Müller's blank penalty weight). ∂/∂log p_t(k) = w_k·(the gradient of the weighted
   * problem). Absent: all 1 (plain CTC). The value is then not a log-likelihood.
   */
  classWeights?: readonly number[];
  /**
   * Label-proportion term λ (Mann & McCallum's expectation regularisation, per item as in learning
   * from label proportions): each item's value gets + λ·KL(π ‖ p̄), π(c) = the share of label c in
   * the item's label sequence, p̄(c) = (1/T)·Σ_t q_t(c), q_t the softmax over the non-blank classes
   * (the blank excluded, so the term constrains the decoded chords only). Items without labels get
   * no term. With reduction "mean" the term is not divided by the label length. @default 0
   */
  proportionWeight?: number;
  /** Scratch buffers reused across calls (see `createLossWorkspace`). */
  workspace?: LossWorkspace;
}

/** Options of `tfSoftDtwLoss`: the soft-DTW options plus batch handling. */
export interface TfSoftDtwLossOptions extends SoftDtwOptions {
  /**
   * Use the soft-DTW divergence sdtw(x, y) − ½(sdtw(x, x) + sdtw(y, y)) per item.
   * @default false
   */
  divergence?: boolean;
  /**
   * Combine the per-item losses: mean over the batch, sum, or none (a [B] tensor).
   * @default "mean"
   */
  reduction?: LossReduction;
  /**
   * Number of prediction frames used per batch item (1 ≤ lengths[b] ≤ T); frames beyond it do
   * not enter the loss and get gradient 0.
   * @default every item uses all T frames
   */
  lengths?: readonly number[];
  /**
   * Diagonal prior (Zeitler et al., ISMIR 2023): the cost becomes C + weight·(1 − P), P = 1 on
   * the straight diagonal's block of each target element and exp(−d²/(2·nu)) at d frames from it
   * (exact rule: diagonalPrior.ts). weight ≥ 0 (0 = off), nu > 0 in frames². A constant: it
   * moves the soft alignment, hence the gradient, but gets no gradient itself.
   * @default undefined (no prior)
   */
  diagonalPrior?: { weight: number; nu: number };
  /**
   * Class-balanced cost: target row i's cost is multiplied by Σ_k targets[i][k]·classWeights[k]
   * (a one-hot row: the weight of its class). K finite numbers ≥ 0.
   * @default undefined (every row weight 1)
   */
  classWeights?: readonly number[];
  /**
   * A fixed cost added to each item's cost matrix: C + weight·matrices[b], matrices[b] row-major
   * [L_b][lengths[b]] (target elements × frames), finite. Like the diagonal prior a constant that
   * steers the alignment and gets no gradient (e.g. training/templatePrior.ts: how far each frame's
   * chroma is from each target chord's template). weight ≥ 0 (0 = off).
   * @default undefined (none)
   */
  costPrior?: { weight: number; matrices: readonly Float64Array[] };
  /**
   * The local cost: "squaredEuclidean" C(i, j) = ‖target_i − prediction_j‖² on probabilities, or
   * "crossEntropy" C(i, j) = −Σ_k target_i[k]·prediction_j[k] with predictions holding
   * log-probabilities (e.g. tf.logSoftmax): −log p_j(c) for a one-hot target of class c. Its
   * gradient through a log-softmax is p_j − ŷ_j per unit of alignment mass, which does not vanish
   * where a wrong class is saturated (the squared cost's softmax gradient does). Not with the
   * divergence or proportionWeight.
   * @default "squaredEuclidean"
   */
  cost?: SoftDtwCost;
  /**
   * Label-proportion term λ ≥ 0: each item's value gets + λ·KL(π ‖ p̄), π = the target's class shares
   * with each run of identical rows counted once (one-hot rows: each element of the sequence equally),
   * p̄ = the mean prediction over the item's frames — for predictions that are probabilities
   * (exact rule: proportion.ts). Added after normalisation and to the divergence alike.
   * @default 0 (none)
   */
  proportionWeight?: number;
}

/** Options of `tfCtcLoss`. */
export interface TfCtcLossOptions {
  /** Index of the blank class, 0 ≤ blank < C. chordtrain's models use 24. */
  blank: number;
  /**
   * Infeasible items give loss 0 and gradient 0 instead of +∞.
   * @default false
   */
  zeroInfinity?: boolean;
  /** Label-prior scale α, per item (see CtcOptions.priorScale). @default 0 */
  priorScale?: number;
  /**
   * "mean" (the default, as PyTorch): each item's loss divided by its label length (at least 1),
   * then averaged over the batch; "sum": summed; "none": a [B] tensor of per-item losses.
   * @default "mean"
   */
  reduction?: LossReduction;
  /**
   * What the input tensor holds: raw scores to which log-softmax is applied (in float64, inside
   * the op, gradient through it included) or log-probabilities used as they are.
   * @default "logits"
   */
  inputs?: "logits" | "logProbs";
  /**
   * Frames used per batch item (1 ≤ inputLengths[b] ≤ T); later frames get gradient 0.
   * @default every item uses all T frames
   */
  inputLengths?: readonly number[];
  /** Scratch buffers reused across calls (see `createLossWorkspace`). */
  workspace?: LossWorkspace;
}

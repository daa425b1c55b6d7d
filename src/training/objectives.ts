/**
 * The training losses on a batch of model outputs, each a scalar to minimise.
 *
 * bce:     binary cross-entropy of the 24 softmax outputs against the one-hot strong targets,
 *          as the study's baseline (torch BCELoss on the softmax): −[y·log p + (1−y)·log(1−p)],
 *          averaged over the unmasked (frame, class) pairs — no-chord frames are masked out, so
 *          the denominator is 24 × (number of chord frames). p is clipped to [1e-7, 1 − 1e-7]
 *          (Keras' ε) so that a saturated softmax gives a finite loss and gradient.
 * softDtw: soft-DTW between the softmax outputs [B,T,24] and the one-hot target sequences (report
 *          §2, squared Euclidean cost), with every option of loss config; mean over the batch.
 *          The stabilisers shape its cost (losses/diagonalPrior.ts): the epoch's diagonal prior
 *          weight (training/schedule.ts) and the class-balanced row weights (classBalance.ts).
 * ctc:     CTC of the 25 logits (blank = 24) against the reduced label sequences; each item divided
 *          by its label length, then the mean over the batch (PyTorch's "mean"). Options: the label
 *          prior (ctcPriorScale), class-weighted emissions (ctcClassBalance, ctcBlankWeight: the
 *          [25] classWeights of the context) and the label-proportion term (ctcProportionWeight).
 *
 * Each training engine implements these definitions once (engines/jsLoss.ts in float64,
 * engines/tfjsLoss.ts as tfjs ops); the constants and the context they share live here.
 */
import type { LossConfig } from "../config/schema.js";
import type { LossWorkspace } from "../losses/index.js";

/** BCE clips p to [ε, 1 − ε] (Keras' ε): a saturated softmax gives a finite loss and gradient. */
export const BCE_EPSILON = 1e-7;

/** What a loss needs besides the batch: the config, the epoch's soft-DTW γ, scratch buffers. */
export interface LossContext {
  loss: LossConfig;
  /** Soft-DTW γ of the current epoch (gammaAt), or loss.gamma for validation. */
  gamma: number;
  /** Reused by the soft-DTW/CTC kernels across steps (no per-step allocation). */
  workspace?: LossWorkspace;
  /** Soft-DTW diagonal prior weight of the current epoch (priorWeightAt); 0 or absent = none. */
  priorWeight?: number;
  /** Soft-DTW: the batch's fixed cost prior (the context model's chord-template prior, training/templatePrior.ts); absent = none. */
  costPrior?: { weight: number; matrices: readonly Float64Array[] };
  /** Soft-DTW: [24] row-cost weights (dChord) or [25], N last (the context network); CTC: [25] emission weights (engine.ts classWeightsOf); absent = none. */
  classWeights?: readonly number[];
  /** CTC: the blank's output index; absent = BLANK_INDEX (24, dChord's 25th output). */
  blank?: number;
}

/** The CTC options beyond the label prior that a context turns on: class weights and the proportion term (absent when off). */
export function ctcExtras(ctx: LossContext): { classWeights?: readonly number[]; proportionWeight?: number } {
  return {
    ...(ctx.classWeights ? { classWeights: ctx.classWeights } : {}),
    ...(ctx.loss.ctcProportionWeight ? { proportionWeight: ctx.loss.ctcProportionWeight } : {}),
  };
}

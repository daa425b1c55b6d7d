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
 *          by its label length, then the mean over the batch (PyTorch's "mean").
 */
import { tf } from "../util/tfjs.js";
import type { LossConfig } from "../config/schema.js";
import type { DChord } from "../model/dchord.js";
import { tfCtcLoss, tfSoftDtwLoss, type LossWorkspace } from "../losses/index.js";
import { BLANK_INDEX } from "../model/dchord.js";
import type { Batch, BatchTargets } from "./batches.js";

const BCE_EPSILON = 1e-7;

/** What a loss needs besides the batch: the config, the epoch's soft-DTW γ, scratch buffers. */
export interface LossContext {
  loss: LossConfig;
  /** Soft-DTW γ of the current epoch (gammaAt), or loss.gamma for validation. */
  gamma: number;
  /** Reused by the soft-DTW/CTC kernels across steps (no per-step allocation). */
  workspace?: LossWorkspace;
  /** Soft-DTW diagonal prior weight of the current epoch (priorWeightAt); 0 or absent = none. */
  priorWeight?: number;
  /** Soft-DTW class-balanced cost: [24] weight per class (classBalanceWeights); absent = none. */
  classWeights?: readonly number[];
}

/** Scalar loss of `batch`. Call inside tf.tidy. */
export function batchLoss(model: DChord, batch: Batch, ctx: LossContext): tf.Scalar {
  return lossOfLogits(model.logits(batch.chroma), batch.targets, ctx);
}

/** The loss of already computed logits [B,T,24|25] (validation reuses them for the predictions). */
export function lossOfLogits(logits: tf.Tensor3D, t: BatchTargets, ctx: LossContext): tf.Scalar {
  const { loss } = ctx;
  if (t.kind === "bce") return bce(logits, t.onehot, t.mask, t.chordFrames);
  if (t.kind === "softDtw") {
    return tfSoftDtwLoss(tf.softmax(logits) as tf.Tensor3D, t.targets, {
      gamma: ctx.gamma,
      band: loss.band,
      normalize: loss.normalize,
      stepWeights: loss.stepWeights,
      divergence: loss.divergence,
      reduction: "mean",
      workspace: ctx.workspace,
      ...(loss.diagonalPrior && ctx.priorWeight ? { diagonalPrior: { weight: ctx.priorWeight, nu: loss.diagonalPrior.nu } } : {}),
      ...(ctx.classWeights ? { classWeights: ctx.classWeights } : {}),
    });
  }
  // CTC on the reduced sequences; log-softmax over all 25 outputs happens inside the op
  return tfCtcLoss(logits, t.labels, {
    blank: BLANK_INDEX,
    zeroInfinity: loss.zeroInfinity,
    priorScale: loss.ctcPriorScale,
    reduction: "mean",
    workspace: ctx.workspace,
  });
}

/**
 * Masked mean binary cross-entropy of softmax(logits) [B,T,24] (see module comment), as one op
 * with a hand-written gradient (a handful of kernels instead of a taped chain of ~25):
 *   ∂L/∂p = (mask/D)·((1−y)/(1−p̃) − y/p̃),   ∂L/∂logits = p ⊙ (∂L/∂p − ⟨∂L/∂p, p⟩)   (softmax Jacobian)
 * with p̃ the clipped probability and D = 24·Σmask. Where the clip is active the gradient is that
 * of the unclipped formula at p̃ (it keeps pulling a saturated wrong class back, as PyTorch's
 * BCELoss does; Keras would give 0 there).
 */
export function bce(logits: tf.Tensor3D, onehot: tf.Tensor3D, mask: tf.Tensor3D, chordFrames: number): tf.Scalar {
  const invD = 1 / Math.max(1, chordFrames * onehot.shape[2]);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[1] as tf.GradSaveFunc;
    const p = tf.softmax(args[0] as tf.Tensor3D);
    const clipped = tf.clipByValue(p, BCE_EPSILON, 1 - BCE_EPSILON);
    const log1mP = tf.log(tf.sub(1, clipped));
    // y·log p + (1−y)·log(1−p) = log(1−p) + y·(log p − log(1−p))
    const ll = tf.add(log1mP, tf.mul(onehot, tf.sub(tf.log(clipped), log1mP)));
    save([p, clipped, onehot, mask]); // saved, not captured: tensors made inside variableGrads' f are gone by backward
    return {
      value: tf.mul(tf.sum(tf.mul(ll, mask)), -invD) as tf.Scalar,
      gradFunc: (dy: tf.Scalar, saved: tf.Tensor[]) => {
        const [prob, pc, y, m] = saved;
        const dp = tf.mul(tf.sub(tf.div(tf.sub(1, y), tf.sub(1, pc)), tf.div(y, pc)), tf.mul(m, invD));
        const dLogits = tf.mul(prob, tf.sub(dp, tf.sum(tf.mul(dp, prob), -1, true)));
        return tf.mul(dLogits, dy);
      },
    };
  });
  return op(logits) as tf.Scalar;
}

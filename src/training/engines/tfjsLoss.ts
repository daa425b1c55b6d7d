/** The training losses of training/objectives.ts as tfjs ops (training.engine "tfjs"). */
import { tf } from "../../util/tfjs.js";
import { tfCtcLoss, tfSoftDtwLoss } from "../../losses/index.js";
import { BLANK_INDEX } from "../../model/dchord.js";
import { BCE_EPSILON, ctcExtras, type LossContext } from "../objectives.js";

/** A batch's targets as tensors (engines/tfjs.ts uploads them from batches.ts' arrays). */
export type TensorTargets =
  | { kind: "bce"; onehot: tf.Tensor3D; mask: tf.Tensor3D; chordFrames: number }
  | { kind: "softDtw"; targets: tf.Tensor3D | tf.Tensor2D[] }
  | { kind: "ctc"; labels: number[][] };

/** The loss of already computed logits [B,T,24|25] (validation reuses them for the predictions). */
export function lossOfLogits(logits: tf.Tensor3D, t: TensorTargets, ctx: LossContext): tf.Scalar {
  const { loss } = ctx;
  if (t.kind === "bce") return bce(logits, t.onehot, t.mask, t.chordFrames);
  if (t.kind === "softDtw") {
    // loss.softDtwCost crossEntropy: −log p(target) on the log-softmax; else ‖p − y‖² on the softmax
    const crossEntropy = loss.softDtwCost === "crossEntropy";
    return tfSoftDtwLoss((crossEntropy ? tf.logSoftmax(logits) : tf.softmax(logits)) as tf.Tensor3D, t.targets, {
      ...(crossEntropy ? { cost: "crossEntropy" as const } : {}),
      gamma: ctx.gamma,
      band: loss.band,
      normalize: loss.normalize,
      stepWeights: loss.stepWeights,
      divergence: loss.divergence,
      reduction: "mean",
      workspace: ctx.workspace,
      ...(loss.diagonalPrior && ctx.priorWeight ? { diagonalPrior: { weight: ctx.priorWeight, nu: loss.diagonalPrior.nu } } : {}),
      ...(ctx.classWeights ? { classWeights: ctx.classWeights } : {}),
      ...(ctx.costPrior ? { costPrior: ctx.costPrior } : {}),
      ...(loss.proportionWeight ? { proportionWeight: loss.proportionWeight } : {}),
    });
  }
  // CTC on the reduced sequences; log-softmax over all outputs happens inside the op
  return tfCtcLoss(logits, t.labels, {
    blank: ctx.blank ?? BLANK_INDEX,
    zeroInfinity: loss.zeroInfinity,
    priorScale: loss.ctcPriorScale,
    ...ctcExtras(ctx),
    reduction: "mean",
    workspace: ctx.workspace,
  });
}

/**
 * Masked mean binary cross-entropy of softmax(logits) [B,T,24] (see training/objectives.ts), as one op
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

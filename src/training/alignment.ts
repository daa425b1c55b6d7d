/**
 * Soft alignments for the figures (report §4.3, "the probability distribution of the alignment
 * path"): E = ∂softDTW/∂C of the first validation segment (report §2.3, Alg. 2; rows = target
 * elements, columns = frames) and the hard DTW path of the same cost matrix, at the epochs
 * `report.alignmentEpochs` asks for: "first" (epoch 1), numbers, and "best"/"last", which are
 * computed after training from the kept snapshots. Only for loss.kind "softDtw".
 *
 * The cost is the one soft-DTW trains on: C(i, j) = ‖p_j − y_i‖² between the softmax output of
 * frame j and the one-hot target element i; γ, band and step weights are those of that epoch.
 */
import { NUM_CHORDS } from "../annotations/chordClasses.js";
import type { PreparedSet } from "./batches.js";
import type { ModelWeights, TrainingEngine } from "./engine.js";
import { gammaAt } from "./schedule.js";
import type { AlignmentRecord, TrainConfig } from "./types.js";
import { softDtwAlignment } from "./softDtwAlignment.js";

export interface AlignmentPlan {
  /** Epochs at which an alignment is recorded during training. */
  epochs: Map<number, "first" | "epoch">;
  best: boolean;
  last: boolean;
  /** Index into the validation set of the segment shown; undefined: no alignments. */
  segment?: number;
}

export function alignmentPlan(cfg: TrainConfig, val: PreparedSet): AlignmentPlan {
  const requested = cfg.report?.alignmentEpochs ?? [];
  const enabled = cfg.loss.kind === "softDtw" && val.segments.length > 0;
  const plan: AlignmentPlan = { epochs: new Map(), best: false, last: false, segment: enabled ? 0 : undefined };
  if (!enabled) return plan;
  for (const r of requested) {
    if (r === "best") plan.best = true;
    else if (r === "last") plan.last = true;
    else if (r === "first") plan.epochs.set(1, "first");
    else if (r <= cfg.training.epochs && !plan.epochs.has(r)) plan.epochs.set(r, "epoch");
  }
  return plan;
}

interface AlignmentContext {
  /** The model at the parameters shown (restored to the snapshots by alignmentsAfterTraining). */
  engine: Pick<TrainingEngine<ModelWeights>, "chordProbabilities" | "restore">;
  val: PreparedSet;
  cfg: TrainConfig;
}

/** The alignment of the current model at `epoch` (empty when the plan has none). */
export function alignmentAtEpoch(ctx: AlignmentContext, plan: AlignmentPlan, epoch: number): AlignmentRecord[] {
  const which = plan.epochs.get(epoch);
  if (which === undefined || plan.segment === undefined) return [];
  return [alignmentOf(ctx, plan.segment, epoch, which)];
}

/** "best" and "last": the engine is set to each snapshot in turn, then left at `best`. */
export function alignmentsAfterTraining(
  ctx: AlignmentContext,
  run: { plan: AlignmentPlan; bestEpoch: number; best: ModelWeights; last: ModelWeights; history: readonly unknown[] },
): AlignmentRecord[] {
  const { plan } = run;
  if (plan.segment === undefined) return [];
  const out: AlignmentRecord[] = [];
  if (plan.last) {
    ctx.engine.restore(run.last);
    out.push(alignmentOf(ctx, plan.segment, run.history.length, "last")); // the last epoch run (early stopping)
  }
  if (plan.best) {
    ctx.engine.restore(run.best);
    out.push(alignmentOf(ctx, plan.segment, run.bestEpoch, "best"));
  }
  ctx.engine.restore(run.best);
  return out;
}

function alignmentOf(ctx: AlignmentContext, index: number, epoch: number, which: AlignmentRecord["which"]): AlignmentRecord {
  const segment = ctx.val.segments[index];
  const targets = ctx.val.targets?.kind === "softDtw" ? ctx.val.targets.sequences[index] : new Int16Array(0);
  const p = ctx.engine.chordProbabilities(segment.chroma, segment.input); // [N][24]
  const cost = costMatrix(targets, p, ctx.val.frames);
  const { E, path } = softDtwAlignment(cost, targets.length, ctx.val.frames, {
    ...ctx.cfg.loss,
    gamma: gammaAt(epoch, ctx.cfg.loss),
  });
  return {
    epoch,
    which,
    song: segment.song,
    segment: segment.index,
    rows: targets.length,
    cols: ctx.val.frames,
    E,
    path,
    targets: Array.from(targets),
  };
}

/** [M][N] C(i, j) = ‖p_j − onehot(y_i)‖² = Σ_k p_jk² − 2·p_j,y_i + 1 (report eq. 2.1). */
export function costMatrix(targets: Int16Array, probabilities: Float32Array, frames: number): Float64Array {
  const m = targets.length;
  const cost = new Float64Array(m * frames);
  const sq = new Float64Array(frames);
  for (let j = 0; j < frames; j++) {
    for (let k = 0; k < NUM_CHORDS; k++) sq[j] += probabilities[j * NUM_CHORDS + k] ** 2;
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < frames; j++) cost[i * frames + j] = sq[j] - 2 * probabilities[j * NUM_CHORDS + targets[i]] + 1;
  }
  return cost;
}

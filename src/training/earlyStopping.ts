/**
 * Early stopping on the validation loss, and a time budget per run (issue 19): a pure rule fed
 * one epoch at a time, like Keras' `EarlyStopping(monitor="val_loss", mode="min")` and
 * Lightning's callback.
 *
 * - An epoch improves when its validation loss is below the best so far by more than `minDelta`
 *   (absolute, in the loss's own units): valLoss < best − minDelta. NaN never improves.
 * - `patience` epochs in a row without improvement stop the run, counted only after the last
 *   epoch of the γ schedule and of the diagonal- and template-prior schedules (`scheduleEnd`): before that the
 *   training loss is still changing by design and its validation loss says little about the end.
 *   Improvements before `scheduleEnd` still count for the best loss.
 * - Never before `minEpochs`.
 * - The time budget stops after the first epoch that ends at or after `timeBudgetSec` seconds of
 *   training, schedule or not (a hard limit; a run stopped by it depends on the machine's speed).
 *
 * The rule only decides when to stop; the best epoch's weights are kept by the training loop, as
 * without early stopping (its best is the lowest validation loss without minDelta).
 */
import type { LossConfig, TrainingConfig } from "../config/schema.js";

export type StopReason = "patience" | "timeBudget";

export interface StopRuleOptions {
  /** Epochs without improvement that stop the run; absent: only the time budget stops it. */
  patience?: number;
  /** Least decrease of the validation loss that counts as an improvement (≥ 0). */
  minDelta: number;
  /** No stop for patience before this epoch (1-based). */
  minEpochs: number;
  /** Last epoch of the γ / diagonal-prior schedules (0 without); patience counts after it. */
  scheduleEnd: number;
  /** Seconds of training after which the run stops; absent: no budget. */
  timeBudgetSec?: number;
}

export interface StopDecision {
  stop: boolean;
  reason: StopReason | null;
}

export interface StopRule {
  /** Feeds epoch `epoch` (1-based, in order) with its validation loss and the seconds trained so far. */
  update(epoch: number, valLoss: number, elapsedSec: number): StopDecision;
  /** The epoch at which the run stops if no later epoch improves (patience only; undefined without patience). */
  stopBy(): number | undefined;
}

export function createStopRule(opts: StopRuleOptions): StopRule {
  let best = Infinity;
  /** Last epoch that improved, or the schedule's end when later: patience counts from here. */
  let bestEpoch = 0;
  const countFrom = () => Math.max(bestEpoch, opts.scheduleEnd);
  const stopBy = () => (opts.patience === undefined ? undefined : Math.max(countFrom() + opts.patience, opts.minEpochs));
  return {
    update(epoch, valLoss, elapsedSec) {
      if (valLoss < best - opts.minDelta) {
        best = valLoss;
        bestEpoch = epoch;
      }
      if (opts.timeBudgetSec !== undefined && elapsedSec >= opts.timeBudgetSec) return { stop: true, reason: "timeBudget" };
      const by = stopBy();
      if (by !== undefined && epoch >= by) return { stop: true, reason: "patience" };
      return { stop: false, reason: null };
    },
    stopBy,
  };
}

/**
 * The last epoch of the γ schedule and the diagonal- and template-prior schedules (0 without any).
 * With the run's `epochs` given, a schedule that does not change within the run — held at its start
 * value through the last epoch (constEpochs ≥ epochs), e.g. a template prior on for all epochs —
 * counts 0: the training loss is not changing by design, so patience need not wait for it.
 */
export function scheduleEnd(loss: Pick<LossConfig, "gammaSchedule" | "diagonalPrior" | "templatePrior">, epochs?: number): number {
  const ends = [loss.gammaSchedule, loss.diagonalPrior, loss.templatePrior].map((s) =>
    !s || (epochs !== undefined && s.constEpochs >= epochs) ? 0 : s.constEpochs + s.decayEpochs,
  );
  return Math.max(...ends);
}

/** Adam updates in one epoch: one per batch of `batchSize` (the last may be shorter; epochBatches). */
export function updatesPerEpoch(trainSegments: number, batchSize: number): number {
  return Math.ceil(trainSegments / batchSize);
}

/** Epochs that hold at least `updates` updates, at `perEpoch` updates per epoch (≥ 1 update per epoch). */
export function epochsOfUpdates(updates: number, perEpoch: number): number {
  return Math.ceil(updates / Math.max(1, perEpoch));
}

/** `training.earlyStopping` in epochs: patience and the least epoch, with the update counts converted. */
export interface PatienceInEpochs {
  patience: number;
  minEpochs: number;
  /** Updates per epoch the conversion used. */
  updatesPerEpoch: number;
}

/**
 * Patience and the least epoch of `es` in epochs of `perEpoch` updates: `patienceUpdates` →
 * ⌈patienceUpdates / perEpoch⌉ (≥ 1); `minUpdates` → ⌈minUpdates / perEpoch⌉, the later of that and
 * `minEpochs`. Settings in epochs pass through.
 */
export function patienceInEpochs(es: NonNullable<TrainingConfig["earlyStopping"]>, perEpoch: number): PatienceInEpochs {
  const patience = es.patience ?? Math.max(1, epochsOfUpdates(es.patienceUpdates!, perEpoch));
  const minEpochs = Math.max(es.minEpochs, es.minUpdates === undefined ? 0 : epochsOfUpdates(es.minUpdates, perEpoch));
  return { patience, minEpochs, updatesPerEpoch: perEpoch };
}

/**
 * The rule of a config, or undefined when neither early stopping nor a time budget is set.
 * Without validation segments (every validation loss NaN) patience is off: all epochs run.
 * `updatesPerEpoch` converts settings counted in updates (patienceUpdates, minUpdates).
 */
export function stopRuleOf(
  training: Pick<TrainingConfig, "earlyStopping" | "timeBudgetSec" | "epochs">,
  loss: Pick<LossConfig, "gammaSchedule" | "diagonalPrior" | "templatePrior">,
  opts: { validation: boolean; updatesPerEpoch: number },
): StopRule | undefined {
  const es = training.earlyStopping;
  if (!es && training.timeBudgetSec === undefined) return undefined;
  const epochs = es ? patienceInEpochs(es, opts.updatesPerEpoch) : undefined;
  return createStopRule({
    patience: opts.validation ? epochs?.patience : undefined,
    minDelta: es?.minDelta ?? 0,
    minEpochs: epochs?.minEpochs ?? 0,
    scheduleEnd: scheduleEnd(loss, training.epochs),
    timeBudgetSec: training.timeBudgetSec,
  });
}

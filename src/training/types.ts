import type { LossConfig, ModelConfig, ReportConfig, TargetConfig, TrainingConfig } from "../config/schema.js";
import type { DChordWeights } from "../model/dchord.js";
import type { ContextWeights } from "../model/context.js";
import type { ChordScorer } from "../model/predict.js";
import type { PatienceInEpochs } from "./earlyStopping.js";

/** The weights of either model family: dChord's, or the context network's (family "context"). */
export type ModelWeights = DChordWeights | ContextWeights;

/** One row of history.csv. */
export interface EpochRecord {
  /** 1-based. */
  epoch: number;
  /** Mean training loss of the epoch's steps, weighted by batch size (the loss during the epoch, before its last update). */
  trainLoss: number;
  /** Loss of the whole validation set after the epoch (soft-DTW at the final γ); NaN without validation segments. */
  valLoss: number;
  /** Pooled frame F-measure of the validation set (clean labels) after the epoch; NaN without validation segments. */
  valF: number;
  /** Wall-clock time of the epoch (training and validation). */
  seconds: number;
  /**
   * Chord-sequence loss of the validation set after the epoch (training/selection.ts: the reduced
   * chord sequences under the 24 chord outputs, no blank); NaN without validation segments.
   */
  valChordLoss: number;
  /** Sequence-aligned accuracy of the validation set (training/selection.ts); NaN without validation segments. */
  valSequenceAccuracy: number;
  /** Share of the training frames predicted minor after the epoch (classShares.ts). */
  trainMinorShare: number;
  /** The minor share the training chord sequences imply (classShares.ts; the same every epoch). */
  impliedMinorShare: number;
  /** loss.adaptiveBalance: the class-balance exponent β the next epoch trains with (adaptiveBalance.ts); NaN when off. */
  classBalance: number;
}

/** A soft alignment for artifacts.json: E = ∂softDTW/∂C (rows = targets, cols = frames) and the hard DTW path. */
export interface AlignmentRecord {
  epoch: number;
  which: "first" | "best" | "last" | "epoch";
  song: string;
  segment: number;
  /** M: target sequence length. */
  rows: number;
  /** N: frames. */
  cols: number;
  /** [M×N] row-major. */
  E: number[];
  /** Hard DTW path [(i, j)] from (0,0) to (M−1, N−1). */
  path: [number, number][];
  /** [M] target classes. */
  targets: number[];
}

export interface TrainConfig {
  model: ModelConfig;
  loss: LossConfig;
  targets: TargetConfig;
  training: TrainingConfig;
  report?: Pick<ReportConfig, "alignmentEpochs">;
}

/** What the stop rule says after an epoch (earlyStopping.ts). */
export interface EpochOutlook {
  /** The epoch at which early stopping ends the run if no later epoch improves; undefined without patience. */
  stopBy?: number;
  /** This was the run's last epoch (all epochs ran, or it stopped early). */
  last: boolean;
}

export interface TrainOptions {
  seed: number;
  /** Called after every epoch (after validation). */
  onEpoch?: (record: EpochRecord, outlook: EpochOutlook) => void;
  /** Seconds of a monotonic clock, for the time budget (tests inject one); default performance.now()/1000. */
  clock?: () => number;
  /** Aborting stops training before the next step with the signal's reason (an AbortError by default). */
  signal?: AbortSignal;
}

/** W: the weights of the configured model family (DChordWeights unless model.context is set). */
export interface TrainResult<W extends ModelWeights = DChordWeights> {
  history: EpochRecord[];
  /** The epoch with the lowest selection score (training.selectBy; earliest on ties); the last epoch without validation. */
  bestEpoch: number;
  /** training.selectBy, or "last" when no epoch had a finite score (e.g. an empty validation set). */
  selectedBy: "valLoss" | "valChordLoss" | "valSequenceAccuracy" | "last";
  best: W;
  last: W;
  /** The epoch after which early stopping or the time budget ended the run; null when all epochs ran. */
  stoppedEpoch: number | null;
  stopReason: "patience" | "timeBudget" | null;
  /** training.earlyStopping in epochs of this run (patienceUpdates / minUpdates converted); absent without early stopping. */
  patienceInEpochs?: PatienceInEpochs;
  /** The model at `best` on the training engine, for predictions; the caller owns it (dispose()). */
  model: ChordScorer;
  alignments: AlignmentRecord[];
  /** A minor-chord collapse at the kept epoch, from the class shares (classShares.ts), or undefined. */
  shareNote?: string;
  /** Segments left out because their soft-DTW/CTC target is empty (no chord). */
  skipped: { train: number; val: number };
  /** Soft targets truncated to softLength (targets.overflow "truncate"). */
  truncated: { train: number; val: number };
  parameterCount: number;
}

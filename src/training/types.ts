import type { LossConfig, ModelConfig, ReportConfig, TargetConfig, TrainingConfig } from "../config/schema.js";
import type { ModelWeights } from "./engine.js";
import type { DChordWeights } from "../model/dchord.js";
import type { ChordScorer } from "../model/predict.js";

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

export interface TrainOptions {
  seed: number;
  /** Called after every epoch (after validation). */
  onEpoch?: (record: EpochRecord) => void;
  /** Aborting stops training before the next step with the signal's reason (an AbortError by default). */
  signal?: AbortSignal;
}

/** W: the weights of the configured model family (DChordWeights unless model.context is set). */
export interface TrainResult<W extends ModelWeights = DChordWeights> {
  history: EpochRecord[];
  /** The epoch with the lowest validation loss (earliest on ties); the last epoch without validation. */
  bestEpoch: number;
  /** "valLoss", or "last" when no epoch had a finite validation loss (e.g. an empty validation set). */
  selectedBy: "valLoss" | "last";
  best: W;
  last: W;
  /** The model at `best` on the training engine, for predictions; the caller owns it (dispose()). */
  model: ChordScorer;
  alignments: AlignmentRecord[];
  /** Segments left out because their soft-DTW/CTC target is empty (no chord). */
  skipped: { train: number; val: number };
  /** Soft targets truncated to softLength (targets.overflow "truncate"). */
  truncated: { train: number; val: number };
  parameterCount: number;
}

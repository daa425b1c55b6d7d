/**
 * The training engine: how the model's loss, gradient and update are computed, behind one
 * interface, so that the epoch loop (train.ts) does not know which engine runs it.
 *
 * An engine holds the model's parameters, its Adam state and whatever it precomputes from the
 * training and validation sets (batches.ts' arrays); it is made once per run from
 * `training.engine` (engines/index.ts: a registry keyed by name) and disposed at the end.
 * - "js"   (engines/js.ts): dChord's forward and backward in float64 JavaScript (model/jsForward.ts)
 *          and the losses on arrays (engines/jsLoss.ts); no tfjs.
 * - "tfjs" (engines/tfjs.ts): the tfjs model (model/dchord.ts) and the losses as tfjs ops
 *          (engines/tfjsLoss.ts), one gradient read-back per step.
 * Both run the same Adam (adam.ts) on a flat parameter vector and score validation the same way.
 *
 * - the context network (engines/context.ts, model/context.ts), chosen by `model.context`: tfjs,
 *          with a no-chord class and its own targets.
 * A new engine or model family is a new file implementing TrainingEngine plus one line in the
 * registry; `W` is the form of its weights.
 */
import type { ChordScorer, EngineName } from "../model/predict.js";
import type { DChordWeights } from "../model/dchord.js";
import { frameScores } from "../evaluation/scores.js";
import type { Adam } from "./adam.js";
import type { PreparedSet } from "./batches.js";
import { classBalanceWeights } from "./classBalance.js";
import type { EpochSchedule } from "./schedule.js";
import type { TrainConfig } from "./types.js";

export type { EngineName };
export type { ModelWeights } from "./types.js";

/** What an engine is made from. */
export interface EngineInput {
  cfg: TrainConfig;
  /** Seeds the model's initialisation. */
  seed: number;
  /** The training set; step() indices point into its segments. */
  train: PreparedSet;
  /** The validation set validate() scores (may have no segment). */
  val: PreparedSet;
}

export interface TrainingEngine<W = DChordWeights> {
  readonly name: EngineName;
  /** Number of trainable numbers. */
  readonly parameterCount: number;
  /**
   * The loss of the training batch `indices` at the current parameters and its gradient (flat,
   * in parameter order), without an update.
   */
  gradients(indices: readonly number[], at: EpochSchedule): { value: number; grads: ArrayLike<number> };
  /** gradients(), checked finite, then one Adam update; returns the batch's loss. */
  step(indices: readonly number[], at: EpochSchedule): number;
  /**
   * The validation loss (at the final γ, no diagonal prior), the pooled frame F, the
   * chord-sequence loss and the sequence-aligned accuracy (selection.ts setChordSequenceLoss,
   * setSequenceAccuracy) of the whole validation set at the current parameters; NaN for all
   * without validation segments. The last two only with `weak: true` (NaN otherwise): they cost
   * about as much as the loss itself and serve training.selectBy and training.diagnostics only.
   */
  validate(opts?: { weak?: boolean }): { loss: number; f: number; chordLoss: number; sequenceAccuracy: number };
  /** The current weights (a copy). */
  snapshot(): W;
  /** Sets the parameters to `weights` (from snapshot()). */
  restore(weights: W): void;
  /**
   * [frames][24] chord probabilities (softmax over the outputs) of chroma [frames][12] (alignment
   * figures); a model with its own input (Segment.input, the context network on logfreq) reads
   * `input` (the same frames) instead.
   */
  chordProbabilities(chroma: Float32Array, input?: Float32Array): Float32Array;
  /** A model for inference at `weights` on this engine; the caller owns it. */
  scorer(weights: W): ChordScorer;
  /** loss.adaptiveBalance: set the training loss's class-balance exponent β from the next step on (dChord engines; the context network with soft-DTW, majmin). */
  setClassBalance?(beta: number): void;
  dispose(): void;
}

export type EngineFactory = (input: EngineInput) => TrainingEngine;

/**
 * Class weights of the loss, from the training targets; undefined when off. Soft-DTW
 * (loss.classBalance > 0): [24] row-cost weights. CTC (loss.ctcClassBalance > 0 or
 * loss.ctcBlankWeight ≠ 1): [25] emission weights, the 24 chords' from the reduced label sequences
 * by the same rule (classBalance.ts), then the blank's.
 */
export function classWeightsOf(train: PreparedSet, cfg: TrainConfig, betaOverride?: number): number[] | undefined {
  const { loss } = cfg;
  if (train.targets?.kind === "ctc") {
    const beta = betaOverride ?? loss.ctcClassBalance ?? 0;
    const blank = loss.ctcBlankWeight ?? 1;
    if (beta === 0 && blank === 1) return undefined;
    return [...classBalanceWeights(train.targets.labels, beta), blank];
  }
  const beta = betaOverride ?? loss.classBalance;
  if (train.targets?.kind !== "softDtw" || beta <= 0) return undefined;
  return classBalanceWeights(train.targets.sequences, beta);
}

/** Frame F of a whole set's estimates [segments × frames] against its frame labels (validation). */
export function pooledF(set: PreparedSet, estimate: Int16Array): number {
  const reference = new Int16Array(estimate.length);
  set.segments.forEach((s, i) => reference.set(s.labels, i * set.frames));
  return frameScores(reference, estimate).f;
}

/** What validate() gives without validation segments. */
export function noValidation(): ReturnType<TrainingEngine["validate"]> {
  return { loss: NaN, f: NaN, chordLoss: NaN, sequenceAccuracy: NaN };
}

/**
 * step() of every engine: the batch's gradients, checked finite (applyUpdate), one Adam update of
 * `params`, then `write` (an engine that keeps its parameters elsewhere too uploads them there).
 * Returns the batch's loss.
 */
export function updateStep(
  step: { value: number; grads: ArrayLike<number> },
  opts: { params: Float64Array; adam: Adam; lossKind: string; epoch: number; minLogGain?: number; write?: () => void },
): number {
  applyUpdate(step, opts);
  opts.write?.();
  return step.value;
}

/** The shared end of step(): a diverged step is an error naming the epoch, else Adam updates `params`. */
export function applyUpdate(
  step: { value: number; grads: ArrayLike<number> },
  opts: { params: Float64Array; adam: Adam; lossKind: string; epoch: number; minLogGain?: number },
): void {
  // (CTC on reduced sequences is always feasible: L ≤ T and no adjacent repeats need no extra blanks.)
  const { value, grads } = step;
  let finite = Number.isFinite(value);
  for (let i = 0; i < grads.length && finite; i++) finite = Number.isFinite(grads[i]);
  if (!finite) throw new Error(`training diverged at epoch ${opts.epoch}: the ${opts.lossKind} loss is ${value} or its gradient is not finite`);
  opts.adam.update(opts.params, grads);
  // model.minLogGain: projected onto θ ≥ min (params[0] is dChord's log gain in both engines)
  if (opts.minLogGain !== undefined && opts.params[0] < opts.minLogGain) opts.params[0] = Math.fround(opts.minLogGain);
}

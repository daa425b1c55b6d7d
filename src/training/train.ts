/**
 * The training loop (report §3.2): Adam, batches of `batchSize` segments shuffled every epoch with
 * the seed, validation loss after every epoch, and the parameters of the epoch with the lowest
 * validation loss kept (earliest epoch on ties). The study's notebook evaluated the last epoch by
 * mistake (PRIOR-ART.md); here the returned model is restored to the best epoch.
 *
 * With a γ schedule the training loss uses the epoch's γ, but the validation loss always uses the
 * final γ (loss.gamma): soft-DTW values at different γ are not comparable, and a large early γ
 * would otherwise win the best-epoch selection. Likewise the diagonal prior (loss.diagonalPrior)
 * shapes only the training loss; validation uses its final weight, 0.
 */
import { tf } from "../util/tfjs.js";
import type { Segment } from "../dataset/types.js";
import { createDChord, type DChord, type DChordWeights } from "../model/dchord.js";
import { NUM_CHORDS } from "../annotations/chordClasses.js";
import { frameScores } from "../evaluation/scores.js";
import { InputError } from "../errors.js";
import { createRng } from "../util/random.js";
import { createAdam, type Adam } from "./adam.js";
import { epochBatches, prepareSet, selectBatch, type PreparedSet } from "./batches.js";
import { batchLoss, lossOfLogits } from "./objectives.js";
import { createLossWorkspace, type LossWorkspace } from "../losses/index.js";
import { lossAndGradients, parameterVector, type ParameterVector } from "./parameters.js";
import { gammaAt, priorWeightAt } from "./schedule.js";
import { classBalanceWeights } from "./classBalance.js";
import { alignmentPlan, alignmentsAfterTraining, alignmentAtEpoch, type AlignmentPlan } from "./alignment.js";
import type { AlignmentRecord, EpochRecord, TrainConfig, TrainOptions, TrainResult } from "./types.js";

/** createRng stream of the per-epoch shuffles. */
export const SHUFFLE_STREAM = 102;

/** The state of one training run (exported for tests of single steps). */
export interface TrainingLoop {
  model: DChord;
  train: PreparedSet;
  val: PreparedSet;
  cfg: TrainConfig;
  params: ParameterVector;
  adam: Adam;
  workspace: LossWorkspace;
  /** Soft-DTW class-balanced cost weights (loss.classBalance > 0), from the training targets. */
  classWeights?: readonly number[];
}

export async function train(
  input: { train: readonly Segment[]; val: readonly Segment[] },
  cfg: TrainConfig,
  opts: TrainOptions,
): Promise<TrainResult> {
  const model = createDChord(cfg.model, { seed: opts.seed, withBlank: cfg.loss.kind === "ctc" });
  const sets: PreparedSet[] = [];
  try {
    const trainSet = prepareSet(input.train, cfg);
    sets.push(trainSet);
    const valSet = prepareSet(input.val, cfg);
    sets.push(valSet);
    if (trainSet.segments.length === 0) {
      throw new InputError(
        `no training segment has a ${cfg.loss.kind === "bce" ? "" : "non-empty "}target (${input.train.length} given, ${trainSet.skipped} without any chord)`,
      );
    }
    const params = parameterVector(model.variables);
    const adam = createAdam(params.values.length, cfg.training);
    const loop: TrainingLoop = { model, train: trainSet, val: valSet, cfg, params, adam, workspace: createLossWorkspace() };
    if (trainSet.targets?.kind === "softDtw" && cfg.loss.classBalance > 0) {
      loop.classWeights = classBalanceWeights(trainSet.targets.sequences, cfg.loss.classBalance);
    }
    const run = await runEpochs(loop, opts);
    model.restore(run.best);
    const alignments = [...run.alignments, ...alignmentsAfterTraining(loop, run)];
    alignments.sort((a, b) => a.epoch - b.epoch);
    return {
      history: run.history,
      bestEpoch: run.bestEpoch,
      selectedBy: run.selectedBy,
      best: run.best,
      last: run.last,
      model,
      alignments,
      skipped: { train: trainSet.skipped, val: valSet.skipped },
      truncated: { train: trainSet.truncated, val: valSet.truncated },
      parameterCount: model.parameterCount,
    };
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    for (const s of sets) s.dispose();
  }
}

export interface EpochsResult {
  history: EpochRecord[];
  bestEpoch: number;
  selectedBy: "valLoss" | "last";
  best: DChordWeights;
  last: DChordWeights;
  alignments: AlignmentRecord[];
  plan: AlignmentPlan;
}

async function runEpochs(loop: TrainingLoop, opts: TrainOptions): Promise<EpochsResult> {
  const { cfg } = loop;
  const rng = createRng(opts.seed, SHUFFLE_STREAM);
  const plan = alignmentPlan(cfg, loop.val);
  const history: EpochRecord[] = [];
  const alignments: AlignmentRecord[] = [];
  let best: { epoch: number; loss: number; weights?: DChordWeights } = { epoch: 0, loss: Infinity };
  for (let epoch = 1; epoch <= cfg.training.epochs; epoch++) {
    const started = performance.now();
    const trainLoss = runEpoch(loop, epoch, rng, opts.signal);
    const val = validate(loop);
    const record = { epoch, trainLoss, valLoss: val.loss, valF: val.f, seconds: (performance.now() - started) / 1000 };
    history.push(record);
    if (val.loss < best.loss) best = { epoch, loss: val.loss, weights: loop.model.snapshot() };
    if (plan.epochs.has(epoch)) alignments.push(...alignmentAtEpoch(loop, plan, epoch));
    opts.onEpoch?.(record);
    await new Promise<void>((resolve) => setImmediate(resolve)); // let timers and signals run
  }
  const last = loop.model.snapshot();
  const selectedBy = best.weights ? "valLoss" : "last";
  const bestEpoch = best.weights ? best.epoch : cfg.training.epochs;
  return { history, bestEpoch, selectedBy, best: best.weights ?? last, last, alignments, plan };
}

/** One pass over the training set; returns the batch-size-weighted mean of the step losses. */
function runEpoch(loop: TrainingLoop, epoch: number, rng: ReturnType<typeof createRng>, signal?: AbortSignal): number {
  const gamma = gammaAt(epoch, loop.cfg.loss);
  let weighted = 0;
  for (const indices of epochBatches(loop.train.segments.length, loop.cfg.training.batchSize, rng)) {
    signal?.throwIfAborted();
    weighted += trainStep(loop, indices, gamma, epoch) * indices.length;
  }
  return weighted / loop.train.segments.length;
}

/** Loss and gradients of one batch (one read-back), then the Adam update; returns the loss. */
export function trainStep(loop: Omit<TrainingLoop, "val">, indices: readonly number[], gamma: number, epoch: number): number {
  const { model, cfg } = loop;
  const ctx = { loss: cfg.loss, gamma, workspace: loop.workspace, priorWeight: priorWeightAt(epoch, cfg.loss), classWeights: loop.classWeights };
  const out = tf.tidy(() => {
    const batch = selectBatch(loop.train, indices); // outside variableGrads: its f's tensors die before backward
    return lossAndGradients(() => batchLoss(model, batch, ctx), model.variables);
  });
  const values = out.dataSync();
  out.dispose();
  const grads = values.subarray(1);
  // (CTC on reduced sequences is always feasible: L ≤ T and no adjacent repeats need no extra blanks.)
  if (!Number.isFinite(values[0]) || !grads.every(Number.isFinite)) {
    throw new Error(`training diverged at epoch ${epoch}: the ${cfg.loss.kind} loss is ${values[0]} or its gradient is not finite`);
  }
  loop.adam.update(loop.params.values, grads);
  loop.params.write();
  return values[0];
}

/** Validation loss and pooled frame F of the whole validation set, in one batched forward pass. */
export function validate(loop: Pick<TrainingLoop, "model" | "val" | "cfg" | "workspace" | "classWeights">): { loss: number; f: number } {
  const set = loop.val;
  if (!set.chroma) return { loss: NaN, f: NaN };
  const [loss, classes] = tf.tidy(() => {
    const batch = selectBatch(set, "all");
    const logits = loop.model.logits(batch.chroma);
    // the final γ and prior weight (0), the training's class weights
    const ctx = { loss: loop.cfg.loss, gamma: loop.cfg.loss.gamma, workspace: loop.workspace, classWeights: loop.classWeights };
    const value = lossOfLogits(logits, batch.targets, ctx);
    const chords = logits.shape[2] > NUM_CHORDS ? tf.slice(logits, [0, 0, 0], [-1, -1, NUM_CHORDS]) : logits;
    return [value, tf.argMax(chords, 2)];
  });
  const lossValue = loss.dataSync()[0];
  const estimate = Int16Array.from(classes.dataSync());
  tf.dispose([loss, classes]);
  const reference = new Int16Array(estimate.length);
  set.segments.forEach((s, i) => reference.set(s.labels, i * set.frames));
  return { loss: lossValue, f: frameScores(reference, estimate).f };
}

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
import { batchLoss, lossOfLogits, type LossContext } from "./objectives.js";
import { createLossWorkspace, type LossWorkspace } from "../losses/index.js";
import { lossAndGradients, parameterVector, type ParameterVector } from "./parameters.js";
import { gammaAt, priorWeightAt } from "./schedule.js";
import { classBalanceWeights } from "./classBalance.js";
import { alignmentPlan, alignmentsAfterTraining, alignmentAtEpoch, type AlignmentPlan } from "./alignment.js";
import type { AlignmentRecord, EpochRecord, TrainConfig, TrainOptions, TrainResult } from "./types.js";
import { createForwardCache, hostBackward, hostForward, hostLayout, type HostForwardCache, type HostLayout } from "../model/hostForward.js";
import { weightsFromVector } from "../model/dchord.js";
import { argmaxPath } from "../model/predict.js";
import { createHostLossScratch, hostLoss, type HostLossScratch } from "./hostObjectives.js";
import { createHostBatchScratch, selectHostBatch, type HostBatchScratch } from "./batches.js";
import { createPriorCache } from "../losses/diagonalPrior.js";
import { costShapings } from "../losses/batched.js";
import { reduceLabels } from "../dataset/targets.js";
import { chordSequenceLoss, selectionScore } from "./selection.js";

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
  /** The training step without tfjs (training.engine "js"); absent: tfjs ops. */
  host?: HostState;
}

/**
 * State of the training step without tfjs: the model's layout in the parameter vector and buffers
 * reused by every step. The tfjs variables are brought up to date (params.write()) only where tfjs
 * reads them (alignment figures, the end of training).
 */
export interface HostState {
  layout: HostLayout;
  cache: HostForwardCache;
  logits: Float64Array;
  dLogits: Float64Array;
  grads: Float64Array;
  backwardScratch: Float64Array;
  loss: HostLossScratch;
  /** Per segment of the training / validation set: class-balanced row weights, when used. */
  rowWeights?: { train: Float64Array[]; val: Float64Array[] };
  priorOf: ReturnType<typeof createPriorCache>;
  batch: HostBatchScratch;
}

export function createHostState(loop: Omit<TrainingLoop, "host">): HostState {
  const layout = hostLayout(loop.cfg.model.sharedTemplates, loop.model.withBlank);
  // the loss op's own rule for a target row's weight (costShapings), once per set instead of per step
  const weightsOf = (set: PreparedSet): Float64Array[] =>
    set.targets?.kind === "softDtw"
      ? (costShapings({ classWeights: loop.classWeights }, set.targets.views, NUM_CHORDS, "loss.classBalance") ?? []).map((s) => s.rowWeights!)
      : [];
  return {
    layout,
    cache: createForwardCache(),
    logits: new Float64Array(0),
    dLogits: new Float64Array(0),
    grads: new Float64Array(layout.size),
    backwardScratch: new Float64Array(NUM_CHORDS * 12 + 12),
    loss: createHostLossScratch(),
    rowWeights: loop.classWeights ? { train: weightsOf(loop.train), val: weightsOf(loop.val) } : undefined,
    priorOf: createPriorCache(),
    batch: createHostBatchScratch(),
  };
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
    if (cfg.training.engine === "js") loop.host = createHostState(loop);
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
  selectedBy: "valLoss" | "valChordLoss" | "last";
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
  let best: { epoch: number; score: number; weights?: DChordWeights } = { epoch: 0, score: Infinity };
  for (let epoch = 1; epoch <= cfg.training.epochs; epoch++) {
    const started = performance.now();
    const trainLoss = runEpoch(loop, epoch, rng, opts.signal);
    const val = validate(loop);
    const record = { epoch, trainLoss, valLoss: val.loss, valF: val.f, seconds: (performance.now() - started) / 1000, valChordLoss: val.chordLoss };
    history.push(record);
    const score = selectionScore(record, cfg.training.selectBy);
    if (score < best.score) best = { epoch, score, weights: snapshot(loop) };
    if (plan.epochs.has(epoch)) {
      if (loop.host) loop.params.write();
      alignments.push(...alignmentAtEpoch(loop, plan, epoch));
    }
    opts.onEpoch?.(record);
    await new Promise<void>((resolve) => setImmediate(resolve)); // let timers and signals run
  }
  const last = snapshot(loop);
  const selectedBy = best.weights ? cfg.training.selectBy : "last";
  const bestEpoch = best.weights ? best.epoch : cfg.training.epochs;
  return { history, bestEpoch, selectedBy, best: best.weights ?? last, last, alignments, plan };
}

/** The current weights: from the parameter vector with the host step, else the tfjs variables. */
function snapshot(loop: TrainingLoop): DChordWeights {
  if (!loop.host) return loop.model.snapshot();
  const { model } = loop;
  return weightsFromVector(loop.params.values, { sharedTemplates: model.config.sharedTemplates, withBlank: model.withBlank }, model.initTemplates);
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

/** Loss and gradients of one batch, then the Adam update; returns the loss. */
export function trainStep(loop: Omit<TrainingLoop, "val">, indices: readonly number[], gamma: number, epoch: number): number {
  const { value, grads } = stepGradients(loop, indices, gamma, epoch);
  checkStep(value, grads, loop.cfg, epoch);
  loop.adam.update(loop.params.values, grads);
  if (!loop.host) loop.params.write(); // the host step reads the parameter vector itself
  return value;
}

/**
 * The loss of one batch at the current parameters and its gradient, flat in `model.variables`
 * order: on the host (training.engine "js") or with tfjs ops and one read-back.
 */
export function stepGradients(
  loop: Omit<TrainingLoop, "val">,
  indices: readonly number[],
  gamma: number,
  epoch: number,
): { value: number; grads: Float64Array | Float32Array } {
  const { model, cfg } = loop;
  const ctx = { loss: cfg.loss, gamma, workspace: loop.workspace, priorWeight: priorWeightAt(epoch, cfg.loss), classWeights: loop.classWeights };
  if (loop.host) return hostStep(loop, loop.host, indices, ctx);
  const out = tf.tidy(() => {
    const batch = selectBatch(loop.train, indices); // outside variableGrads: its f's tensors die before backward
    return lossAndGradients(() => batchLoss(model, batch, ctx), model.variables);
  });
  const values = out.dataSync() as Float32Array;
  out.dispose();
  return { value: values[0], grads: values.subarray(1) };
}

function checkStep(value: number, grads: ArrayLike<number>, cfg: TrainConfig, epoch: number): void {
  // (CTC on reduced sequences is always feasible: L ≤ T and no adjacent repeats need no extra blanks.)
  let finite = Number.isFinite(value);
  for (let i = 0; i < grads.length && finite; i++) finite = Number.isFinite(grads[i]);
  if (!finite) throw new Error(`training diverged at epoch ${epoch}: the ${cfg.loss.kind} loss is ${value} or its gradient is not finite`);
}

/** Loss and ∂loss/∂parameters of one batch without tfjs (hostForward.ts, hostObjectives.ts). */
function hostStep(
  loop: Omit<TrainingLoop, "val">,
  host: HostState,
  indices: readonly number[],
  ctx: LossContext,
): { value: number; grads: Float64Array } {
  const batch = selectHostBatch(loop.train, indices, { rowWeights: host.rowWeights?.train, priorOf: host.priorOf, scratch: host.batch });
  const frames = batch.items * loop.train.frames;
  const logits = hostLogits(loop, host, batch.chroma, frames);
  if (host.dLogits.length < logits.length) host.dLogits = new Float64Array(logits.length);
  const dims = { items: batch.items, frames: loop.train.frames, outputs: host.layout.outputs };
  const value = hostLoss(logits, dims, batch.targets, ctx, host.loss, host.dLogits);
  const grads = hostBackward(host.layout, loop.cfg.model.temperature, host.dLogits, host.cache, host.grads, host.backwardScratch);
  return { value, grads };
}

/** Logits [frames][outputs] of the current parameters (a view into host.logits). */
function hostLogits(loop: Pick<TrainingLoop, "params" | "cfg">, host: HostState, chroma: Float32Array, frames: number): Float64Array {
  const size = frames * host.layout.outputs;
  if (host.logits.length < size) host.logits = new Float64Array(size);
  const out = host.logits.subarray(0, size);
  return hostForward(loop.params.values, host.layout, loop.cfg.model.temperature, chroma, frames, out, host.cache);
}

/**
 * Validation loss, chord-sequence loss (selection.ts) and pooled frame F of the whole validation
 * set, in one batched forward pass.
 */
export function validate(
  loop: Pick<TrainingLoop, "model" | "val" | "cfg" | "workspace" | "classWeights"> & Partial<Pick<TrainingLoop, "host" | "params">>,
): { loss: number; f: number; chordLoss: number } {
  const set = loop.val;
  if (!set.chroma) return { loss: NaN, f: NaN, chordLoss: NaN };
  if (loop.host && loop.params) return hostValidate({ ...loop, params: loop.params }, loop.host);
  let chordLoss = NaN;
  const [loss, classes] = tf.tidy(() => {
    const batch = selectBatch(set, "all");
    const logits = loop.model.logits(batch.chroma);
    const [items, frames, outputs] = logits.shape;
    chordLoss = chordSequenceLoss(logits.dataSync(), { items, frames, outputs }, reducedSequences(set), loop.workspace);
    // the final γ and prior weight (0), the training's class weights
    const ctx = { loss: loop.cfg.loss, gamma: loop.cfg.loss.gamma, workspace: loop.workspace, classWeights: loop.classWeights };
    const value = lossOfLogits(logits, batch.targets, ctx);
    const chords = logits.shape[2] > NUM_CHORDS ? tf.slice(logits, [0, 0, 0], [-1, -1, NUM_CHORDS]) : logits;
    return [value, tf.argMax(chords, 2)];
  });
  const lossValue = loss.dataSync()[0];
  const estimate = Int16Array.from(classes.dataSync());
  tf.dispose([loss, classes]);
  return { loss: lossValue, f: pooledF(set, estimate), chordLoss };
}

/** Each segment's reduced chord sequence (the CTC target; what selection.ts scores against). */
function reducedSequences(set: PreparedSet): Int32Array[] {
  return set.segments.map((s) => Int32Array.from(reduceLabels(s.trainLabels)));
}

/** Frame F of the whole set's estimates [segments × frames] against its frame labels. */
function pooledF(set: PreparedSet, estimate: Int16Array): number {
  const reference = new Int16Array(estimate.length);
  set.segments.forEach((s, i) => reference.set(s.labels, i * set.frames));
  return frameScores(reference, estimate).f;
}

/** validate() without tfjs: one forward pass of the whole validation set on the host. */
function hostValidate(loop: Pick<TrainingLoop, "val" | "cfg" | "workspace" | "params">, host: HostState): { loss: number; f: number; chordLoss: number } {
  const set = loop.val;
  const batch = selectHostBatch(set, "all", { rowWeights: host.rowWeights?.val, priorOf: host.priorOf });
  const O = host.layout.outputs;
  const logits = hostLogits(loop, host, batch.chroma, batch.items * set.frames);
  const ctx = { loss: loop.cfg.loss, gamma: loop.cfg.loss.gamma, workspace: loop.workspace };
  const loss = hostLoss(logits, { items: batch.items, frames: set.frames, outputs: O }, batch.targets, ctx, host.loss, null);
  const chordLoss = chordSequenceLoss(logits, { items: batch.items, frames: set.frames, outputs: O }, reducedSequences(set), loop.workspace);
  return { loss, f: pooledF(set, argmaxPath(logits, NUM_CHORDS, O)), chordLoss }; // the chords only (no CTC blank)
}

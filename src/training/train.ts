/**
 * The training loop (report §3.2): Adam, batches of `batchSize` segments shuffled every epoch with
 * the seed, validation loss after every epoch, and the parameters of the epoch with the lowest
 * validation loss kept (earliest epoch on ties). The study's notebook evaluated the last epoch by
 * mistake (PRIOR-ART.md); here the returned model is restored to the best epoch. Early stopping
 * and the time budget (earlyStopping.ts, docs/early-stopping.md) may end the loop before
 * `training.epochs`; they change where it ends, not its trajectory.
 *
 * With a γ schedule the training loss uses the epoch's γ, but the validation loss always uses the
 * final γ (loss.gamma): soft-DTW values at different γ are not comparable, and a large early γ
 * would otherwise win the best-epoch selection. Likewise the diagonal prior (loss.diagonalPrior)
 * shapes only the training loss; validation uses its final weight, 0.
 *
 * The loop does not know how a step is computed: the engine of `training.engine` (engine.ts,
 * engines/) does, chosen once here.
 */
import type { Segment } from "../dataset/types.js";
import type { DChordWeights } from "../model/dchord.js";
import { InputError } from "../errors.js";
import { createRng, type Rng } from "../util/random.js";
import { epochBatches, prepareSet, type PreparedSet } from "./batches.js";
import type { ModelWeights, TrainingEngine } from "./engine.js";
import { createEngine } from "./engines/index.js";
import { epochSchedule } from "./schedule.js";
import { alignmentPlan, alignmentsAfterTraining, alignmentAtEpoch, type AlignmentPlan } from "./alignment.js";
import type { AlignmentRecord, EpochRecord, TrainConfig, TrainOptions, TrainResult } from "./types.js";
import { patienceInEpochs, stopRuleOf, updatesPerEpoch, type StopReason } from "./earlyStopping.js";
import { selectionScore } from "./selection.js";
import { impliedMinorShare, minorCollapseNote, predictedMinorShare } from "./classShares.js";
import { keepableEpoch, nextBalance } from "./adaptiveBalance.js";

/** createRng stream of the per-epoch shuffles. */
export const SHUFFLE_STREAM = 102;

/** W: the weights of the configured family (DChordWeights by default; ModelWeights when it may be either). */
export async function train<W extends ModelWeights = DChordWeights>(
  input: { train: readonly Segment[]; val: readonly Segment[] },
  cfg: TrainConfig,
  opts: TrainOptions,
): Promise<TrainResult<W>> {
  const sets = { train: prepareSet(input.train, cfg), val: prepareSet(input.val, cfg) };
  if (sets.train.segments.length === 0) {
    throw new InputError(
      `no training segment has a ${cfg.loss.kind === "bce" ? "" : "non-empty "}target (${input.train.length} given, ${sets.train.skipped} without any chord)`,
    );
  }
  const engine = createEngine(cfg.training.engine, { ...sets, cfg, seed: opts.seed });
  try {
    const run = await runEpochs(engine, sets, cfg, opts);
    const alignments = [...run.alignments, ...alignmentsAfterTraining({ engine, val: sets.val, cfg }, run)];
    alignments.sort((a, b) => a.epoch - b.epoch);
    // the class-share check of the kept epoch (classShares.ts), from its weights
    const kept = run.history[run.bestEpoch - 1];
    if (kept && Number.isNaN(kept.trainMinorShare)) {
      engine.restore(run.best);
      kept.trainMinorShare = minorShareOf(engine, sets.train);
    }
    return {
      history: run.history,
      bestEpoch: run.bestEpoch,
      selectedBy: run.selectedBy,
      best: run.best as W,
      last: run.last as W,
      stoppedEpoch: run.stoppedEpoch,
      stopReason: run.stopReason,
      ...(cfg.training.earlyStopping ? { patienceInEpochs: patienceInEpochs(cfg.training.earlyStopping, perEpochOf(sets.train, cfg)) } : {}),
      model: engine.scorer(run.best),
      alignments,
      skipped: { train: sets.train.skipped, val: sets.val.skipped },
      shareNote: kept ? minorCollapseNote(kept) : undefined,
      truncated: { train: sets.train.truncated, val: sets.val.truncated },
      parameterCount: engine.parameterCount,
    };
  } finally {
    engine.dispose();
  }
}

export interface EpochsResult {
  history: EpochRecord[];
  bestEpoch: number;
  selectedBy: "valLoss" | "valChordLoss" | "valSequenceAccuracy" | "last";
  best: ModelWeights;
  last: ModelWeights;
  alignments: AlignmentRecord[];
  plan: AlignmentPlan;
  stoppedEpoch: number | null;
  stopReason: StopReason | null;
}

async function runEpochs(
  engine: TrainingEngine<ModelWeights>,
  sets: { train: PreparedSet; val: PreparedSet },
  cfg: TrainConfig,
  opts: TrainOptions,
): Promise<EpochsResult> {
  const rng = createRng(opts.seed, SHUFFLE_STREAM);
  const implied = impliedMinorShare(sets.train.segments);
  const plan = alignmentPlan(cfg, sets.val);
  const history: EpochRecord[] = [];
  const alignments: AlignmentRecord[] = [];
  let best: { epoch: number; score: number; weights?: ModelWeights } = { epoch: 0, score: Infinity };
  // early stopping / time budget (earlyStopping.ts): only decides when the loop ends; it watches the
  // same score that picks the kept epoch (training.selectBy: the validation loss by default)
  const rule = stopRuleOf(cfg.training, cfg.loss, {
    validation: sets.val.segments.length > 0,
    updatesPerEpoch: perEpochOf(sets.train, cfg),
  });
  const clock = opts.clock ?? (() => performance.now() / 1000);
  const startedSec = clock();
  let stopped: { epoch: number; reason: StopReason } | undefined;
  // the weak-label diagnostics (selection.ts, classShares.ts) every epoch only where asked for:
  // they cost about half an epoch of the study's setting
  const everyEpoch = cfg.training.diagnostics === "epoch";
  const weak = everyEpoch || cfg.training.selectBy !== "valLoss";
  const adaptive = cfg.loss.adaptiveBalance;
  if (adaptive && !engine.setClassBalance) {
    throw new InputError("loss.adaptiveBalance needs dChord, or the context network with soft-DTW and the majmin vocabulary: remove it");
  }
  let beta = cfg.loss.kind === "ctc" ? (cfg.loss.ctcClassBalance ?? 0) : cfg.loss.classBalance;
  for (let epoch = 1; epoch <= cfg.training.epochs && !stopped; epoch++) {
    const started = performance.now();
    const trainLoss = runEpoch(engine, { size: sets.train.segments.length, epoch, cfg, rng, signal: opts.signal });
    const val = engine.validate({ weak });
    const trainMinorShare = everyEpoch || adaptive ? minorShareOf(engine, sets.train) : NaN;
    if (adaptive) {
      beta = nextBalance(beta, implied, trainMinorShare, adaptive.rate);
      engine.setClassBalance!(beta);
    }
    const seconds = (performance.now() - started) / 1000;
    const record = { epoch, trainLoss, valLoss: val.loss, valF: val.f, seconds, valChordLoss: val.chordLoss, valSequenceAccuracy: val.sequenceAccuracy, trainMinorShare, impliedMinorShare: implied, classBalance: adaptive ? beta : NaN };
    history.push(record);
    const score = selectionScore(record, cfg.training.selectBy); // training.selectBy (selection.ts)
    // with the balance feedback the shares are measured every epoch: an epoch the class-share check
    // flags as collapsed (classShares.ts) is never kept (adaptiveBalance.ts)
    if (keepableEpoch(record, adaptive !== undefined) && score < best.score) best = { epoch, score, weights: engine.snapshot() };
    alignments.push(...alignmentAtEpoch({ engine, val: sets.val, cfg }, plan, epoch));
    const decision = rule?.update(epoch, score, clock() - startedSec);
    if (decision?.stop && epoch < cfg.training.epochs) stopped = { epoch, reason: decision.reason! };
    opts.onEpoch?.(record, { stopBy: rule?.stopBy(), last: stopped !== undefined || epoch === cfg.training.epochs });
    await new Promise<void>((resolve) => setImmediate(resolve)); // let timers and signals run
  }
  const last = engine.snapshot();
  const selectedBy = best.weights ? cfg.training.selectBy : "last";
  const bestEpoch = best.weights ? best.epoch : history.length;
  const stop = { stoppedEpoch: stopped?.epoch ?? null, stopReason: stopped?.reason ?? null };
  return { history, bestEpoch, selectedBy, best: best.weights ?? last, last, alignments, plan, ...stop };
}

/** Adam updates per epoch over the training set (earlyStopping.ts counts patience in them on request). */
function perEpochOf(train: PreparedSet, cfg: TrainConfig): number {
  return updatesPerEpoch(train.segments.length, cfg.training.batchSize);
}

/** The predicted minor share of a set's frames at the engine's current parameters (classShares.ts). */
function minorShareOf(engine: TrainingEngine<ModelWeights>, set: PreparedSet): number {
  if (!set.chroma) return NaN;
  return predictedMinorShare(engine.chordProbabilities(set.chroma, ownInputOf(set)));
}

/**
 * A set's own inputs end to end (undefined without them), built once per set: with
 * loss.adaptiveBalance or diagnostics "epoch" the shares are read every epoch, and a log-frequency
 * input is tens of megabytes at 60 songs.
 */
const ownInputs = new WeakMap<PreparedSet, Float32Array>();
function ownInputOf(set: PreparedSet): Float32Array | undefined {
  if (!set.segments[0]?.input) return undefined;
  let input = ownInputs.get(set);
  if (!input) ownInputs.set(set, (input = concatInputs(set.segments.map((s) => s.input!))));
  return input;
}

/** The segments' own inputs (Segment.input) end to end, in set order. */
function concatInputs(inputs: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(inputs.reduce((n, x) => n + x.length, 0));
  let at = 0;
  for (const x of inputs) {
    out.set(x, at);
    at += x.length;
  }
  return out;
}

/** One pass over the training set; returns the batch-size-weighted mean of the step losses. */
function runEpoch(
  engine: TrainingEngine<ModelWeights>,
  o: { size: number; epoch: number; cfg: TrainConfig; rng: Rng; signal?: AbortSignal },
): number {
  const at = epochSchedule(o.epoch, o.cfg.loss);
  let weighted = 0;
  for (const indices of epochBatches(o.size, o.cfg.training.batchSize, o.rng)) {
    o.signal?.throwIfAborted();
    weighted += engine.step(indices, at) * indices.length;
  }
  return weighted / o.size;
}

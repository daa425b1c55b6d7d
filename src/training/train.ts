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
    return {
      history: run.history,
      bestEpoch: run.bestEpoch,
      selectedBy: run.selectedBy,
      best: run.best as W,
      last: run.last as W,
      model: engine.scorer(run.best),
      alignments,
      skipped: { train: sets.train.skipped, val: sets.val.skipped },
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
  selectedBy: "valLoss" | "last";
  best: ModelWeights;
  last: ModelWeights;
  alignments: AlignmentRecord[];
  plan: AlignmentPlan;
}

async function runEpochs(
  engine: TrainingEngine<ModelWeights>,
  sets: { train: PreparedSet; val: PreparedSet },
  cfg: TrainConfig,
  opts: TrainOptions,
): Promise<EpochsResult> {
  const rng = createRng(opts.seed, SHUFFLE_STREAM);
  const plan = alignmentPlan(cfg, sets.val);
  const history: EpochRecord[] = [];
  const alignments: AlignmentRecord[] = [];
  let best: { epoch: number; loss: number; weights?: ModelWeights } = { epoch: 0, loss: Infinity };
  for (let epoch = 1; epoch <= cfg.training.epochs; epoch++) {
    const started = performance.now();
    const trainLoss = runEpoch(engine, { size: sets.train.segments.length, epoch, cfg, rng, signal: opts.signal });
    const val = engine.validate();
    const record = { epoch, trainLoss, valLoss: val.loss, valF: val.f, seconds: (performance.now() - started) / 1000 };
    history.push(record);
    if (val.loss < best.loss) best = { epoch, loss: val.loss, weights: engine.snapshot() };
    alignments.push(...alignmentAtEpoch({ engine, val: sets.val, cfg }, plan, epoch));
    opts.onEpoch?.(record);
    await new Promise<void>((resolve) => setImmediate(resolve)); // let timers and signals run
  }
  const last = engine.snapshot();
  const selectedBy = best.weights ? "valLoss" : "last";
  const bestEpoch = best.weights ? best.epoch : cfg.training.epochs;
  return { history, bestEpoch, selectedBy, best: best.weights ?? last, last, alignments, plan };
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

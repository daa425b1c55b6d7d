/**
 * One experiment, end to end: corpus → chroma → segments → split → train → evaluate → write.
 *
 * The run directory is created first and `run.json` says RUNNING; every later file is written
 * atomically, and whatever happens (error, Ctrl-C) `run.json` ends COMPLETED or FAILED with the
 * error, so an interrupted run is never mistaken for a finished one.
 */
import { appendFileSync } from "node:fs";
import type { Config } from "../config/schema.js";
import { InterruptedError, type Warnings } from "../errors.js";
import { writeFileAtomic, writeJsonAtomic } from "../util/atomicWrite.js";
import { splitSegments } from "../dataset/index.js";
import { prepareCorpus } from "./corpus.js";
import type { Song, Splits } from "../dataset/types.js";
import { initBackend, tfjsVersion } from "../util/tfjs.js";
import { train, type TrainResult } from "../training/index.js";
import type { ModelWeights } from "../training/engine.js";
import { predictClasses } from "../model/predict.js";
import { writeReport } from "../reporting/index.js";
import { chordtrainVersion, configHash, createRunDir, gitInfo, versions, type RunRecord } from "./runDir.js";
import { thisProcess } from "../util/liveness.js";
import { silentProgress, type ProgressSink } from "../util/progress.js";
import { mirEvalMetrics, songPredictions, wholeTestSongs, type SongPrediction } from "./mirEval.js";
import { buildArtifacts, buildMetrics, collapseWarnings, contextSaliency, modelFile, predictionFiles, weightsCsv } from "./outputs.js";
import { historyCsv, historyLine, type HistoryRow, type Metrics } from "../runFolder/index.js";

export interface ExperimentOptions {
  progress?: ProgressSink;
  signal?: AbortSignal;
  /** Batch row this run belongs to (recorded in run.json). */
  row?: string;
}

export interface ExperimentResult {
  dir: string;
  runId: string;
  record: RunRecord;
  metrics?: Metrics;
}

export async function runExperiment(config: Config, opts: ExperimentOptions = {}): Promise<ExperimentResult> {
  const watcher = opts.progress ?? silentProgress;
  const { dir, runId } = createRunDir(config.out, config.name, config.seed);
  const record: RunRecord = {
    status: "RUNNING",
    runId,
    name: config.name,
    seed: config.seed,
    configHash: configHash(config),
    startedAt: new Date().toISOString(),
    git: gitInfo(),
    versions: { ...versions(), backend: config.training.backend },
    timings: {},
    notes: [],
    ...(opts.row !== undefined ? { row: opts.row } : {}),
    process: thisProcess(),
  };
  // Every save while RUNNING is a heartbeat: readers tell a SIGKILL'd run from a live one by it.
  const saveRecord = () => {
    const running = record.status === "RUNNING";
    if (running) record.heartbeatAt = new Date().toISOString();
    // The final status is flushed to disk; a heartbeat is superseded by the next one.
    writeJsonAtomic(`${dir}/run.json`, record, { durable: !running });
  };
  // The first chroma extraction of a large corpus is the longest stretch without an epoch.
  const progress = withFeatureHeartbeat(watcher, saveRecord);
  writeJsonAtomic(`${dir}/config.json`, config);
  saveRecord();
  const warnings = noteSink(record, progress);
  const t0 = performance.now();
  let trained: TrainResult<ModelWeights> | undefined;
  try {
    const { songs, splits } = await prepareData(config, warnings, progress, record);
    record.timings.loadSec = seconds(t0);
    throwIfAborted(opts.signal);

    progress.phase("training");
    saveRecord();
    record.versions.tfjs = tfjsVersion();
    record.versions.backend = await initBackend(config.training.backend);
    const t1 = performance.now();
    trained = await trainWithHistory(config, splits, dir, progress, saveRecord, opts.signal);
    record.timings.trainSec = seconds(t1);
    record.parameters = trained.parameterCount;
    if (config.loss.kind === "ctc") {
      record.notes.push(`CTC adds a trainable blank score: the model has ${trained.parameterCount} parameters.`);
    }
    const es = config.training.earlyStopping;
    if (es && trained.patienceInEpochs && (es.patienceUpdates !== undefined || es.minUpdates !== undefined)) {
      const p = trained.patienceInEpochs;
      record.notes.push(
        `Early stopping counted in updates, at ${p.updatesPerEpoch} updates per epoch: patience ${p.patience} epochs` +
          `${es.patienceUpdates !== undefined ? ` (${es.patienceUpdates} updates)` : ""}, not before epoch ${p.minEpochs}` +
          `${es.minUpdates !== undefined ? ` (${es.minUpdates} updates)` : ""}.`,
      );
    }
    if (trained.selectedBy !== "valLoss") record.notes.push(`The kept epoch (${trained.bestEpoch}) was chosen by ${trained.selectedBy} (training.selectBy).`);
    if (trained.shareNote) warnings.warn(trained.shareNote.replace(/^warning: /, ""));
    for (const [what, count] of Object.entries(trained.skipped ?? {})) {
      if (count > 0) record.notes.push(`${count} ${what} segments had no chord and were skipped by the loss.`);
    }

    progress.phase("evaluation");
    saveRecord();
    const t2 = performance.now();
    const estimates = predictClasses(trained.model, splits.test);
    const metrics = buildMetrics(config, splits, estimates, trained, predictClasses(trained.model, splits.val));
    for (const warning of collapseWarnings(metrics)) warnings.warn(warning);
    for (const reason of metrics.health?.reasons ?? []) warnings.warn(`DEGENERATE model: ${reason}`);
    const wholeSongs = wholeTestSongs(config, songs, splits);
    const songLabs = songPredictions(wholeSongs, predictClasses(trained.model, wholeSongs.map((s) => ({ chroma: s.chroma.data, ...(s.input ? { input: s.input.data } : {}) }))));
    const mirEval = mirEvalMetrics(songLabs, config);
    if (mirEval) metrics.mirEval = mirEval;
    writeOutputs(dir, config, { songs, splits, estimates, trained, metrics, songLabs });
    record.timings.evalSec = seconds(t2);
    record.timings.totalSec = seconds(t0);
    record.status = "COMPLETED";
    record.finishedAt = new Date().toISOString();
    saveRecord();
    await maybeReport(dir, config, progress, record, saveRecord);
    return { dir, runId, record, metrics };
  } catch (caught) {
    // An abort surfaces as whatever the stage threw (an AbortError from training, …): name it once.
    const error = opts.signal?.aborted ? new InterruptedError() : caught;
    record.status = "FAILED";
    record.error = error instanceof Error ? error.message : String(error);
    record.finishedAt = new Date().toISOString();
    record.timings.totalSec = seconds(t0);
    saveRecord();
    throw error;
  } finally {
    trained?.model.dispose();
    progress.end();
  }
}

async function prepareData(
  config: Config,
  warnings: Warnings,
  progress: ProgressSink,
  record: RunRecord,
): Promise<{ songs: Song[]; splits: Splits }> {
  const songs = await prepareCorpus(config, progress, warnings);
  const splits = splitSegments(songs, { ...config.split, dataset: config.dataset }, config.seed);
  for (const note of splits.notes) {
    record.notes.push(note);
    progress.note(note);
  }
  record.notes.push(
    `segments: ${splits.train.length} train, ${splits.val.length} validation, ${splits.test.length} test`,
  );
  return { songs, splits };
}

/** Least time between two heartbeats written during training (liveness.ts). */
export const HEARTBEAT_MS = 10_000;

async function trainWithHistory(
  config: Config,
  splits: Splits,
  dir: string,
  progress: ProgressSink,
  heartbeat: () => void,
  signal?: AbortSignal,
): Promise<TrainResult<ModelWeights>> {
  const history: HistoryRow[] = [];
  const path = `${dir}/history.csv`;
  let lastBeat = 0;
  return train<ModelWeights>({ train: splits.train, val: splits.val }, config, {
    seed: config.seed,
    signal,
    onEpoch(rec, outlook) {
      history.push(rec);
      const last = outlook.last; // all epochs, or early stopping ended the run here
      // A crash keeps the curve up to the last epoch: the file is created atomically at epoch 1,
      // then each epoch appends its line in one write (a killed process leaves whole lines), and
      // the last epoch rewrites it atomically, flushed to disk. (Renaming a new copy every epoch
      // cost 0.25 s per run of 200 short epochs: issue #11.)
      if (rec.epoch === 1 || last) writeFileAtomic(path, historyCsv(history), { durable: last });
      else appendFileSync(path, historyLine(rec));
      // run.json's heartbeat: at the first epoch, then at most every HEARTBEAT_MS (liveness.ts
      // needs one per half hour; each is an atomic rewrite of run.json).
      const now = performance.now();
      if (rec.epoch === 1 || now - lastBeat >= HEARTBEAT_MS) {
        lastBeat = now;
        heartbeat();
      }
      progress.epoch({ ...rec, epochs: config.training.epochs, ...(outlook.stopBy === undefined ? {} : { stopBy: outlook.stopBy }) });
    },
  });
}

interface Outputs {
  songs: Song[];
  splits: Splits;
  estimates: Int16Array[];
  trained: TrainResult<ModelWeights>;
  metrics: Metrics;
  /** Whole test songs' predictions (songs / leave-one-song-out protocols). */
  songLabs: SongPrediction[];
}

function writeOutputs(dir: string, config: Config, o: Outputs): void {
  // history.csv is already complete: onEpoch rewrote it after every epoch.
  writeJsonAtomic(`${dir}/weights.json`, modelFile(config, o.trained.best, chordtrainVersion()));
  writeFileAtomic(`${dir}/weights.csv`, weightsCsv(o.trained.best, config.model.context));
  const saliency = contextSaliency(config, o.trained.best, o.splits.test);
  if (saliency) writeJsonAtomic(`${dir}/saliency.json`, saliency);
  for (const [name, text] of predictionFiles(o.splits.test, o.estimates)) {
    writeFileAtomic(`${dir}/predictions/${name}`, text);
  }
  for (const { song, lab } of o.songLabs) writeFileAtomic(`${dir}/predictions/songs/${song.name}.lab`, lab);
  writeJsonAtomic(`${dir}/artifacts.json`, buildArtifacts(config, o.songs, o.splits, o.estimates, o.trained));
  writeJsonAtomic(`${dir}/metrics.json`, o.metrics);
}

async function maybeReport(
  dir: string,
  config: Config,
  progress: ProgressSink,
  record: RunRecord,
  saveRecord: () => void,
): Promise<void> {
  if (!config.report.enabled) return;
  progress.phase("report");
  try {
    await writeReport(dir, { png: config.report.png });
  } catch (error) {
    // The numbers are safe on disk; a figure problem must not turn the run into a failure.
    const message = `report not written: ${error instanceof Error ? error.message : String(error)}`;
    record.notes.push(message);
    progress.note(message);
    saveRecord();
  }
}

function noteSink(record: RunRecord, progress: ProgressSink): Warnings {
  return {
    warn(message) {
      record.notes.push(`warning: ${message}`);
      progress.note(`warning: ${message}`);
    },
  };
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new InterruptedError();
}

/** Passes progress on; while features are computed, also saves run.json (a heartbeat) at most once a minute. */
function withFeatureHeartbeat(progress: ProgressSink, heartbeat: () => void): ProgressSink {
  let last = Date.now();
  return {
    phase: (label) => progress.phase(label),
    epoch: (p) => progress.epoch(p),
    note: (message) => progress.note(message),
    end: () => progress.end(),
    features(done, total, song) {
      progress.features(done, total, song);
      if (Date.now() - last >= 60_000) {
        last = Date.now();
        heartbeat();
      }
    },
  };
}

const seconds = (since: number) => Number(((performance.now() - since) / 1000).toFixed(3));

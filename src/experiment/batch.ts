/**
 * A batch: one run per (row, seed), skipping those already completed with the same resolved
 * config, optionally only one shard of them (`--shard i/n`) and several at a time in worker
 * processes (`--jobs N`); then the table of every finished run in the batch folder.
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { mkdirSync } from "node:fs";
import type { BatchItem, LoadedBatch } from "../config/load.js";
import type { Config } from "../config/schema.js";
import { writeJsonAtomic } from "../util/atomicWrite.js";
import { writeReport } from "../reporting/index.js";
import { configHash } from "./runDir.js";
import { targetDescription } from "./outputs.js";
import { collect, completedRun, findRuns, type BatchPlan, type Collected } from "./collect.js";
import { runExperiment } from "./runExperiment.js";
import { ensureCorpusFolder, featureKey } from "./corpus.js";
import { silentProgress, type ProgressSink } from "../util/progress.js";
import type { ParentMessage, WorkerMessage } from "./worker.js";
import { createBatchEta, type BatchEta, type BatchStatus, type PlannedRun } from "./eta.js";
import { expectedCost, longestFirst, methodKind, trainingSongCount } from "./order.js";
import { dataLayout, discoverSongs } from "../dataset/index.js";

export interface Shard {
  /** 0-based index of this shard. */
  index: number;
  count: number;
}

export interface BatchOptions {
  jobs?: number;
  shard?: Shard;
  signal?: AbortSignal;
  /** A progress sink per run (jobs > 1 runs several at once). */
  progressFor?: (item: BatchItem) => ProgressSink;
  /** Lines about the batch itself (skips, failures). */
  log?: (line: string) => void;
  /** Informational lines (the shared feature extraction); default: none. */
  info?: (line: string) => void;
  /**
   * After each epoch of any run and after each run: the runs done of the runs to do and the time
   * left (eta.ts), computed only when the caller calls `status` (e.g. not at all with --quiet).
   */
  onStatus?: (status: () => BatchStatus, event: "epoch" | "run") => void;
  /** Seconds of a monotonic clock for the estimates (tests inject one); default performance.now()/1000. */
  clock?: () => number;
}

export interface BatchResult {
  dir: string;
  ran: number;
  skipped: number;
  failed: { row: string; seed: number; error: string }[];
  interrupted: boolean;
  collected: Collected;
}

export function batchDir(batch: LoadedBatch): string {
  return batch.items[0].config.out;
}

export function planOf(batch: LoadedBatch): BatchPlan {
  return {
    name: batch.name,
    file: batch.file,
    // What each row is, from its config: the table shows it even when no run of the row completed.
    rows: batch.rows.map(({ row, slug }) => {
      const config = batch.items.find((i) => i.row === row)!.config;
      return { row, slug, loss: config.loss.kind, ...targetDescription(config), originalLength: config.dataset.segmentLength };
    }),
    seeds: batch.seeds,
    ...(batch.folds ? { folds: batch.folds } : {}),
    compare: batch.compare,
    items: batch.items.map((i) => ({
      row: i.row,
      slug: i.slug,
      seed: i.seed,
      ...(i.fold === undefined ? {} : { fold: i.fold }),
      configHash: configHash(i.config),
    })),
  };
}

export function inShard(position: number, shard?: Shard): boolean {
  return !shard || position % shard.count === shard.index;
}

export async function runBatch(batch: LoadedBatch, opts: BatchOptions = {}): Promise<BatchResult> {
  const dir = batchDir(batch);
  const log = opts.log ?? (() => {});
  mkdirSync(dir, { recursive: true });
  const plan = planOf(batch);
  // Every shard writes the same plan, so whichever lands last is still right.
  writeJsonAtomic(join(dir, "batch.json"), plan);

  const existing = findRuns(dir);
  const todo: BatchItem[] = [];
  let skipped = 0;
  batch.items.forEach((item, position) => {
    if (!inShard(position, opts.shard)) return;
    const done = completedRun(existing, plan.items[position]);
    if (done) {
      skipped++;
      log(`skip ${item.row} (seed ${item.seed}): already completed in ${done}`);
    } else todo.push(item);
  });

  // Once, before any worker starts: parallel runs must not race to generate the corpus.
  for (const dataDir of new Set(todo.map((i) => i.config.data.dir))) {
    await ensureCorpusFolder(todo.find((i) => i.config.data.dir === dataDir)!.config, { note: log });
  }

  const failed: BatchResult["failed"] = [];
  const jobs = Math.max(1, Math.min(opts.jobs ?? 1, todo.length));
  // Longest expected first, from one queue (order.ts): no lane idles while another ends on a long run.
  const planned = plannedRunsOf(todo);
  const queue = jobs > 1 ? longestFirst(todo, (item) => planned.get(item)!.cost) : [...todo];
  const eta = createBatchEta([...planned.values()], { jobs, now: opts.clock ?? (() => performance.now() / 1000) });
  const status = (event: "epoch" | "run") => opts.onStatus?.(() => eta.status(), event);
  const progressOf = (item: BatchItem) => withEta(opts.progressFor?.(item) ?? silentProgress, eta, keyOf(item), status);
  let ran = 0;
  // One worker process per lane, reused for its items: a start (tsx/tfjs import) costs 0.7–1.8 s.
  const runners = jobs === 1 ? [] : Array.from({ length: jobs }, () => new WorkerLane(opts));
  const lane = async (runner?: WorkerLane) => {
    for (let item = queue.shift(); item && !opts.signal?.aborted; item = queue.shift()) {
      eta.start(keyOf(item));
      const error = runner ? await runner.run(item, progressOf(item)) : await runInProcess(item, { ...opts, progressFor: progressOf });
      ran++;
      eta.finish(keyOf(item));
      status("run");
      if (error) {
        failed.push({ row: item.row, seed: item.seed, error });
        log(`FAILED ${item.row} (seed ${item.seed}): ${error}`);
      }
    }
  };
  try {
    if (runners.length > 0) await warmFeatures(runners, todo, opts.info ?? (() => {}), opts.signal);
    await Promise.all(runners.length > 0 ? runners.map(lane) : [lane()]);
  } finally {
    await Promise.all(runners.map((r) => r.close()));
  }

  const collected = collect(dir);
  const base = batch.items[0].config;
  if (base.report.enabled && collected.runs.length > 0) {
    try {
      await writeReport(dir, { png: base.report.png });
    } catch (error) {
      log(`batch report not written: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { dir, ran, skipped, failed, interrupted: opts.signal?.aborted ?? false, collected };
}

/**
 * Each item's entry in the batch's time-left estimate (eta.ts): its key, row group, method and
 * expected cost (order.ts, scaled by its training songs), which also orders the runs. The song
 * names of each corpus are found once per data layout (file names only: no audio is read); a
 * corpus that cannot be listed counts as one song (the run itself reports why).
 * (scripts/eta-replay.ts replays a finished batch through the same entries.)
 */
export function plannedRunsOf(items: readonly BatchItem[]): Map<BatchItem, PlannedRun> {
  const byLayout = new Map<string, string[]>();
  const songNames = (config: Config): string[] => {
    const key = JSON.stringify([dataLayout(config.data), config.data.unpaired]);
    let names = byLayout.get(key);
    if (names === undefined) {
      try {
        names = discoverSongs(config.data).map((s) => s.name);
      } catch {
        names = ["?"];
      }
      byLayout.set(key, names);
    }
    return names;
  };
  return new Map(
    items.map((item) => [
      item,
      {
        key: keyOf(item),
        group: `${item.row}|${item.fold ?? ""}`,
        kind: methodKind(item.config),
        cost: expectedCost(item.config, trainingSongCount(item.config, songNames(item.config))),
      },
    ]),
  );
}

const keyOf = (item: BatchItem) => `${item.slug}|${item.seed}|${item.fold ?? ""}`;

/** The item's progress sink, also feeding the batch's estimate (and reporting it after each epoch). */
function withEta(sink: ProgressSink, eta: BatchEta, key: string, status: (event: "epoch") => void): ProgressSink {
  return {
    phase: (label) => sink.phase(label),
    features: (done, total, song, what) => sink.features(done, total, song, what),
    note: (message) => sink.note(message),
    end: () => sink.end(),
    epoch(p) {
      eta.epoch(key, p);
      sink.epoch(p);
      status("epoch");
    },
  };
}

/**
 * The chroma of every song, split between the lanes before any run starts (each lane's worker
 * extracts every jobs-th song into the cache), once per distinct feature setting: the runs then
 * all read the cache instead of each lane's first run extracting every song at the same time.
 */
async function warmFeatures(runners: WorkerLane[], todo: BatchItem[], log: (line: string) => void, signal?: AbortSignal): Promise<void> {
  const settings = new Map(todo.filter((i) => i.config.data.cache).map((i) => [featureKey(i.config), i.config]));
  for (const config of settings.values()) {
    if (signal?.aborted) return;
    const started = performance.now();
    log(`features: extracting (or finding in the cache) every song's chroma on ${runners.length} workers`);
    const results = await Promise.all(runners.map((r, index) => r.warm(config, { index, count: runners.length })));
    const songs = results.reduce((n, r) => n + (r.songs ?? 0), 0);
    const error = results.find((r) => r.error)?.error;
    // a failure here is left to the runs, which report it in their run.json
    if (error) log(`features not precomputed (${error}); each run computes its own`);
    else log(`features of ${songs} songs computed on ${runners.length} workers in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

/** Runs one item here; returns the error message, or undefined on success. */
async function runInProcess(item: BatchItem, opts: BatchOptions): Promise<string | undefined> {
  try {
    await runExperiment(item.config, { row: item.row, signal: opts.signal, progress: opts.progressFor?.(item) });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The worker entry: worker.js next to this file (worker.ts under tsx, with tsx's loader). */
function workerEntry(): { path: string; execArgv: string[] } {
  const self = fileURLToPath(import.meta.url);
  const ts = self.endsWith(".ts");
  return {
    path: join(self, "..", ts ? "worker.ts" : "worker.js"),
    execArgv: ts ? ["--import", "tsx"] : [],
  };
}

/**
 * A child process running items one after another (same code, same numbers as in process: a run
 * depends only on its config). A new child is started when the previous one died.
 */
class WorkerLane {
  #child?: { process: ChildProcess; exited: Promise<void> };
  #current?: { progress: ProgressSink; finish: (error: string | undefined) => void };
  #warming?: (result: { songs?: number; error?: string }) => void;

  constructor(private readonly opts: BatchOptions) {}

  /** Extracts (or finds) the cached chroma of this lane's share of the songs. */
  warm(config: Config, shard: { index: number; count: number }): Promise<{ songs?: number; error?: string }> {
    const child = (this.#child ??= this.#start()).process;
    return new Promise((resolvePromise) => {
      this.#warming = (result) => {
        this.#warming = undefined;
        resolvePromise(result);
      };
      child.send({ type: "features", config, shard } satisfies ParentMessage);
    });
  }

  /** Runs `item`; resolves to its error message, or undefined on success. */
  run(item: BatchItem, progress: ProgressSink): Promise<string | undefined> {
    const child = (this.#child ??= this.#start()).process;
    return new Promise((resolvePromise) => {
      this.#current = {
        progress,
        finish: (error) => {
          this.#current = undefined;
          progress.end();
          resolvePromise(error);
        },
      };
      child.send({ type: "run", config: item.config, row: item.row } satisfies ParentMessage);
    });
  }

  /** Lets the child exit (it does once its IPC channel closes) and waits for it. */
  async close(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    if (child.process.connected) child.process.disconnect();
    await child.exited;
  }

  #start(): { process: ChildProcess; exited: Promise<void> } {
    const { path, execArgv } = workerEntry();
    const child = fork(path, [], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const onAbort = () => {
      if (child.connected) child.send({ type: "abort" });
    };
    this.opts.signal?.addEventListener("abort", onAbort, { once: true });
    child.on("message", (m: WorkerMessage) => {
      if (m.type === "progress") {
        if (this.#current) forward(this.#current.progress, m);
      } else if (m.type === "done") this.#current?.finish(m.error);
      else if (m.type === "warmed") this.#warming?.({ songs: m.songs, error: m.error });
    });
    const exited = new Promise<void>((resolveExit) => {
      child.on("exit", (code) => {
        this.opts.signal?.removeEventListener("abort", onAbort);
        if (this.#child?.process === child) this.#child = undefined;
        this.#current?.finish(code === 0 ? "worker exited without a result" : `worker exited with code ${code}`);
        this.#warming?.({ error: `worker exited with code ${code}` });
        resolveExit();
      });
    });
    return { process: child, exited };
  }
}

function forward(progress: ProgressSink, m: Extract<WorkerMessage, { type: "progress" }>): void {
  const fn = progress[m.method] as (...args: unknown[]) => void;
  fn.apply(progress, m.args);
}

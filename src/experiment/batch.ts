/**
 * A batch: one run per (row, seed), skipping those already completed with the same resolved
 * config, optionally only one shard of them (`--shard i/n`) and several at a time in worker
 * processes (`--jobs N`); then the table of every finished run in the batch folder.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { mkdirSync } from "node:fs";
import type { BatchItem, LoadedBatch } from "../config/load.js";
import { writeJsonAtomic } from "../util/atomicWrite.js";
import { writeReport } from "../reporting/index.js";
import { configHash } from "./runDir.js";
import { collect, completedRun, findRuns, type BatchPlan, type Collected } from "./collect.js";
import { runExperiment } from "./runExperiment.js";
import { ensureCorpusFolder } from "./corpus.js";
import { silentProgress, type ProgressSink } from "./progress.js";
import type { WorkerMessage } from "./worker.js";

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
    rows: batch.rows,
    seeds: batch.seeds,
    items: batch.items.map((i) => ({ row: i.row, slug: i.slug, seed: i.seed, configHash: configHash(i.config) })),
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
  const runOne = jobs === 1 ? runInProcess : runInWorker;
  const queue = [...todo];
  let ran = 0;
  const lane = async () => {
    for (let item = queue.shift(); item && !opts.signal?.aborted; item = queue.shift()) {
      const error = await runOne(item, opts);
      ran++;
      if (error) {
        failed.push({ row: item.row, seed: item.seed, error });
        log(`FAILED ${item.row} (seed ${item.seed}): ${error}`);
      }
    }
  };
  await Promise.all(Array.from({ length: jobs }, lane));

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

/** Runs one item in a child process (same code, same numbers); returns the error message if any. */
function runInWorker(item: BatchItem, opts: BatchOptions): Promise<string | undefined> {
  const { path, execArgv } = workerEntry();
  const progress = opts.progressFor?.(item) ?? silentProgress;
  return new Promise((resolvePromise) => {
    const child = fork(path, [], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let error: string | undefined = "worker exited without a result";
    const onAbort = () => child.send({ type: "abort" });
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    child.on("message", (m: WorkerMessage) => {
      if (m.type === "progress") forward(progress, m);
      else if (m.type === "done") error = m.error;
    });
    child.on("exit", (code) => {
      opts.signal?.removeEventListener("abort", onAbort);
      progress.end();
      resolvePromise(error ?? (code === 0 ? undefined : `worker exited with code ${code}`));
    });
    child.send({ type: "run", config: item.config, row: item.row });
  });
}

function forward(progress: ProgressSink, m: Extract<WorkerMessage, { type: "progress" }>): void {
  const fn = progress[m.method] as (...args: unknown[]) => void;
  fn.apply(progress, m.args);
}

/**
 * Reading finished runs back from disk and turning them into the batch table. Used at the end of
 * `chordtrain batch` and by `chordtrain collect DIR` (e.g. after a Slurm array wrote its shards
 * into a shared results folder).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { writeFileAtomic } from "../util/atomicWrite.js";
import type { RunRecord } from "./runDir.js";
import type { Metrics } from "./outputs.js";
import { compareCsv, compareMarkdown, pairedComparisons, type Comparison } from "./compare.js";
import { aggregate, runsCsv, tableCsv, tableMarkdown, type RunSummary, type TableRow } from "./table.js";

/** What `batch.json` records: the plan, so `collect` knows row order and expected config hashes. */
export interface BatchPlan {
  name: string;
  file: string;
  rows: { row: string; slug: string }[];
  seeds: number[];
  /** The leave-one-song-out folds axis, if the batch has one. */
  folds?: number[];
  /** Paired comparisons (row a − row b); absent in plans written before they existed. */
  compare?: { a: string; b: string }[];
  items: { row: string; slug: string; seed: number; fold?: number; configHash: string }[];
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** All run directories below `dir` (depth ≤ 2: `<row>/<run-id>/run.json`). */
export function findRuns(dir: string): { dir: string; record: RunRecord }[] {
  const out: { dir: string; record: RunRecord }[] = [];
  for (const rowName of safeList(dir)) {
    const rowDir = join(dir, rowName);
    for (const runName of safeList(rowDir)) {
      const runDir = join(rowDir, runName);
      const record = readJson<RunRecord>(join(runDir, "run.json"));
      if (record) out.push({ dir: runDir, record });
    }
  }
  return out.sort((a, b) => (a.dir < b.dir ? -1 : 1));
}

function safeList(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir).filter((n) => !n.startsWith(".") && statSync(join(dir, n)).isDirectory());
}

/** The newest COMPLETED run of (row, seed) with the given config hash, if any. */
export function completedRun(
  runs: { dir: string; record: RunRecord }[],
  item: { slug: string; seed: number; configHash: string },
): string | undefined {
  const match = runs.filter(
    (r) =>
      r.record.status === "COMPLETED" &&
      r.record.configHash === item.configHash &&
      r.record.name === item.slug &&
      r.record.seed === item.seed &&
      existsSync(join(r.dir, "metrics.json")),
  );
  return match.at(-1)?.dir;
}

function summarize(runDir: string, record: RunRecord, item: { row: string; fold?: number }): RunSummary {
  const m = readJson<Metrics>(join(runDir, "metrics.json"));
  const ok = record.status === "COMPLETED" && m !== undefined;
  return {
    row: item.row,
    slug: record.name,
    seed: record.seed,
    fold: item.fold ?? null,
    dir: runDir,
    status: ok ? "COMPLETED" : record.status,
    loss: m?.loss ?? "bce",
    padding: m?.padding ?? "",
    targetLength: m?.targetLength ?? "",
    originalLength: m?.originalLength ?? 0,
    testF1: m?.test.f ?? NaN,
    testPrecision: m?.test.precision ?? NaN,
    testRecall: m?.test.recall ?? NaN,
    majmin: m?.test.majmin ?? NaN,
    // null (no reference frame of the quality) and runs written before these existed: unknown.
    majorRecall: m?.test.majorRecall ?? NaN,
    minorRecall: m?.test.minorRecall ?? NaN,
    minorShare: m?.test.minorShare ?? NaN,
    bestEpoch: m?.bestEpoch ?? NaN,
    seconds: record.timings?.totalSec ?? NaN,
  };
}

export interface Collected {
  rows: TableRow[];
  runs: RunSummary[];
  markdown: string;
  comparisons: Comparison[];
  missing: { row: string; seed: number; fold?: number }[];
}

/**
 * Builds the table of a batch directory: for each planned (row, seed) the newest completed run
 * with the planned config hash (or, without a plan, the newest completed run per row folder and
 * seed), and writes `table.csv`, `runs.csv`, `table.md` and, when the plan asks for paired
 * comparisons, `compare.csv` atomically.
 */
export function collect(batchDir: string): Collected {
  if (!existsSync(batchDir)) throw new InputError("results folder not found", { file: batchDir });
  const plan = readJson<BatchPlan>(join(batchDir, "batch.json"));
  const runs = findRuns(batchDir);
  if (!plan && runs.length === 0) {
    throw new InputError("no runs here (expected <row>/<run-id>/run.json below it)", { file: batchDir });
  }
  const items = plan?.items ?? inferItems(runs);
  const summaries: RunSummary[] = [];
  const missing: Collected["missing"] = [];
  for (const item of items) {
    const done = plan ? completedRun(runs, item) : newestCompleted(runs, item.slug, item.seed);
    if (done) {
      summaries.push(summarize(done, readJson<RunRecord>(join(done, "run.json"))!, item));
      continue;
    }
    const last = runs.filter((r) => r.record.name === item.slug && r.record.seed === item.seed).at(-1);
    if (last) summaries.push(summarize(last.dir, last.record, item));
    missing.push({ row: item.row, seed: item.seed, ...(item.fold === undefined ? {} : { fold: item.fold }) });
  }
  const rowOrder = plan?.rows.map((r) => r.row) ?? [...new Set(items.map((i) => i.row))];
  const rows = aggregate(summaries, rowOrder);
  const comparisons = pairedComparisons(summaries, plan?.compare ?? []);
  const markdown = tableMarkdown(rows) + compareMarkdown(comparisons);
  writeFileAtomic(join(batchDir, "table.csv"), tableCsv(rows));
  writeFileAtomic(join(batchDir, "runs.csv"), runsCsv(summaries));
  if (comparisons.length > 0) writeFileAtomic(join(batchDir, "compare.csv"), compareCsv(comparisons));
  writeFileAtomic(join(batchDir, "table.md"), markdown);
  return { rows, runs: summaries, markdown, comparisons, missing };
}

function newestCompleted(runs: { dir: string; record: RunRecord }[], slug: string, seed: number): string | undefined {
  return runs
    .filter((r) => r.record.name === slug && r.record.seed === seed && r.record.status === "COMPLETED")
    .at(-1)?.dir;
}

function inferItems(runs: { dir: string; record: RunRecord }[]): BatchPlan["items"] {
  const seen = new Map<string, BatchPlan["items"][number]>();
  for (const r of runs) {
    const key = `${r.record.name}\u0000${r.record.seed}`;
    if (!seen.has(key)) {
      seen.set(key, { row: r.record.row ?? r.record.name, slug: r.record.name, seed: r.record.seed, configHash: r.record.configHash });
    }
  }
  return [...seen.values()];
}

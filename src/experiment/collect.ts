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
import { aggregate, runsCsv, tableCsv, tableMarkdown, type RunSummary, type TableRow } from "./table.js";

/** What `batch.json` records: the plan, so `collect` knows row order and expected config hashes. */
export interface BatchPlan {
  name: string;
  file: string;
  rows: { row: string; slug: string }[];
  seeds: number[];
  items: { row: string; slug: string; seed: number; configHash: string }[];
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

function summarize(runDir: string, record: RunRecord, row: string): RunSummary {
  const m = readJson<Metrics>(join(runDir, "metrics.json"));
  const ok = record.status === "COMPLETED" && m !== undefined;
  return {
    row,
    slug: record.name,
    seed: record.seed,
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
    bestEpoch: m?.bestEpoch ?? NaN,
    seconds: record.timings?.totalSec ?? NaN,
  };
}

export interface Collected {
  rows: TableRow[];
  runs: RunSummary[];
  markdown: string;
  missing: { row: string; seed: number }[];
}

/**
 * Builds the table of a batch directory: for each planned (row, seed) the newest completed run
 * with the planned config hash (or, without a plan, the newest completed run per row folder and
 * seed), and writes `table.csv`, `runs.csv` and `table.md` atomically.
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
  const missing: { row: string; seed: number }[] = [];
  for (const item of items) {
    const done = plan ? completedRun(runs, item) : newestCompleted(runs, item.slug, item.seed);
    if (done) {
      summaries.push(summarize(done, readJson<RunRecord>(join(done, "run.json"))!, item.row));
      continue;
    }
    const last = runs.filter((r) => r.record.name === item.slug && r.record.seed === item.seed).at(-1);
    if (last) summaries.push(summarize(last.dir, last.record, item.row));
    missing.push({ row: item.row, seed: item.seed });
  }
  const rowOrder = plan?.rows.map((r) => r.row) ?? [...new Set(items.map((i) => i.row))];
  const rows = aggregate(summaries, rowOrder);
  const markdown = tableMarkdown(rows);
  writeFileAtomic(join(batchDir, "table.csv"), tableCsv(rows));
  writeFileAtomic(join(batchDir, "runs.csv"), runsCsv(summaries));
  writeFileAtomic(join(batchDir, "table.md"), markdown);
  return { rows, runs: summaries, markdown, missing };
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

/**
 * Reading finished runs back from disk and turning them into the batch table. Used at the end of
 * `chordtrain batch` and by `chordtrain collect DIR` (e.g. after a Slurm array wrote its shards
 * into a shared results folder).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { writeFileAtomic } from "../util/atomicWrite.js";
import { settleAbandoned } from "./runDir.js";
import {
  BatchPlanSchema, findRunFolders, firstIssue, MetricsSchema, runHealth, runScores,
  type BatchPlan, type MetricsRead, type RunRecord,
} from "../runFolder/index.js";
import { compareCsv, compareMarkdown, pairedComparisons, type Comparison } from "./compare.js";
import {
  aggregate, degenerateMarkdown, rowsFromRuns, runsCsv, tableCsv, tableMarkdown,
  type PlannedRow, type RunSummary, type TableRow,
} from "./table.js";

export type { BatchPlan, PlanRow } from "../runFolder/index.js";

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch {
    return undefined;
  }
}

/**
 * All run directories below `dir` (runFolder/find.ts). A RUNNING run whose process is gone comes
 * back FAILED ("abandoned: …"; see settleAbandoned).
 */
export function findRuns(dir: string): { dir: string; record: RunRecord }[] {
  // Validated by the readers' schema; kept as written (settleAbandoned may rewrite it).
  return findRunFolders(dir).map((f) => ({ dir: f.dir, record: settleAbandoned(f.dir, f.raw as RunRecord) }));
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
  const m = readMetrics(runDir);
  const ok = record.status === "COMPLETED" && m !== undefined;
  return {
    row: item.row,
    slug: record.name,
    seed: record.seed,
    fold: item.fold ?? null,
    dir: runDir,
    status: ok ? "COMPLETED" : record.status === "COMPLETED" ? "FAILED" : record.status,
    loss: (m?.loss ?? "") as RunSummary["loss"],
    padding: m?.padding ?? "",
    targetLength: m?.targetLength ?? "",
    originalLength: m?.originalLength ?? NaN,
    ...runScores(m, record),
    ...runHealth(m),
  };
}

/** metrics.json as the readers' schema reads it; undefined when missing or not matching. */
function readMetrics(runDir: string): MetricsRead | undefined {
  const parsed = MetricsSchema.safeParse(readJson<unknown>(join(runDir, "metrics.json")));
  return parsed.success ? parsed.data : undefined;
}

export interface Collected {
  rows: TableRow[];
  runs: RunSummary[];
  markdown: string;
  comparisons: Comparison[];
  /** Planned (row, seed[, fold]) items without a completed run. */
  missing: { row: string; seed: number; fold?: number }[];
}

type Found = { dir: string; record: RunRecord };

/**
 * Builds the table of a batch directory: for each planned (row, seed) the newest completed run
 * with the planned config hash (or, without a plan, the newest completed run per row folder and
 * seed), else its newest unfinished run (FAILED, abandoned or RUNNING); every planned row gets a
 * line. Writes `table.csv`, `runs.csv`, `table.md` and, when the plan asks for paired
 * comparisons, `compare.csv` atomically.
 *
 * Shards of one batch may collect at the same time: each checks after writing that the runs did
 * not change meanwhile and collects again if they did, so the table written last is never staler
 * than the runs on disk when its writer finished.
 */
export function collect(batchDir: string): Collected {
  if (!existsSync(batchDir)) throw new InputError("results folder not found", { file: batchDir });
  const plan = readPlan(batchDir);
  let runs = findRuns(batchDir);
  if (!plan && runs.length === 0) {
    throw new InputError("no runs here (expected <row>/<run-id>/run.json below it)", { file: batchDir });
  }
  for (let attempt = 0; ; attempt++) {
    const collected = tableOf(plan, runs);
    writeFileAtomic(join(batchDir, "table.csv"), tableCsv(collected.rows));
    writeFileAtomic(join(batchDir, "runs.csv"), runsCsv(collected.runs));
    if (collected.comparisons.length > 0) writeFileAtomic(join(batchDir, "compare.csv"), compareCsv(collected.comparisons));
    writeFileAtomic(join(batchDir, "table.md"), collected.markdown);
    const now = findRuns(batchDir);
    if (fingerprint(now) === fingerprint(runs) || attempt === 4) return collected;
    runs = now;
  }
}

/** batch.json checked by the readers' schema; undefined when there is none. */
function readPlan(batchDir: string): BatchPlan | undefined {
  const file = join(batchDir, "batch.json");
  if (!existsSync(file)) return undefined;
  const raw = readJson<unknown>(file);
  const parsed = BatchPlanSchema.safeParse(raw);
  if (raw === undefined || !parsed.success) {
    throw new InputError(`not a batch plan: ${raw === undefined ? "not JSON" : firstIssue(parsed.error!)}`, { file });
  }
  return raw as BatchPlan;
}

const fingerprint = (runs: Found[]) => runs.map((r) => `${r.dir}\u0000${r.record.status}`).join("\n");

function tableOf(plan: BatchPlan | undefined, runs: Found[]): Collected {
  const items = plan?.items ?? inferItems(runs);
  const summaries: RunSummary[] = [];
  const missing: Collected["missing"] = [];
  for (const item of items) {
    const done = plan ? completedRun(runs, item) : newestCompleted(runs, item.slug, item.seed);
    if (done) {
      summaries.push(summarize(done, runs.find((r) => r.dir === done)!.record, item));
      continue;
    }
    // A completed run of another config does not stand for this one; an unfinished one does.
    const last = runs
      .filter((r) => r.record.name === item.slug && r.record.seed === item.seed && r.record.status !== "COMPLETED")
      .at(-1);
    if (last) summaries.push(summarize(last.dir, last.record, item));
    missing.push({ row: item.row, seed: item.seed, ...(item.fold === undefined ? {} : { fold: item.fold }) });
  }
  const rowOrder = plan?.rows.map((r) => r.row) ?? [...new Set(items.map((i) => i.row))];
  const rows = aggregate(summaries, plannedRows(plan, items, summaries, rowOrder));
  const comparisons = pairedComparisons(summaries, plan?.compare ?? []);
  const markdown = tableMarkdown(rows) + degenerateMarkdown(summaries) + compareMarkdown(comparisons);
  return { rows, runs: summaries, markdown, comparisons, missing };
}

/** Each row as planned; rows of a batch.json from before rows carried their loss are read off the runs. */
function plannedRows(plan: BatchPlan | undefined, items: BatchPlan["items"], runs: RunSummary[], rowOrder: string[]): PlannedRow[] {
  const fromRuns = new Map(rowsFromRuns(runs, rowOrder).map((r) => [r.row, r]));
  return rowOrder.map((row) => {
    const mine = items.filter((i) => i.row === row);
    const seeds = [...new Set(mine.map((i) => i.seed))];
    const folds = mine.some((i) => i.fold !== undefined) ? { folds: [...new Set(mine.map((i) => i.fold ?? -1))] } : {};
    const p = plan?.rows.find((r) => r.row === row);
    if (p?.loss !== undefined) {
      return { row, seeds, ...folds, loss: p.loss, padding: p.padding ?? "", targetLength: p.targetLength ?? "", originalLength: p.originalLength ?? NaN };
    }
    const r = fromRuns.get(row);
    return { row, seeds, ...folds, loss: r?.loss ?? "", padding: r?.padding ?? "", targetLength: r?.targetLength ?? "", originalLength: r?.originalLength ?? NaN };
  });
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

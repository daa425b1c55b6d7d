/**
 * Reader of a batch directory: `batch.json` (the plan), `table.csv` (see table.ts for the
 * columns) and the run directories below it (`<row-slug>/<run-id>/run.json`, or one level up).
 *
 * Which run stands for a planned (row, seed): the newest COMPLETED run with the planned config
 * hash, else the newest run of that slug and seed (e.g. a FAILED one, shown with its error).
 * Without batch.json every run found is used, newest per (row, seed).
 */
import { existsSync } from "node:fs";
import { basename, join, relative, sep } from "node:path";
import {
  BatchPlanSchema, findRunFolders, firstIssue, runHealth, runScores, STAT_COLUMNS,
  type BatchPlanRead as BatchPlan, type RunRecordRead as RunRecord,
} from "../runFolder/index.js";
import { readJson, readRunDir, readText, type RunFiles } from "./readRun.js";
import { aggregateRunLines, parseCompareCsv, parseTableCsv, type ComparisonLine, type TableRow } from "./table.js";

export interface BatchRun {
  row: string;
  seed: number | null;
  /** Leave-one-song-out fold of a batch with a folds axis. */
  fold: number | null;
  /** Path relative to the batch directory (for links). */
  relDir: string;
  /** Whether the run folder holds its own report.html (linked from the batch page). */
  hasReport: boolean;
  files: RunFiles;
}

export interface BatchFiles {
  dir: string;
  name: string;
  plan: BatchPlan | null;
  /** From table.csv, or built from the runs when it is missing (then a problem says so). */
  table: TableRow[];
  runs: BatchRun[];
  /** Paired comparisons from compare.csv (empty when the batch asks for none). */
  comparisons: ComparisonLine[];
  /** Planned (row, seed) pairs without any run directory. */
  missing: { row: string; seed: number | null; fold: number | null }[];
  problems: string[];
}

interface Found {
  dir: string;
  record: RunRecord;
}

/** Run directories at depth 1 or 2 below `dir`, sorted by path (run ids sort by time). */
export function findRunDirs(dir: string): Found[] {
  return findRunFolders(dir).map(({ dir: d, record }) => ({ dir: d, record }));
}

type Item = NonNullable<BatchPlan["items"]>[number];

function pick(found: Found[], item: Item): Found | undefined {
  // With a folds axis a row has one folder per fold: the slug, not the row, names the item.
  const mine = found.filter(
    (f) =>
      (item.slug !== undefined ? f.record.name === item.slug : f.record.name === item.row || f.record.row === item.row) &&
      (item.seed === undefined || f.record.seed === item.seed),
  );
  const done = mine.filter((f) => f.record.status === "COMPLETED" && (!item.configHash || f.record.configHash === item.configHash));
  return done.at(-1) ?? mine.at(-1);
}

function inferItems(found: Found[]): Item[] {
  const seen = new Map<string, Item>();
  for (const f of found) {
    const item = { row: f.record.row ?? f.record.name ?? basename(f.dir), slug: f.record.name, seed: f.record.seed };
    seen.set(`${item.row}\u0000${item.seed}`, item);
  }
  return [...seen.values()];
}

/** table.csv lines (format (b) of table.ts) built from the runs' metrics, with the runs.csv columns. */
function tableFromRuns(runs: BatchRun[]): TableRow[] {
  const s = (x: unknown) => (x === undefined || x === null || (typeof x === "number" && !Number.isFinite(x)) ? "" : String(x));
  return aggregateRunLines(
    runs.map(({ row, seed, fold, files: { record, metrics } }) => {
      const scores = runScores(metrics, record);
      const health = runHealth(metrics);
      return {
        row,
        seed: s(seed),
        fold: s(fold),
        status: metrics && record?.status === "COMPLETED" ? "COMPLETED" : s(record?.status ?? "MISSING"),
        target_length: s(metrics?.targetLength),
        original_length: s(metrics?.originalLength),
        loss: s(metrics?.loss),
        padding: s(metrics?.padding),
        ...Object.fromEntries(STAT_COLUMNS.map(([c, k]) => [c, s(scores[k])])),
        degenerate: health.degenerate === null ? "" : health.degenerate ? "1" : "0",
      };
    }),
  );
}

function readPlan(dir: string, problems: string[]): BatchPlan | null {
  const json = readJson(join(dir, "batch.json"), "batch.json");
  if (!json.ok) {
    problems.push(json.problem);
    return null;
  }
  const r = BatchPlanSchema.safeParse(json.value);
  if (r.success) return r.data;
  problems.push(`batch.json does not match the batch contract: ${firstIssue(r.error)}`);
  return null;
}

function readTable(dir: string, runs: BatchRun[], problems: string[]): TableRow[] {
  const text = readText(join(dir, "table.csv"), "table.csv");
  if (text.ok) {
    try {
      return parseTableCsv(text.value);
    } catch (e) {
      problems.push(`table.csv: ${(e as Error).message}`);
    }
  } else problems.push(text.problem);
  problems.push("the results table below was built from the run directories instead of table.csv");
  return tableFromRuns(runs);
}

export function readBatchDir(dir: string): BatchFiles {
  const problems: string[] = [];
  const plan = readPlan(dir, problems);
  const found = findRunDirs(dir);
  const items = plan?.items ?? inferItems(found);
  const runs: BatchRun[] = [];
  const missing: BatchFiles["missing"] = [];
  for (const item of items) {
    const f = pick(found, item);
    const fold = item.fold ?? null;
    if (!f) missing.push({ row: item.row, seed: item.seed ?? null, fold });
    else {
      const relDir = relative(dir, f.dir).split(sep).join("/");
      runs.push({ row: item.row, seed: f.record.seed ?? null, fold, relDir, hasReport: existsSync(join(f.dir, "report.html")), files: readRunDir(f.dir) });
    }
  }
  const name = plan?.name ?? basename(dir);
  const table = readTable(dir, runs, problems);
  return { dir, name, plan, table, comparisons: readComparisons(dir, plan, problems), runs, missing, problems };
}

function readComparisons(dir: string, plan: BatchPlan | null, problems: string[]): ComparisonLine[] {
  if (!existsSync(join(dir, "compare.csv"))) {
    if ((plan?.compare?.length ?? 0) > 0) problems.push("batch.json asks for paired comparisons but compare.csv is missing (run chordtrain collect)");
    return [];
  }
  const text = readText(join(dir, "compare.csv"), "compare.csv");
  if (!text.ok) {
    problems.push(text.problem);
    return [];
  }
  try {
    return parseCompareCsv(text.value);
  } catch (e) {
    problems.push(`compare.csv: ${(e as Error).message}`);
    return [];
  }
}

export function isRunDir(dir: string): boolean {
  return existsSync(join(dir, "run.json"));
}

export function isBatchDir(dir: string): boolean {
  return existsSync(join(dir, "batch.json"));
}

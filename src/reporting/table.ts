/**
 * The batch results table (the study's Table 4.1) as the report reads it from `table.csv`.
 *
 * table.csv: a header line, then either
 *  (a) one line per batch row, scores already aggregated over seeds, or
 *  (b) one line per run, recognised by a `seed` column; lines sharing `row` are aggregated here
 *      (mean, sample SD, 95 % CI half-width t(0.975, n−1)·SD/√n); a `status` other than
 *      COMPLETED counts the run as failed and leaves it out of the scores.
 * Columns (only `row` is required; unknown columns are ignored):
 *   row, target_length, original_length, loss, padding,
 *   seeds (number of completed seeds, (a) only), folds (number of leave-one-song-out folds, (a)
 *   only, empty without a folds axis), runs (completed runs = n of the statistics, (a) only; seeds
 *   when absent), failed (number of failed runs, (a) only),
 *   for each score S in test_f1, test_precision, test_recall, majmin, major_recall, minor_recall,
 *   minor_share, best_epoch, seconds, stopped_epoch, mireval_sevenths, mireval_majmin,
 *   frame_sevenths (runFolder/columns.ts; a table without a column reads it as unknown):
 *     S or S_mean (the mean; S_mean wins), S_sd, S_ci95 (half-width; empty when n < 2),
 *   degenerate (number of degenerate runs in (a); 1 or 0 per run in (b)).
 * Empty cells and non-numbers read as "unknown" (NaN) and print as "–".
 */
import { parse } from "csv-parse/sync";
import { describe, type Stat } from "../util/seedStats.js";
import { averageRuns, STAT_COLUMNS, toNumber, type RowScores, type ScoreKey } from "../runFolder/index.js";

export { describe, toNumber, type Stat };

export interface TableRow extends RowScores {
  row: string;
  targetLength: string;
  originalLength: string;
  loss: string;
  padding: string;
  /** Completed seeds that entered the scores. */
  seeds: number;
  /** Leave-one-song-out folds (0 without a folds axis). */
  folds: number;
  /** Completed runs that entered the scores (seeds × folds). */
  runs: number;
  failed: number;
  /** Completed runs whose model is degenerate (evaluation/degenerate.ts). */
  degenerate: number;
}

type Record_ = Record<string, string | undefined>;

function describeLine(r: Record_): Omit<TableRow, ScoreKey> {
  return {
    row: r.row ?? "",
    targetLength: r.target_length ?? "",
    originalLength: r.original_length ?? "",
    loss: r.loss ?? "",
    padding: r.padding ?? "",
    seeds: 1,
    folds: 0,
    runs: 1,
    failed: 0,
    degenerate: 0,
  };
}

function aggregatedRow(r: Record_): TableRow {
  const seeds = toNumber(r.seeds);
  const runs = toNumber(r.runs);
  const n = Number.isFinite(runs) ? runs : Number.isFinite(seeds) ? seeds : 1;
  const stat = (c: string): Stat => ({
    mean: toNumber(r[`${c}_mean`] ?? r[c]),
    sd: toNumber(r[`${c}_sd`]),
    ci95: toNumber(r[`${c}_ci95`]),
    n,
  });
  const scores = Object.fromEntries(STAT_COLUMNS.map(([c, k]) => [k, stat(c)])) as RowScores;
  const folds = toNumber(r.folds);
  return {
    ...describeLine(r),
    seeds: Number.isFinite(seeds) ? seeds : n,
    folds: Number.isFinite(folds) ? folds : 0,
    runs: n,
    failed: toNumber(r.failed) || 0,
    degenerate: toNumber(r.degenerate) || 0,
    ...scores,
  };
}

/** Per-run lines (format (b)) grouped by row, in order of first appearance. */
export function aggregateRunLines(lines: readonly Record_[]): TableRow[] {
  const rows = [...new Set(lines.map((l) => l.row ?? ""))];
  return rows.map((row) => {
    const all = lines.filter((l) => (l.row ?? "") === row);
    const done = all.filter((l) => l.status === undefined || l.status === "" || l.status === "COMPLETED");
    const values = done.map((l) => Object.fromEntries(STAT_COLUMNS.map(([c, k]) => [k, toNumber(l[`${c}_mean`] ?? l[c])])) as Record<ScoreKey, number>);
    const distinct = (c: string) => new Set(done.map((l) => l[c] ?? "").filter((v) => v !== "")).size;
    const seeds = distinct("seed");
    const degenerate = done.filter((l) => toNumber(l.degenerate) === 1).length;
    return { ...describeLine(done[0] ?? all[0]), seeds: seeds || done.length, folds: distinct("fold"), runs: done.length, failed: all.length - done.length, degenerate, ...averageRuns(values) };
  });
}

export function parseTableCsv(text: string): TableRow[] {
  const lines = parse(text, { columns: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as Record_[];
  if (lines.length > 0 && !("row" in lines[0])) {
    throw new Error(`table.csv has no "row" column (columns: ${Object.keys(lines[0]).join(", ")})`);
  }
  return "seed" in (lines[0] ?? {}) ? aggregateRunLines(lines) : lines.map(aggregatedRow);
}

export { parseCompareCsv, type ComparisonLine } from "../runFolder/index.js";

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
 *   seeds (number of completed seeds, (a) only), failed (number of failed runs, (a) only),
 *   for each score S in test_f1, test_precision, test_recall, majmin, best_epoch, seconds:
 *     S or S_mean (the mean; S_mean wins), S_sd, S_ci95 (half-width; empty when n < 2).
 * Empty cells and non-numbers read as "unknown" (NaN) and print as "–".
 */
import { parse } from "csv-parse/sync";
import { describe, type RowScores, type Stat } from "../util/seedStats.js";

export { describe, type Stat };

export interface TableRow extends RowScores {
  row: string;
  targetLength: string;
  originalLength: string;
  loss: string;
  padding: string;
  /** Completed seeds that entered the scores. */
  seeds: number;
  failed: number;
}

export const SCORE_COLUMNS = [
  ["test_f1", "testF1"],
  ["test_precision", "testPrecision"],
  ["test_recall", "testRecall"],
  ["majmin", "majmin"],
  ["best_epoch", "bestEpoch"],
  ["seconds", "seconds"],
] as const;
type ScoreKey = (typeof SCORE_COLUMNS)[number][1];

type Record_ = Record<string, string | undefined>;

export function toNumber(cell: string | undefined): number {
  if (cell === undefined || cell.trim() === "") return NaN;
  const x = Number(cell);
  return Number.isFinite(x) ? x : NaN;
}

function describeLine(r: Record_): Omit<TableRow, ScoreKey> {
  return {
    row: r.row ?? "",
    targetLength: r.target_length ?? "",
    originalLength: r.original_length ?? "",
    loss: r.loss ?? "",
    padding: r.padding ?? "",
    seeds: 1,
    failed: 0,
  };
}

function aggregatedRow(r: Record_): TableRow {
  const seeds = toNumber(r.seeds);
  const n = Number.isFinite(seeds) ? seeds : 1;
  const stat = (c: string): Stat => ({
    mean: toNumber(r[`${c}_mean`] ?? r[c]),
    sd: toNumber(r[`${c}_sd`]),
    ci95: toNumber(r[`${c}_ci95`]),
    n,
  });
  const scores = Object.fromEntries(SCORE_COLUMNS.map(([c, k]) => [k, stat(c)])) as Record<ScoreKey, Stat>;
  return { ...describeLine(r), seeds: n, failed: toNumber(r.failed) || 0, ...scores };
}

/** Per-run lines (format (b)) grouped by row, in order of first appearance. */
export function aggregateRunLines(lines: readonly Record_[]): TableRow[] {
  const rows = [...new Set(lines.map((l) => l.row ?? ""))];
  return rows.map((row) => {
    const all = lines.filter((l) => (l.row ?? "") === row);
    const done = all.filter((l) => l.status === undefined || l.status === "" || l.status === "COMPLETED");
    const stat = (c: string) => describe(done.map((l) => toNumber(l[`${c}_mean`] ?? l[c])));
    const scores = Object.fromEntries(SCORE_COLUMNS.map(([c, k]) => [k, stat(c)])) as Record<ScoreKey, Stat>;
    return { ...describeLine(done[0] ?? all[0]), seeds: done.length, failed: all.length - done.length, ...scores };
  });
}

export function parseTableCsv(text: string): TableRow[] {
  const lines = parse(text, { columns: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as Record_[];
  if (lines.length > 0 && !("row" in lines[0])) {
    throw new Error(`table.csv has no "row" column (columns: ${Object.keys(lines[0]).join(", ")})`);
  }
  return "seed" in (lines[0] ?? {}) ? aggregateRunLines(lines) : lines.map(aggregatedRow);
}

/**
 * `compare.csv`: paired comparisons of batch rows (row a − row b over runs with the same seed and
 * fold). Written by experiment/compare.ts (`compareCsv`), read by the batch report.
 */
import { parse } from "csv-parse/sync";
import { toNumber } from "./columns.js";

/**
 * The columns: a, b, metric, pairs, mean_a, mean_b, diff (a − b), diff_sd, diff_ci95 (half-width),
 * diff_lo, diff_hi (the 95 % interval; empty with fewer than two pairs), unpaired.
 */
export const COMPARE_CSV_HEADER = ["a", "b", "metric", "pairs", "mean_a", "mean_b", "diff", "diff_sd", "diff_ci95", "diff_lo", "diff_hi", "unpaired"] as const;

type Record_ = Record<string, string | undefined>;

/** One line of compare.csv (src/experiment/compare.ts): row a − row b over paired runs. */
export interface ComparisonLine {
  a: string;
  b: string;
  metric: string;
  pairs: number;
  meanA: number;
  meanB: number;
  diff: number;
  /** Bounds of the 95 % interval of the mean difference; NaN with fewer than two pairs. */
  lo: number;
  hi: number;
  unpaired: number;
}

/** compare.csv back into lines; throws when a required column is missing. */
export function parseCompareCsv(text: string): ComparisonLine[] {
  const lines = parse(text, { columns: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as Record_[];
  for (const column of ["a", "b", "metric", "diff"]) {
    if (lines.length > 0 && !(column in lines[0])) throw new Error(`no "${column}" column (columns: ${Object.keys(lines[0]).join(", ")})`);
  }
  return lines.map((l) => ({
    a: l.a ?? "",
    b: l.b ?? "",
    metric: l.metric ?? "",
    pairs: toNumber(l.pairs),
    meanA: toNumber(l.mean_a),
    meanB: toNumber(l.mean_b),
    diff: toNumber(l.diff),
    lo: toNumber(l.diff_lo),
    hi: toNumber(l.diff_hi),
    unpaired: toNumber(l.unpaired) || 0,
  }));
}

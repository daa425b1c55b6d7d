/**
 * Paired comparison of two batch rows (row a − row b) over the runs they share: the same seed
 * and, in a batch with a folds axis, the same leave-one-song-out fold. Pairing removes what the
 * two rows have in common (the initialisation noise of a seed, the difficulty of a fold's test
 * song), so a difference can be clear even where the rows' own intervals overlap.
 * Pure: builds values and strings; collect() writes them.
 */
import { stringify } from "csv-stringify/sync";
import { pairedDifference, type Stat } from "../util/seedStats.js";
import type { RunSummary } from "./table.js";
import { COMPARE_CSV_HEADER } from "../runFolder/index.js";

/** Scores compared for every pair of rows, with their table.csv column names. */
export const COMPARED = [
  ["test_f1", "testF1"],
  ["majmin", "majmin"],
  ["minor_recall", "minorRecall"],
] as const;

/**
 * Vocabulary scores (runFolder/columns.ts VOCABULARY_COLUMNS) compared only where some pair of runs
 * has them — mir_eval's whole-song scores exist for the songs and leave-one-song-out protocols,
 * frame sevenths only for a context model with the sevenths vocabulary — so that a batch without
 * them gets no empty lines.
 */
export const COMPARED_WHERE_KNOWN = [
  ["mireval_sevenths", "mirEvalSevenths"],
  ["mireval_majmin", "mirEvalMajmin"],
  ["frame_sevenths", "frameSevenths"],
] as const;

export interface Comparison {
  a: string;
  b: string;
  metric: (typeof COMPARED)[number][0] | (typeof COMPARED_WHERE_KNOWN)[number][0];
  /** Means of a and b over the paired runs only, so that `diff.mean` = meanA − meanB. */
  meanA: number;
  meanB: number;
  /** Statistics of the per-pair differences a − b (n = number of pairs). */
  diff: Stat;
  /** Completed runs of a or b without a partner (left out). */
  unpaired: number;
}

const pairKey = (r: RunSummary) => `${r.seed}/${r.fold ?? ""}`;

function completedByPair(runs: readonly RunSummary[], row: string): Map<string, RunSummary> {
  return new Map(runs.filter((r) => r.row === row && r.status === "COMPLETED").map((r) => [pairKey(r), r]));
}

/** One comparison per (pair of rows, compared score), in the order given. */
export function pairedComparisons(runs: readonly RunSummary[], compare: readonly { a: string; b: string }[]): Comparison[] {
  return compare.flatMap(({ a, b }) => {
    const runsA = completedByPair(runs, a);
    const runsB = completedByPair(runs, b);
    const keys = [...runsA.keys()].filter((k) => runsB.has(k)).sort();
    const unpaired = runsA.size + runsB.size - 2 * keys.length;
    const compare = ([metric, field]: (typeof COMPARED)[number] | (typeof COMPARED_WHERE_KNOWN)[number]): Comparison => {
      // A pair counts for a score only where both runs have it (minor recall is NaN without minor frames).
      const both = keys.filter((k) => Number.isFinite(runsA.get(k)![field]) && Number.isFinite(runsB.get(k)![field]));
      const xa = both.map((k) => runsA.get(k)![field]);
      const xb = both.map((k) => runsB.get(k)![field]);
      const mean = (xs: number[]) => (xs.length > 0 ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);
      return { a, b, metric, meanA: mean(xa), meanB: mean(xb), diff: pairedDifference(xa, xb), unpaired };
    };
    return [...COMPARED.map(compare), ...COMPARED_WHERE_KNOWN.map(compare).filter((c) => c.diff.n > 0)];
  });
}

const num = (x: number) => (Number.isFinite(x) ? Number(x.toFixed(4)) : "");

/** `compare.csv` (columns: runFolder/compareCsv.ts). */
export function compareCsv(rows: readonly Comparison[]): string {
  const header = [...COMPARE_CSV_HEADER];
  const records = rows.map((c) => [
    c.a,
    c.b,
    c.metric,
    c.diff.n,
    num(c.meanA),
    num(c.meanB),
    num(c.diff.mean),
    num(c.diff.sd),
    num(c.diff.ci95),
    num(c.diff.mean - c.diff.ci95),
    num(c.diff.mean + c.diff.ci95),
    c.unpaired,
  ]);
  return stringify([header, ...records]);
}

/** The comparisons as a Markdown table (appended to table.md); "" when there are none. */
export function compareMarkdown(rows: readonly Comparison[]): string {
  if (rows.length === 0) return "";
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "–");
  const sign = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? "+" : ""}${x.toFixed(3)}` : "–");
  const head = ["A", "B", "Score", "Pairs", "A (mean)", "B (mean)", "A − B", "95 % CI of A − B"];
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`];
  for (const c of rows) {
    const ci = Number.isFinite(c.diff.ci95) ? `[${sign(c.diff.mean - c.diff.ci95)}, ${sign(c.diff.mean + c.diff.ci95)}]` : "–";
    const pairs = `${c.diff.n}${c.unpaired > 0 ? ` (${c.unpaired} unpaired)` : ""}`;
    lines.push(`| ${[c.a, c.b, c.metric, pairs, f(c.meanA), f(c.meanB), sign(c.diff.mean), ci].join(" | ")} |`);
  }
  return `\nPaired comparisons (same seeds and folds; mean of the per-pair differences, paired t interval):\n\n${lines.join("\n")}\n`;
}

/**
 * The results table of a batch (Table 4.1): one line per row, scores averaged over seeds with
 * sample standard deviation and the half-width of a 95 % confidence interval (Student t).
 * Pure: builds strings; the caller writes them.
 */
import { stringify } from "csv-stringify/sync";
import type { Config } from "../config/schema.js";
import { lossLabel } from "../config/labels.js";
import { describe, type RowScores, type Stat } from "../util/seedStats.js";

export { describe, type Stat };

/** One finished (or failed) run of a batch, as read back from its run directory. */
export interface RunSummary {
  row: string;
  slug: string;
  seed: number;
  /** Leave-one-song-out fold of a batch with a `folds` axis; null otherwise. */
  fold: number | null;
  dir: string;
  status: string;
  loss: Config["loss"]["kind"];
  /** Padding of soft targets; "" for strong targets and CTC. */
  padding: string;
  /** Target sequence length: 150 (strong), the soft length, or "reduced" (CTC / no padding). */
  targetLength: number | string;
  originalLength: number;
  testF1: number;
  testPrecision: number;
  testRecall: number;
  majmin: number;
  /** NaN when the test reference has no frame of that quality. */
  majorRecall: number;
  minorRecall: number;
  minorShare: number;
  bestEpoch: number;
  seconds: number;
}

export interface TableRow extends RowScores {
  row: string;
  loss: string;
  padding: string;
  targetLength: number | string;
  originalLength: number;
  seeds: number[];
  /** Distinct folds of the completed runs (empty without a folds axis). */
  folds: number[];
  /** Completed runs: the n of the statistics (seeds × folds). */
  runs: number;
  failed: number;
}

/** Groups completed runs by row (in the given row order) and aggregates over seeds. */
export function aggregate(runs: RunSummary[], rowOrder: string[]): TableRow[] {
  const rows: TableRow[] = [];
  for (const row of rowOrder) {
    const all = runs.filter((r) => r.row === row);
    const done = all.filter((r) => r.status === "COMPLETED");
    if (all.length === 0) continue;
    const first = done[0] ?? all[0];
    const pick = (f: (r: RunSummary) => number) => describe(done.map(f));
    const distinct = (xs: (number | null)[]) => [...new Set(xs.filter((x): x is number => x !== null))].sort((a, b) => a - b);
    rows.push({
      row,
      loss: first.loss,
      padding: first.padding,
      targetLength: first.targetLength,
      originalLength: first.originalLength,
      seeds: distinct(done.map((r) => r.seed)),
      folds: distinct(done.map((r) => r.fold)),
      runs: done.length,
      failed: all.length - done.length,
      testF1: pick((r) => r.testF1),
      testPrecision: pick((r) => r.testPrecision),
      testRecall: pick((r) => r.testRecall),
      majmin: pick((r) => r.majmin),
      majorRecall: pick((r) => r.majorRecall),
      minorRecall: pick((r) => r.minorRecall),
      minorShare: pick((r) => r.minorShare),
      bestEpoch: pick((r) => r.bestEpoch),
      seconds: pick((r) => r.seconds),
    });
  }
  return rows;
}

const SCORES = [
  ["test_f1", "testF1"],
  ["test_precision", "testPrecision"],
  ["test_recall", "testRecall"],
  ["majmin", "majmin"],
  ["major_recall", "majorRecall"],
  ["minor_recall", "minorRecall"],
  ["minor_share", "minorShare"],
] as const;

const num = (x: number, digits = 4) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : "");

/**
 * `table.csv`: row, target_length, original_length, loss, padding, seeds (count), folds (count,
 * empty without a folds axis), runs (completed: the n of the statistics), failed, test_f1,
 * test_precision, test_recall, majmin, major_recall, minor_recall, minor_share, best_epoch,
 * seconds (means over runs), then `<score>_sd` and `<score>_ci95` (half-width) for the seven
 * scores; empty where n < 2.
 */
export function tableCsv(rows: TableRow[]): string {
  const header = [
    "row",
    "target_length",
    "original_length",
    "loss",
    "padding",
    "seeds",
    "folds",
    "runs",
    "failed",
    ...SCORES.map(([c]) => c),
    "best_epoch",
    "seconds",
    ...SCORES.flatMap(([c]) => [`${c}_sd`, `${c}_ci95`]),
  ];
  const records = rows.map((r) => [
    r.row,
    r.targetLength,
    r.originalLength,
    r.loss,
    r.padding,
    r.seeds.length,
    r.folds.length || "",
    r.runs,
    r.failed,
    ...SCORES.map(([, k]) => num(r[k].mean)),
    num(r.bestEpoch.mean, 1),
    num(r.seconds.mean, 2),
    ...SCORES.flatMap(([, k]) => [num(r[k].sd), num(r[k].ci95)]),
  ]);
  return stringify([header, ...records]);
}

/** `runs.csv`: one line per run (row, seed, fold, status, scores, directory). */
export function runsCsv(runs: RunSummary[]): string {
  const header = ["row", "seed", "fold", "status", "loss", "padding", "target_length", ...SCORES.map(([c]) => c), "best_epoch", "seconds", "dir"];
  const records = runs.map((r) => [
    r.row,
    r.seed,
    r.fold ?? "",
    r.status,
    r.loss,
    r.padding,
    r.targetLength,
    ...SCORES.map(([, k]) => num(r[k])),
    r.bestEpoch,
    num(r.seconds, 2),
    r.dir,
  ]);
  return stringify([header, ...records]);
}


/** The table as Markdown, laid out like the study's Table 4.1. */
export function tableMarkdown(rows: TableRow[]): string {
  const many = rows.some((r) => r.runs > 1);
  const folds = rows.some((r) => r.folds.length > 0);
  const fmt = (s: Stat) =>
    !Number.isFinite(s.mean) ? "–" : many && Number.isFinite(s.ci95) ? `${s.mean.toFixed(3)} ± ${s.ci95.toFixed(3)}` : s.mean.toFixed(3);
  const head = [
    "Row",
    "Target / original length",
    "Loss (padding)",
    many ? "Test F1 (mean ± 95 % CI)" : "Test F1",
    "P",
    "R",
    "majmin",
    "Major R",
    "Minor R",
    "Minor share",
    "Best epoch",
    "Seconds",
    ...(many ? ["Seeds"] : []),
    ...(folds ? ["Folds"] : []),
  ];
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`];
  for (const r of rows) {
    const cells = [
      r.row,
      `${r.targetLength}/${r.originalLength}`,
      lossLabel(r.loss, r.padding),
      fmt(r.testF1),
      fmt(r.testPrecision),
      fmt(r.testRecall),
      fmt(r.majmin),
      fmt(r.majorRecall),
      fmt(r.minorRecall),
      fmt(r.minorShare),
      Number.isFinite(r.bestEpoch.mean) ? r.bestEpoch.mean.toFixed(0) : "–",
      Number.isFinite(r.seconds.mean) ? r.seconds.mean.toFixed(1) : "–",
      ...(many ? [`${r.seeds.length}${r.failed ? ` (+${r.failed} failed)` : ""}`] : []),
      ...(folds ? [String(r.folds.length)] : []),
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n") + "\n";
}

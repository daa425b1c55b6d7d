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
    rows.push({
      row,
      loss: first.loss,
      padding: first.padding,
      targetLength: first.targetLength,
      originalLength: first.originalLength,
      seeds: done.map((r) => r.seed).sort((a, b) => a - b),
      failed: all.length - done.length,
      testF1: pick((r) => r.testF1),
      testPrecision: pick((r) => r.testPrecision),
      testRecall: pick((r) => r.testRecall),
      majmin: pick((r) => r.majmin),
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
] as const;

const num = (x: number, digits = 4) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : "");

/**
 * `table.csv`: row, target_length, original_length, loss, padding, seeds (count), failed,
 * test_f1, test_precision, test_recall, majmin, best_epoch, seconds (means over seeds), then
 * `<score>_sd` and `<score>_ci95` (half-width) for the four scores; empty where n < 2.
 */
export function tableCsv(rows: TableRow[]): string {
  const header = [
    "row",
    "target_length",
    "original_length",
    "loss",
    "padding",
    "seeds",
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
    r.failed,
    ...SCORES.map(([, k]) => num(r[k].mean)),
    num(r.bestEpoch.mean, 1),
    num(r.seconds.mean, 2),
    ...SCORES.flatMap(([, k]) => [num(r[k].sd), num(r[k].ci95)]),
  ]);
  return stringify([header, ...records]);
}

/** `runs.csv`: one line per run (row, seed, status, scores, directory). */
export function runsCsv(runs: RunSummary[]): string {
  const header = ["row", "seed", "status", "loss", "padding", "target_length", "test_f1", "test_precision", "test_recall", "majmin", "best_epoch", "seconds", "dir"];
  const records = runs.map((r) => [
    r.row,
    r.seed,
    r.status,
    r.loss,
    r.padding,
    r.targetLength,
    num(r.testF1),
    num(r.testPrecision),
    num(r.testRecall),
    num(r.majmin),
    r.bestEpoch,
    num(r.seconds, 2),
    r.dir,
  ]);
  return stringify([header, ...records]);
}


/** The table as Markdown, laid out like the study's Table 4.1. */
export function tableMarkdown(rows: TableRow[]): string {
  const many = rows.some((r) => r.seeds.length > 1);
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
    "Best epoch",
    "Seconds",
    ...(many ? ["Seeds"] : []),
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
      Number.isFinite(r.bestEpoch.mean) ? r.bestEpoch.mean.toFixed(0) : "–",
      Number.isFinite(r.seconds.mean) ? r.seconds.mean.toFixed(1) : "–",
      ...(many ? [`${r.seeds.length}${r.failed ? ` (+${r.failed} failed)` : ""}`] : []),
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n") + "\n";
}

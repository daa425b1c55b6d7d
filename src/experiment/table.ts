/**
 * The results table of a batch (Table 4.1): one line per row, scores averaged over seeds with
 * sample standard deviation and the half-width of a 95 % confidence interval (Student t).
 * Pure: builds strings; the caller writes them.
 */
import { stringify } from "csv-stringify/sync";
import type { Config } from "../config/schema.js";

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

export interface Stat {
  mean: number;
  sd: number;
  ci95: number;
  n: number;
}

export interface TableRow {
  row: string;
  loss: string;
  padding: string;
  targetLength: number | string;
  originalLength: number;
  seeds: number[];
  failed: number;
  testF1: Stat;
  testPrecision: Stat;
  testRecall: Stat;
  majmin: Stat;
  bestEpoch: Stat;
  seconds: Stat;
}

// t(0.975, df) for df = 1..30; beyond that the normal quantile is close enough.
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12,
  2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export function describe(values: number[]): Stat {
  const n = values.length;
  if (n === 0) return { mean: NaN, sd: NaN, ci95: NaN, n };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, sd: NaN, ci95: NaN, n };
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const t = T975[n - 2] ?? 1.96;
  return { mean, sd, ci95: (t * sd) / Math.sqrt(n), n };
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

export function lossLabel(loss: string, padding: string): string {
  const name = loss === "bce" ? "Binary cross-entropy" : loss === "ctc" ? "CTC" : "Soft-DTW";
  return padding ? `${name} (${padding})` : name;
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

/**
 * The results table of a batch (Table 4.1): one line per row, scores averaged over seeds with
 * sample standard deviation and the half-width of a 95 % confidence interval (Student t).
 * Pure: builds strings; the caller writes them.
 */
import { stringify } from "csv-stringify/sync";
import type { Config } from "../config/schema.js";
import { lossLabel } from "../config/labels.js";
import { describe, type Stat } from "../util/seedStats.js";
import { averageRuns, QUALITY_RECALL_COLUMNS, SCORE_COLUMNS, shownVocabularyColumns, VOCABULARY_COLUMNS, type RowScores, type RunHealth, type RunScores } from "../runFolder/index.js";
import { WORST_CASE_COLUMNS, WORST_CASE_HEAD, worstCase, worstCaseCells, type WorstCase } from "./worstCase.js";

export { describe, type Stat };

/** One finished (or failed) run of a batch, as read back from its run directory. */
export interface RunSummary extends RunScores, RunHealth {
  row: string;
  slug: string;
  seed: number;
  /** Leave-one-song-out fold of a batch with a `folds` axis; null otherwise. */
  fold: number | null;
  dir: string;
  status: string;
  /** The loss kind from metrics.json; "" when the run wrote none. */
  loss: Config["loss"]["kind"] | "";
  /** Padding of soft targets; "" for strong targets and CTC. */
  padding: string;
  /** Target sequence length: 150 (strong), the soft length, or "reduced" (CTC / no padding). */
  targetLength: number | string;
  originalLength: number;
}

/** What the plan says about a row, before any run: shown even when no run of it completed. */
export interface PlannedRow {
  row: string;
  loss: string;
  /** Padding of soft targets; "" for strong targets and CTC. */
  padding: string;
  targetLength: number | string;
  originalLength: number;
  /** The seeds planned for this row. */
  seeds: number[];
  /** The folds planned for this row (a batch with a folds axis): every seed runs on each. */
  folds?: number[];
}

/** A line of the table: the plan's description of the row, and what its completed runs scored. */
export interface TableRow extends RowScores, Omit<PlannedRow, "seeds" | "folds"> {
  /** Seeds with a completed run. */
  seeds: number[];
  /** Folds with a completed run (empty without a folds axis). */
  folds: number[];
  /** Completed runs, the n of the statistics: one per completed (seed, fold). */
  runs: number;
  /** Planned (seed, fold) items whose newest run FAILED (including abandoned runs). */
  failed: number;
  /** Planned items with neither a completed nor a failed run (never started, or still running). */
  missing: number;
  /** Completed runs whose model is degenerate (evaluation/degenerate.ts). */
  degenerate: number;
  /** Completed runs that stopped before their last configured epoch (metrics.stoppedEpoch). */
  stoppedEarly: number;
  /** The lowest-F completed run and the number of collapsed runs (worstCase.ts). */
  worstCase: WorstCase;
}

/**
 * One line per planned row, in plan order, with the row's planned loss, padding and lengths:
 * scores averaged over its completed runs (NaN when there are none), and its failed and missing
 * counts. `runs` holds at most one run per planned (row, seed[, fold]): the one that stands for it.
 */
export function aggregate(runs: RunSummary[], planned: PlannedRow[]): TableRow[] {
  return planned.map((p) => {
    const mine = runs.filter(
      (r) => r.row === p.row && p.seeds.includes(r.seed) && (p.folds === undefined || (r.fold !== null && p.folds.includes(r.fold))),
    );
    const done = mine.filter((r) => r.status === "COMPLETED");
    const failed = mine.filter((r) => r.status === "FAILED").length;
    return {
      row: p.row,
      loss: p.loss,
      padding: p.padding,
      targetLength: p.targetLength,
      originalLength: p.originalLength,
      seeds: distinct(done.map((r) => r.seed)),
      folds: distinct(done.map((r) => r.fold)),
      runs: done.length,
      failed,
      missing: p.seeds.length * (p.folds?.length ?? 1) - done.length - failed,
      degenerate: done.filter((r) => r.degenerate === true).length,
      stoppedEarly: done.filter((r) => r.stoppedEarly).length,
      ...averageRuns(done),
      worstCase: worstCase(done),
    };
  });
}

const distinct = (xs: (number | null)[]) => [...new Set(xs.filter((x): x is number => x !== null))].sort((a, b) => a - b);

/** Planned rows read off the runs themselves (a folder without batch.json), in the given order. */
export function rowsFromRuns(runs: RunSummary[], rowOrder: string[]): PlannedRow[] {
  return rowOrder.flatMap((row) => {
    const mine = runs.filter((r) => r.row === row);
    const first = mine.find((r) => r.status === "COMPLETED") ?? mine[0];
    if (!first) return [];
    const { loss, padding, targetLength, originalLength } = first;
    return [{ row, loss, padding, targetLength, originalLength, seeds: [...new Set(mine.map((r) => r.seed))] }];
  });
}

const SCORES = SCORE_COLUMNS;

const num = (x: number, digits = 4) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : "");

/** A table.csv column: its header and its cell for a row (add columns here, e.g. per-quality recall). */
interface Column {
  header: string;
  cell(r: TableRow): string | number;
}

const TABLE_COLUMNS: Column[] = [
  { header: "row", cell: (r) => r.row },
  { header: "target_length", cell: (r) => r.targetLength },
  { header: "original_length", cell: (r) => num(r.originalLength, 0) },
  { header: "loss", cell: (r) => r.loss },
  { header: "padding", cell: (r) => r.padding },
  { header: "seeds", cell: (r) => r.seeds.length },
  { header: "failed", cell: (r) => r.failed },
  { header: "missing", cell: (r) => r.missing },
  { header: "folds", cell: (r) => r.folds.length || "" },
  { header: "runs", cell: (r) => r.runs },
  ...SCORES.map(([c, k]): Column => ({ header: c, cell: (r) => num(r[k].mean) })),
  { header: "best_epoch", cell: (r) => num(r.bestEpoch.mean, 1) },
  { header: "seconds", cell: (r) => num(r.seconds.mean, 2) },
  ...SCORES.flatMap(([c, k]): Column[] => [
    { header: `${c}_sd`, cell: (r) => num(r[k].sd) },
    { header: `${c}_ci95`, cell: (r) => num(r[k].ci95) },
  ]),
  // Added after the columns above, so readers of older tables by position keep working.
  { header: "degenerate", cell: (r) => r.degenerate },
  { header: "stopped_epoch", cell: (r) => num(r.stoppedEpoch.mean, 1) },
  ...WORST_CASE_COLUMNS.map((c): Column => ({ header: c.header, cell: (r) => c.cell(r.worstCase) })),
  // The vocabulary scores (runFolder/columns.ts), after all of the above for the same reason.
  ...VOCABULARY_COLUMNS.map(([c, k]): Column => ({ header: c, cell: (r) => num(r[k].mean) })),
  ...VOCABULARY_COLUMNS.flatMap(([c, k]): Column[] => [
    { header: `${c}_sd`, cell: (r) => num(r[k].sd) },
    { header: `${c}_ci95`, cell: (r) => num(r[k].ci95) },
  ]),
  // the context model's per-class recall (runFolder/columns.ts QUALITY_RECALL_COLUMNS), after all of the above
  ...QUALITY_RECALL_COLUMNS.map(([c, k]): Column => ({ header: c, cell: (r) => num(r[k].mean) })),
  ...QUALITY_RECALL_COLUMNS.flatMap(([c, k]): Column[] => [
    { header: `${c}_sd`, cell: (r) => num(r[k].sd) },
    { header: `${c}_ci95`, cell: (r) => num(r[k].ci95) },
  ]),
];

/**
 * `table.csv`: row, target_length, original_length, loss, padding, seeds (completed), failed,
 * missing, folds (completed; empty without a folds axis), runs (completed: the n of the
 * statistics), test_f1, test_precision, test_recall, majmin, major_recall, minor_recall, minor_share,
 * best_epoch, seconds (means over completed runs), then `<score>_sd` and `<score>_ci95`
 * (half-width) for the seven scores; empty where n < 2 (all scores empty for a row without a
 * completed run); then degenerate (completed runs whose model is degenerate) and stopped_epoch
 * (mean of the epoch each run stopped at: metrics.stoppedEpoch, or its epochs when it ran them all);
 * then worst_f1, worst_seed, worst_fold, worst_minor_recall, collapsed (worstCase.ts); then the
 * vocabulary scores mireval_sevenths, mireval_majmin, frame_sevenths (means), and their `_sd` and
 * `_ci95` (runFolder/columns.ts VOCABULARY_COLUMNS; empty for runs without them); then the context
 * model's recall_7, recall_maj7, recall_min7, recall_n, the same way (QUALITY_RECALL_COLUMNS).
 */
export function tableCsv(rows: TableRow[]): string {
  return stringify([TABLE_COLUMNS.map((c) => c.header), ...rows.map((r) => TABLE_COLUMNS.map((c) => c.cell(r)))]);
}

/**
 * `runs.csv`: one line per run (row, seed, fold, status, scores, directory), then degenerate
 * (1 or 0; empty when unknown), stopped_epoch and health (the degeneracy reasons, "; "-separated),
 * then mireval_sevenths, mireval_majmin, frame_sevenths, recall_7, recall_maj7, recall_min7, recall_n
 * (empty when the run has none).
 */
export function runsCsv(runs: RunSummary[]): string {
  const header = [
    "row", "seed", "fold", "status", "loss", "padding", "target_length", ...SCORES.map(([c]) => c), "best_epoch", "seconds", "dir",
    "degenerate", "stopped_epoch", "health", ...VOCABULARY_COLUMNS.map(([c]) => c), ...QUALITY_RECALL_COLUMNS.map(([c]) => c),
  ];
  const records = runs.map((r) => [
    r.row,
    r.seed,
    r.fold ?? "",
    r.status,
    r.loss,
    r.padding,
    r.targetLength,
    ...SCORES.map(([, k]) => num(r[k])),
    num(r.bestEpoch, 0),
    num(r.seconds, 2),
    r.dir,
    r.degenerate === null ? "" : r.degenerate ? 1 : 0,
    num(r.stoppedEpoch, 0),
    r.reasons.join("; "),
    ...VOCABULARY_COLUMNS.map(([, k]) => num(r[k])),
    ...QUALITY_RECALL_COLUMNS.map(([, k]) => num(r[k])),
  ]);
  return stringify([header, ...records]);
}


/** The table as Markdown, laid out like the study's Table 4.1. */
export function tableMarkdown(rows: TableRow[]): string {
  const many = rows.some((r) => r.runs > 1);
  const incomplete = rows.some((r) => r.failed > 0 || r.missing > 0);
  const folds = rows.some((r) => r.folds.length > 0);
  // Shown only when some run stopped early, so tables of runs that all ran every epoch are unchanged.
  const stopped = rows.some((r) => r.stoppedEarly > 0);
  // Likewise the vocabulary scores: only those some row has (mir_eval needs a songs protocol).
  const vocabulary = shownVocabularyColumns(rows);
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
    ...vocabulary.map(([, , title]) => title),
    "Best epoch",
    "Seconds",
    ...(many || incomplete ? ["Seeds"] : []),
    ...(folds ? ["Folds"] : []),
    ...(stopped ? ["Stopped epoch"] : []),
    ...WORST_CASE_HEAD,
  ];
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`];
  for (const r of rows) {
    const cells = [
      r.degenerate > 0 ? `${r.row} ⚠ ${r.degenerate} of ${r.runs} DEGENERATE` : r.row,
      `${r.targetLength === "" ? "–" : r.targetLength}/${Number.isFinite(r.originalLength) ? r.originalLength : "–"}`,
      lossLabel(r.loss, r.padding),
      fmt(r.testF1),
      fmt(r.testPrecision),
      fmt(r.testRecall),
      fmt(r.majmin),
      fmt(r.majorRecall),
      fmt(r.minorRecall),
      fmt(r.minorShare),
      ...vocabulary.map(([, k]) => fmt(r[k])),
      Number.isFinite(r.bestEpoch.mean) ? r.bestEpoch.mean.toFixed(0) : "–",
      Number.isFinite(r.seconds.mean) ? r.seconds.mean.toFixed(1) : "–",
      ...(many || incomplete ? [seedsCell(r)] : []),
      ...(folds ? [String(r.folds.length)] : []),
      ...(stopped ? [Number.isFinite(r.stoppedEpoch.mean) ? r.stoppedEpoch.mean.toFixed(0) : "–"] : []),
      ...worstCaseCells(r.worstCase, r.runs),
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n") + "\n";
}

/** "3", or "1 (+1 failed, 1 missing)": completed seeds, then what the plan still lacks. */
function seedsCell(r: TableRow): string {
  const lacking = [r.failed ? `+${r.failed} failed` : "", r.missing ? `${r.missing} missing` : ""].filter(Boolean);
  return `${r.seeds.length}${lacking.length ? ` (${lacking.join(", ")})` : ""}`;
}

/**
 * The lines under the table naming each degenerate run and why (empty when there is none):
 * a collapsed model is counted in the means above, and must not hide in them.
 */
export function degenerateMarkdown(runs: readonly RunSummary[]): string {
  const bad = runs.filter((r) => r.status === "COMPLETED" && r.degenerate === true);
  if (bad.length === 0) return "";
  const lines = bad.map((r) => `- ${r.row}, seed ${r.seed}${r.fold === null ? "" : `, fold ${r.fold}`}: \`${r.dir}\`: ${r.reasons.join("; ")}`);
  return `\n**DEGENERATE: ${bad.length} model(s)** (docs/degenerate-models.md; their scores are in the means above):\n${lines.join("\n")}\n`;
}

/** A degenerate run's line in a command's exit summary: `DEGENERATE: <dir>: <reasons>`. */
export function degenerateLine(dir: string, reasons: readonly string[]): string {
  return `DEGENERATE: ${dir}: ${reasons.join("; ")}`;
}

/** One line per degenerate run for a command's exit summary (degenerateLine). */
export function degenerateLines(runs: readonly Pick<RunSummary, "dir" | "status" | "degenerate" | "reasons">[]): string[] {
  return runs.filter((r) => r.status === "COMPLETED" && r.degenerate === true).map((r) => degenerateLine(r.dir, r.reasons));
}

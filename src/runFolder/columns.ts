/**
 * The score columns of a batch's table.csv and runs.csv, what each run contributes to them, and
 * how runs are averaged over seeds (and folds). The writer (experiment/table.ts) and the reader
 * (reporting/table.ts) both take the column names and the averaging from here.
 */
import { describe, type Stat } from "../util/seedStats.js";
import type { Health } from "../evaluation/degenerate.js";
import { healthOf, type MetricsRead } from "./metrics.js";
import type { RunRecordRead } from "./runRecord.js";

/** The seven scores: table.csv has each one's mean, then `<column>_sd` and `<column>_ci95`. */
export const SCORE_COLUMNS = [
  ["test_f1", "testF1"],
  ["test_precision", "testPrecision"],
  ["test_recall", "testRecall"],
  ["majmin", "majmin"],
  ["major_recall", "majorRecall"],
  ["minor_recall", "minorRecall"],
  ["minor_share", "minorShare"],
] as const;

/** Averaged like the scores, but table.csv holds only their mean. */
export const MEAN_COLUMNS = [
  ["best_epoch", "bestEpoch"],
  ["seconds", "seconds"],
  ["stopped_epoch", "stoppedEpoch"],
] as const;

/**
 * Scores in a chord vocabulary (issue 18: the sevenths model against dChord), each with its mean,
 * `_sd` and `_ci95` like the scores above, but written after every older column so that tables
 * read by position keep theirs in place; [column, key, title in table.md and the report]:
 * - `mireval_sevenths`, `mireval_majmin`: mir_eval's `sevenths` and `majmin` over the whole test
 *   songs (metrics.json `mirEval.total`): runs of the songs and leave-one-song-out protocols, of
 *   both model families (dChord's triads are scored against the seventh chords of the reference);
 * - `frame_sevenths`: mir_eval's sevenths rule on the test frames (metrics.json
 *   `test.vocabulary.accuracy` of a context run with the sevenths vocabulary), any protocol.
 * Unknown (empty; NaN when read) for a run without the score: the study protocol has no mirEval,
 * dChord and majmin runs have no frame sevenths.
 */
export const VOCABULARY_COLUMNS = [
  ["mireval_sevenths", "mirEvalSevenths", "mir_eval sevenths"],
  ["mireval_majmin", "mirEvalMajmin", "mir_eval majmin"],
  ["frame_sevenths", "frameSevenths", "frame sevenths"],
] as const;

/**
 * Recall of the context model's other vocabulary classes (metrics.json `test.vocabulary.recall`):
 * the seventh qualities of the sevenths vocabulary and N of either vocabulary — the share of
 * reference frames of that class estimated exactly (major and minor recall are the columns above).
 * Written after the vocabulary columns and their `_sd`/`_ci95`, the same way; unknown for dChord
 * runs and for a quality without reference frames. [column, key, title, vocabulary quality].
 */
export const QUALITY_RECALL_COLUMNS = [
  ["recall_7", "recall7", "7 recall", "7"],
  ["recall_maj7", "recallMaj7", "maj7 recall", "maj7"],
  ["recall_min7", "recallMin7", "min7 recall", "min7"],
  ["recall_n", "recallN", "N recall", "N"],
] as const;

export const STAT_COLUMNS = [...SCORE_COLUMNS, ...MEAN_COLUMNS, ...VOCABULARY_COLUMNS, ...QUALITY_RECALL_COLUMNS] as const;
export type ScoreKey = (typeof STAT_COLUMNS)[number][1];
export type VocabularyKey = (typeof VOCABULARY_COLUMNS)[number][1] | (typeof QUALITY_RECALL_COLUMNS)[number][1];

/** One run's values (NaN: unknown, e.g. a failed run, or a recall without reference frames of the quality). */
export type RunScores = Record<ScoreKey, number>;

/** The scores of one batch row over its runs: what table.csv holds per row. */
export type RowScores = Record<ScoreKey, Stat>;

/**
 * One run's values as the table shows them. `stoppedEpoch`: the epoch training stopped at
 * (metrics.stoppedEpoch), or the number of epochs run when it did not stop early.
 */
export function runScores(metrics: MetricsRead | undefined | null, record: RunRecordRead | undefined | null): RunScores {
  const n = (x: number | null | undefined) => x ?? NaN;
  const t = metrics?.test;
  return {
    testF1: n(t?.f),
    testPrecision: n(t?.precision),
    testRecall: n(t?.recall),
    majmin: n(t?.majmin),
    // null (no reference frame of the quality) and runs written before these existed: unknown.
    majorRecall: n(t?.majorRecall),
    minorRecall: n(t?.minorRecall),
    minorShare: n(t?.minorShare),
    bestEpoch: n(metrics?.bestEpoch),
    seconds: n(record?.timings?.totalSec),
    stoppedEpoch: n(metrics?.stoppedEpoch ?? metrics?.epochs),
    mirEvalSevenths: n(metrics?.mirEval?.total.sevenths),
    mirEvalMajmin: n(metrics?.mirEval?.total.majmin),
    frameSevenths: t?.vocabulary?.name === "sevenths" ? n(t.vocabulary.accuracy) : NaN,
    ...(Object.fromEntries(QUALITY_RECALL_COLUMNS.map(([, k, , q]) => [k, n(t?.vocabulary?.recall[q])])) as Record<(typeof QUALITY_RECALL_COLUMNS)[number][1], number>),
  };
}

/**
 * The vocabulary columns a table shows (table.md, the report): those with a mean in some row, so
 * that tables of batches without such scores look as before.
 */
export function shownVocabularyColumns(rows: readonly Pick<RowScores, VocabularyKey>[]): (readonly [string, VocabularyKey, string])[] {
  const all: (readonly [string, VocabularyKey, string])[] = [...VOCABULARY_COLUMNS, ...QUALITY_RECALL_COLUMNS.map(([c, k, t]) => [c, k, t] as const)];
  return all.filter(([, k]) => rows.some((r) => Number.isFinite(r[k].mean)));
}

/** What runs.csv and the table say about a run's health (evaluation/degenerate.ts). */
export interface RunHealth {
  /** null when unknown (no metrics, or no confusion matrix in an old run). */
  degenerate: boolean | null;
  reasons: string[];
  /** metrics.stoppedEpoch is a number: training stopped before its last configured epoch. */
  stoppedEarly: boolean;
}

export function runHealth(metrics: MetricsRead | undefined | null): RunHealth {
  const health: Health | null = metrics ? healthOf(metrics) : null;
  return {
    degenerate: health ? health.degenerate : null,
    reasons: health?.reasons ?? [],
    stoppedEarly: typeof metrics?.stoppedEpoch === "number",
  };
}

/** Mean, sample SD and 95 % CI of each score over the given (completed) runs. */
export function averageRuns(runs: readonly RunScores[]): RowScores {
  return Object.fromEntries(STAT_COLUMNS.map(([, k]) => [k, describe(runs.map((r) => r[k]))])) as RowScores;
}

/** A CSV cell as a number: empty cells and non-numbers are unknown (NaN). */
export function toNumber(cell: string | undefined): number {
  if (cell === undefined || cell.trim() === "") return NaN;
  const x = Number(cell);
  return Number.isFinite(x) ? x : NaN;
}

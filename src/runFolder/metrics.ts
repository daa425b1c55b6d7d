/**
 * `metrics.json`: a run's scores (docs/ARCHITECTURE.md, "The run directory"). Built by
 * experiment/outputs.ts (`buildMetrics`); read by `chordtrain collect` and the report through
 * `MetricsSchema`. `healthOf` gives a run's degeneracy verdict, recorded or (for runs written
 * before it was) decided again from the recorded confusion matrix.
 */
import { z } from "zod";
import type { ChordScores } from "../evaluation/mirChord/index.js";
import type { Quality, QualityCount, Scores } from "../evaluation/scores.js";
import { assessHealth, type Health } from "../evaluation/degenerate.js";
import type { Config } from "../config/schema.js";
import { jsonNumber, type Accepts } from "./json.js";

/** mir_eval chord scores of whole test songs (songs / leave-one-song-out protocols only). */
export interface MirEvalMetrics {
  /** Per test song: the 15 mir_eval.chord scores (fractions). */
  perSong: Record<string, ChordScores>;
  /** Over all test songs: each score weighted by the reference duration it included per song. */
  total: ChordScores;
}

/** What the writer records. */
export interface Metrics {
  test: Scores;
  perSong: Record<string, Scores>;
  val: Scores | null;
  /** 25 × 25, rows reference, columns estimate, index 24 = no chord. */
  confusion: number[][];
  bestEpoch: number;
  epochs: number;
  /** Length of the training target sequence: 150 (strong), the soft length, or "reduced". */
  targetLength: number | string;
  originalLength: number;
  loss: Config["loss"]["kind"];
  padding: string;
  counts: { train: number; val: number; test: number; testFrames: number };
  /** Frame counts per chord quality (reference, estimated, correct) of the test and validation sets. */
  qualityCounts: { test: Record<Quality, QualityCount>; val: Record<Quality, QualityCount> | null };
  /** Whether the model is degenerate (evaluation/degenerate.ts); absent in runs written before. */
  health?: Health;
  /** The epoch training stopped at when it stopped early; absent or null: every configured epoch ran. */
  stoppedEpoch?: number | null;
  /** Why training stopped early ("patience": early stopping; "timeBudget"); absent or null: every epoch ran. */
  stopReason?: "patience" | "timeBudget" | null;
  /** mir_eval chord scores of whole test songs (songs / leave-one-song-out protocols only): mirEval.ts. */
  mirEval?: MirEvalMetrics;
}

export const ScoresSchema = z.object({
  precision: jsonNumber,
  recall: jsonNumber,
  f: jsonNumber,
  tp: jsonNumber.optional(),
  fp: jsonNumber.optional(),
  fn: jsonNumber.optional(),
  majmin: jsonNumber.optional(),
  majorRecall: jsonNumber.optional(),
  minorRecall: jsonNumber.optional(),
  minorShare: jsonNumber.optional(),
  frames: jsonNumber.optional(),
  /** The context model's scores in its output vocabulary (evaluation/scores.ts VocabularyScores). */
  vocabulary: z
    .object({
      name: z.enum(["majmin", "sevenths"]),
      accuracy: jsonNumber,
      majmin: jsonNumber,
      recall: z.record(z.string(), jsonNumber.nullable()),
    })
    .optional(),
});
export type ScoresRead = z.infer<typeof ScoresSchema>;

const QualityCountSchema = z.object({ reference: z.number(), estimated: z.number(), correct: z.number() });
const QualityCountsSchema = z.object({ major: QualityCountSchema, minor: QualityCountSchema });
const ClassShareSchema = z.object({ class: z.number(), share: z.number() });
const BaselineSchema = z.object({ class: z.number(), f: z.number() });
const SetHealthSchema = z.object({
  frames: z.number(),
  f: z.number(),
  dominant: ClassShareSchema,
  referenceTop: ClassShareSchema.nullable(),
  constantBaseline: BaselineSchema.nullable(),
  trainMajorityBaseline: BaselineSchema.nullable(),
  reasons: z.array(z.string()),
});
export const HealthSchema = z.object({
  degenerate: z.boolean(),
  reasons: z.array(z.string()),
  test: SetHealthSchema.nullable(),
  val: SetHealthSchema.nullable(),
});
const ChordScoresSchema = z.record(z.string(), jsonNumber);

/** What readers accept: every key may be missing (older or unfinished runs); unknown keys are dropped. */
export const MetricsSchema = z.object({
  test: ScoresSchema.nullable().optional(),
  perSong: z.record(z.string(), ScoresSchema).optional(),
  val: ScoresSchema.nullable().optional(),
  confusion: z.array(z.array(z.number())).optional(),
  bestEpoch: jsonNumber.optional(),
  epochs: jsonNumber.optional(),
  targetLength: z.union([z.number(), z.string()]).optional(),
  originalLength: jsonNumber.optional(),
  loss: z.string().optional(),
  padding: z.string().optional(),
  counts: z.record(z.string(), jsonNumber).optional(),
  qualityCounts: z.object({ test: QualityCountsSchema, val: QualityCountsSchema.nullable() }).optional(),
  health: HealthSchema.optional(),
  stoppedEpoch: jsonNumber.optional(),
  stopReason: z.enum(["patience", "timeBudget"]).nullable().optional(),
  mirEval: z.object({ perSong: z.record(z.string(), ChordScoresSchema), total: ChordScoresSchema }).optional(),
});
export type MetricsRead = z.infer<typeof MetricsSchema>;

// The writer's type must be one the reader accepts (a type changed on one side fails to compile).
export type MetricsAccepted = Accepts<MetricsRead, Metrics>;

/**
 * The run's degeneracy verdict: as recorded, or decided again from the test confusion matrix for
 * a run written before metrics.json had `health` (the validation set and the training-majority
 * baseline are then unknown). Null without a confusion matrix.
 */
export function healthOf(metrics: Pick<MetricsRead, "health" | "confusion">): Health | null {
  if (metrics.health) return metrics.health;
  const confusion = metrics.confusion;
  if (!confusion || confusion.length !== 25 || confusion.some((r) => r.length !== 25)) return null;
  return assessHealth({ test: confusion });
}

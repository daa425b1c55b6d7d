/**
 * The run- and batch-directory files as the report reads them (docs/ARCHITECTURE.md, "The run
 * directory"). Schemas are deliberately lenient: unknown keys are ignored, fields a RUNNING or
 * FAILED run may lack are optional, and each part of artifacts.json is checked on its own so
 * one malformed part costs one figure, not the report.
 */
import { z } from "zod";

/** JSON has no NaN: writers turn it into null. */
const num = z.number().nullable();
const classSeq = z.array(z.number().int());

export const ScoresSchema = z.object({
  precision: num,
  recall: num,
  f: num,
  tp: num.optional(),
  fp: num.optional(),
  fn: num.optional(),
  majmin: num.optional(),
  majorRecall: num.optional(),
  minorRecall: num.optional(),
  minorShare: num.optional(),
  frames: num.optional(),
});
export type Scores = z.infer<typeof ScoresSchema>;

export const RunRecordSchema = z.object({
  status: z.string(),
  error: z.string().optional(),
  runId: z.string().optional(),
  name: z.string().optional(),
  row: z.string().optional(),
  seed: z.number().optional(),
  configHash: z.string().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  git: z.object({ commit: z.string().nullable().optional(), dirty: z.boolean().nullable().optional() }).optional(),
  versions: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  timings: z.record(z.string(), num).optional(),
  notes: z.array(z.string()).optional(),
  parameters: z.number().optional(),
  /** Who writes a RUNNING run, and when it last showed life (util/liveness.ts judges them). */
  process: z
    .object({ pid: z.number(), host: z.string(), startTime: z.string().nullable(), bootId: z.string().nullable() })
    .optional(),
  heartbeatAt: z.string().optional(),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

export const MetricsSchema = z.object({
  test: ScoresSchema.nullable().optional(),
  val: ScoresSchema.nullable().optional(),
  perSong: z.record(z.string(), ScoresSchema).optional(),
  confusion: z.array(z.array(z.number())).optional(),
  bestEpoch: num.optional(),
  epochs: num.optional(),
  targetLength: z.union([z.number(), z.string()]).optional(),
  originalLength: num.optional(),
  loss: z.string().optional(),
  padding: z.string().optional(),
  counts: z.record(z.string(), num).optional(),
});
export type Metrics = z.infer<typeof MetricsSchema>;

const vector12 = z.array(z.number()).length(12);
export const WeightsSchema = z.object({
  gain: num.optional(),
  logGain: num.optional(),
  major: vector12,
  minor: vector12,
  templates: z.array(vector12).length(24),
  initTemplates: z.array(vector12).length(24),
});

export const TargetsExampleSchema = z.object({
  song: z.string(),
  segment: z.number(),
  strong: classSeq,
  reduced: classSeq,
  variants: z.array(z.object({ padding: z.string(), softLength: z.number(), sequence: classSeq })),
});

export const AlignmentSchema = z.object({
  epoch: z.number(),
  which: z.string(),
  song: z.string(),
  segment: z.number(),
  rows: z.number().int().positive(),
  cols: z.number().int().positive(),
  E: z.array(z.number()),
  path: z.array(z.tuple([z.number(), z.number()])),
  targets: classSeq,
});

export const TestSegmentSchema = z.object({
  song: z.string(),
  segment: z.number(),
  startSec: z.number(),
  chroma: z.array(z.array(z.number())),
  reference: classSeq,
  estimate: classSeq,
});

const CountsSchema = z.object({ major: z.number(), minor: z.number(), noChord: z.number(), total: z.number() });
export const ClassDistributionSchema = z.object({
  strong: CountsSchema,
  softUnpadded: CountsSchema,
  soft: z.array(z.object({ padding: z.string(), softLength: z.number(), counts: CountsSchema })),
});

/** batch.json as written by `chordtrain batch`: the plan (rows in order, seeds, run items). */
export const BatchPlanSchema = z.object({
  name: z.string().optional(),
  rows: z.array(z.object({ row: z.string(), slug: z.string().optional() })).optional(),
  seeds: z.array(z.number()).optional(),
  folds: z.array(z.number()).optional(),
  compare: z.array(z.object({ a: z.string(), b: z.string() })).optional(),
  items: z
    .array(
      z.object({
        row: z.string(),
        slug: z.string().optional(),
        seed: z.number().optional(),
        fold: z.number().optional(),
        configHash: z.string().optional(),
      }),
    )
    .optional(),
});
export type BatchPlan = z.infer<typeof BatchPlanSchema>;

/** First problem of a failed parse, as `path: message`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
  return `${path}: ${issue.message}`;
}

/**
 * `batch.json`: a batch's plan (rows in order, seeds, folds, comparisons, one item per run).
 * Written by experiment/batch.ts (every shard writes the same); read by `chordtrain collect` and
 * the batch report.
 */
import { z } from "zod";
import type { Accepts } from "./json.js";

/** A planned row: its folder name and what its config says the table shows (loss, lengths). */
export interface PlanRow {
  row: string;
  slug: string;
  loss: string;
  padding: string;
  targetLength: number | string;
  originalLength: number;
}

/** What the writer records. */
export interface BatchPlan {
  name: string;
  file: string;
  /** `loss`, `padding`, `targetLength`, `originalLength` are absent in batch.json of older versions. */
  rows: (Pick<PlanRow, "row" | "slug"> & Partial<PlanRow>)[];
  seeds: number[];
  /** The leave-one-song-out folds axis, if the batch has one. */
  folds?: number[];
  /** Paired comparisons (row a − row b); absent in plans written before they existed. */
  compare?: { a: string; b: string }[];
  items: { row: string; slug: string; seed: number; fold?: number; configHash: string }[];
}

/** What readers accept (keys may be missing; unknown keys are dropped). */
export const BatchPlanSchema = z.object({
  name: z.string().optional(),
  file: z.string().optional(),
  rows: z
    .array(
      z.object({
        row: z.string(),
        slug: z.string().optional(),
        loss: z.string().optional(),
        padding: z.string().optional(),
        targetLength: z.union([z.number(), z.string()]).optional(),
        originalLength: z.number().nullable().optional(),
      }),
    )
    .optional(),
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
export type BatchPlanRead = z.infer<typeof BatchPlanSchema>;
export type BatchPlanAccepted = Accepts<BatchPlanRead, BatchPlan>;

/**
 * `run.json`: the run's provenance record (docs/ARCHITECTURE.md, "The run directory"). Written by
 * experiment/runExperiment.ts (RUNNING first, then COMPLETED | FAILED with the error); read by
 * `chordtrain collect` and the report through `RunRecordSchema`.
 */
import { z } from "zod";
import type { ProcessInfo } from "../util/liveness.js";
import { jsonNumber, type Accepts } from "./json.js";

export type RunStatus = "RUNNING" | "COMPLETED" | "FAILED";

/** What the writer records. */
export interface RunRecord {
  status: RunStatus;
  error?: string;
  runId: string;
  name: string;
  seed: number;
  configHash: string;
  startedAt: string;
  finishedAt?: string;
  git: { commit: string | null; dirty: boolean | null };
  versions: Record<string, string>;
  timings: Record<string, number>;
  notes: string[];
  parameters?: number;
  /** Batch row this run belongs to, if any. */
  row?: string;
  /** The process writing the run (so readers can tell a SIGKILL'd run from a live one). */
  process?: ProcessInfo;
  /** Refreshed at every phase and every epoch while RUNNING. */
  heartbeatAt?: string;
}

/**
 * What readers accept: every key but `status` may be missing (hand-written or older run
 * folders), unknown keys are dropped, a number may be null (JSON has no NaN).
 */
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
  timings: z.record(z.string(), jsonNumber).optional(),
  notes: z.array(z.string()).optional(),
  parameters: z.number().optional(),
  /** Who writes a RUNNING run, and when it last showed life (util/liveness.ts judges them). */
  process: z
    .object({ pid: z.number(), host: z.string(), startTime: z.string().nullable(), bootId: z.string().nullable() })
    .optional(),
  heartbeatAt: z.string().optional(),
});
export type RunRecordRead = z.infer<typeof RunRecordSchema>;

// The writer's type must be one the reader accepts (a type changed on one side fails to compile).
export type RunRecordAccepted = Accepts<RunRecordRead, RunRecord>;

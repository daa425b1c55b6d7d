/**
 * `artifacts.json`: the data the run's figures need (docs/ARCHITECTURE.md). Built by
 * experiment/outputs.ts (`buildArtifacts`); read by the report, each part on its own so one
 * malformed part costs one figure, not the report.
 */
import { z } from "zod";
import type { DatasetStats } from "../dataset/stats.js";
import type { TrainResult } from "../training/index.js";

/** What the writer records. */
export interface Artifacts {
  frameRateHz: number;
  targetsExample: TargetsExample | null;
  alignments: TrainResult["alignments"];
  test: { song: string; segment: number; startSec: number; chroma: number[][]; reference: number[]; estimate: number[] }[];
  classDistribution: DatasetStats["classDistribution"];
}

export interface TargetsExample {
  song: string;
  segment: number;
  strong: number[];
  reduced: number[];
  variants: { padding: "uniform" | "last"; softLength: number; sequence: number[] }[];
}

const classSeq = z.array(z.number().int());

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
  // truncatedSegments: absent in runs written before it was recorded.
  soft: z.array(z.object({ padding: z.string(), softLength: z.number(), counts: CountsSchema, truncatedSegments: z.number().optional() })),
});

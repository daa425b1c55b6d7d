/**
 * Readers of run and batch directories (the only file-system reads of the report). Missing or
 * malformed files never throw: each becomes a line in `problems`, shown on the page, and the
 * figures that need it are left out. docs/ARCHITECTURE.md defines the files.
 */
import { CONTEXT_MODEL_FILE_FORMAT, ContextModelFileSchema } from "../config/schema.js";
import { logFreqBins, logFreqCentre } from "../features/logFreq.js";
import type { InputAxis } from "./figures/contextFigures.js";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import {
  AlignmentSchema, ClassDistributionSchema, MetricsSchema, RunRecordSchema,
  TargetsExampleSchema, TestSegmentSchema, WeightsSchema, firstIssue, parseHistoryCsv,
  type HistoryRow, type MetricsRead, type RunRecordRead,
} from "../runFolder/index.js";
import { judged } from "../util/liveness.js";
import type { TemplateWeights } from "./figures/templates.js";
import type { TargetsExample } from "./figures/targets.js";
import type { AlignmentData } from "./figures/alignment.js";
import type { TestSegmentData } from "./figures/chromagram.js";
import type { ClassDistribution } from "./figures/classDistribution.js";

export interface RunArtifacts {
  frameRateHz: number | null;
  targetsExample: TargetsExample | null;
  alignments: AlignmentData[];
  test: TestSegmentData[];
  classDistribution: ClassDistribution | null;
}

export interface RunFiles {
  dir: string;
  config: Record<string, unknown> | null;
  record: RunRecordRead | null;
  metrics: MetricsRead | null;
  history: HistoryRow[] | null;
  weights: TemplateWeights | null;
  artifacts: RunArtifacts;
  /** A context network's first layer and input axis (the filters figure); absent for dChord. */
  context?: ContextFigureData | null;
  /** saliency.json of a context network's run (the class-saliency figure). */
  saliency?: { values: number[][]; counts: number[] } | null;
  /** One line per missing or unreadable file (or part of artifacts.json). */
  problems: string[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

export function readText(path: string, name: string): Parsed<string> {
  if (!existsSync(path)) return { ok: false, problem: `${name} is missing` };
  try {
    return { ok: true, value: readFileSync(path, "utf8") };
  } catch (e) {
    return { ok: false, problem: `${name} could not be read: ${(e as Error).message}` };
  }
}

export function readJson(path: string, name: string): Parsed<unknown> {
  const text = readText(path, name);
  if (!text.ok) return text;
  try {
    return { ok: true, value: JSON.parse(text.value) as unknown };
  } catch (e) {
    return { ok: false, problem: `${name} is not valid JSON: ${(e as Error).message}` };
  }
}

function check<T>(schema: z.ZodType<T>, value: unknown, name: string, problems: string[]): T | null {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  problems.push(`${name} does not match the run-directory contract: ${firstIssue(r.error)}`);
  return null;
}

function readChecked<T>(dir: string, name: string, schema: z.ZodType<T>, problems: string[]): T | null {
  const json = readJson(join(dir, name), name);
  if (!json.ok) {
    problems.push(json.problem);
    return null;
  }
  return check(schema, json.value, name, problems);
}

export { parseHistoryCsv };

function readHistory(dir: string, problems: string[]): HistoryRow[] | null {
  const text = readText(join(dir, "history.csv"), "history.csv");
  if (!text.ok) {
    problems.push(text.problem);
    return null;
  }
  try {
    return parseHistoryCsv(text.value);
  } catch (e) {
    problems.push(`history.csv: ${(e as Error).message}`);
    return null;
  }
}

function listOf<T>(schema: z.ZodType<T>, value: unknown, name: string, problems: string[]): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push(`artifacts.json ${name} is not a list`);
    return [];
  }
  return value.flatMap((v, k) => check(schema, v, `artifacts.json ${name}[${k}]`, problems) ?? []);
}

function readArtifacts(dir: string, problems: string[]): RunArtifacts {
  const empty: RunArtifacts = { frameRateHz: null, targetsExample: null, alignments: [], test: [], classDistribution: null };
  const json = readJson(join(dir, "artifacts.json"), "artifacts.json");
  if (!json.ok) {
    problems.push(json.problem);
    return empty;
  }
  const a = (json.value ?? {}) as Record<string, unknown>;
  const rate = typeof a.frameRateHz === "number" && a.frameRateHz > 0 ? a.frameRateHz : null;
  if (rate === null) problems.push("artifacts.json frameRateHz is missing or not positive");
  const optional = <T>(schema: z.ZodType<T>, key: string) =>
    a[key] === undefined || a[key] === null ? null : check(schema, a[key], `artifacts.json ${key}`, problems);
  return {
    frameRateHz: rate,
    targetsExample: optional(TargetsExampleSchema, "targetsExample"),
    alignments: listOf(AlignmentSchema, a.alignments, "alignments", problems) as AlignmentData[],
    test: listOf(TestSegmentSchema, a.test, "test", problems),
    classDistribution: optional(ClassDistributionSchema, "classDistribution"),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A RUNNING run whose process is gone is shown as FAILED ("abandoned: …"); the file is not changed here. */
function liveRecord(record: RunRecordRead | null): RunRecordRead | null {
  return record && judged(record);
}

/**
 * weights.json's dChord templates (the templates figure); null for a context network's model
 * file (format "chordtrain-context": no templates to draw, and not a problem).
 */
function templateWeights(dir: string, problems: string[]): TemplateWeights | null {
  const json = readJson(join(dir, "weights.json"), "weights.json");
  if (json.ok && isObject(json.value) && json.value.format === CONTEXT_MODEL_FILE_FORMAT) return null;
  return readChecked(dir, "weights.json", WeightsSchema, problems);
}

export interface ContextFigureData {
  /** W_1 [D·(2r+1)][units]. */
  first: number[][];
  axis: InputAxis;
}

/** The first layer and input axis of a context network's weights.json; null for dChord (or when unreadable: a problem). */
function contextFigureData(dir: string, problems: string[]): ContextFigureData | null {
  const json = readJson(join(dir, "weights.json"), "weights.json");
  if (!json.ok || !isObject(json.value) || json.value.format !== CONTEXT_MODEL_FILE_FORMAT) return null;
  const parsed = ContextModelFileSchema.safeParse(json.value);
  if (!parsed.success) {
    problems.push(`weights.json: ${firstIssue(parsed.error)}`);
    return null;
  }
  const context = parsed.data.model.context!;
  const logfreq = context.input === "logfreq" ? context.logfreq : undefined;
  const axis: InputAxis = logfreq
    ? { kind: "logfreq", binsPerSemitone: logfreq.binsPerSemitone, centres: Array.from({ length: logFreqBins(logfreq) }, (_, b) => logFreqCentre(logfreq, b)) }
    : { kind: "chroma" };
  return { first: parsed.data.layers[0].weights, axis };
}

/** saliency.json (written for context networks only): null when absent. */
function readSaliency(dir: string, problems: string[]): { values: number[][]; counts: number[] } | null {
  if (!existsSync(join(dir, "saliency.json"))) return null;
  const json = readJson(join(dir, "saliency.json"), "saliency.json");
  const v = json.ok ? (json.value as { values?: unknown; counts?: unknown }) : undefined;
  if (!v || !Array.isArray(v.values) || !Array.isArray(v.counts)) {
    problems.push(json.ok ? "saliency.json has no values/counts" : json.problem);
    return null;
  }
  return { values: v.values as number[][], counts: v.counts as number[] };
}

export function readRunDir(dir: string): RunFiles {
  const problems: string[] = [];
  const json = readJson(join(dir, "config.json"), "config.json");
  if (!json.ok) problems.push(json.problem);
  const config = json.ok && isObject(json.value) ? json.value : null;
  return {
    dir,
    config,
    record: liveRecord(readChecked(dir, "run.json", RunRecordSchema, problems)),
    metrics: readChecked(dir, "metrics.json", MetricsSchema, problems),
    history: readHistory(dir, problems),
    weights: templateWeights(dir, problems),
    artifacts: readArtifacts(dir, problems),
    context: contextFigureData(dir, problems),
    saliency: readSaliency(dir, problems),
    problems,
  };
}

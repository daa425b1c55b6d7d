/**
 * JAMS chord annotations (Humphrey et al., "JAMS: a JSON annotated music specification for
 * reproducible MIR research", ISMIR 2014): a JSON object whose `annotations` array holds
 * annotations, each with a `namespace` and `data`.
 *
 * - The first annotation whose namespace is `chord` or `chord_harte` is read; when there are
 *   several, a warning says which one was taken.
 * - `data` is either an array of observations `{ time, duration, value, confidence }` (JAMS ≥ 0.3)
 *   or the older column form `{ time: [], duration: [], value: [], confidence: [] }`.
 * - An observation is the segment [time, time + duration] with the Harte label `value`. Its
 *   `line` is its 1-based index in `data`, so error locations read `song.jams:<observation>`.
 */
import { InputError, type Warnings } from "../errors.js";
import { buildAnnotation, type RawSpan } from "./spans.js";
import type { Annotation, AnnotationParseOptions } from "./types.js";

const CHORD_NAMESPACES = ["chord", "chord_harte"];

interface Observation {
  time?: unknown;
  duration?: unknown;
  value?: unknown;
}

/** Parses the text of a .jams file; `opts.file` names it in error messages. */
export function parseJams(text: string, opts: AnnotationParseOptions, warnings?: Warnings): Annotation {
  const { file } = opts;
  const annotations = readAnnotationList(text, file);
  const chordAnnotations = annotations.filter((a) => CHORD_NAMESPACES.includes(namespaceOf(a)));
  if (chordAnnotations.length === 0) {
    const found = annotations.map(namespaceOf).join(", ") || "none";
    throw new InputError(`no annotation with namespace "chord" or "chord_harte" (found: ${found})`, { file });
  }
  if (chordAnnotations.length > 1) {
    warnings?.warn(`${file}: ${chordAnnotations.length} chord annotations; using the first`);
  }
  const observations = readObservations((chordAnnotations[0] as { data?: unknown }).data, file);
  const rows = observations.map((obs, index) => toRawSpan(obs, index + 1, file));
  return buildAnnotation(rows, opts, warnings);
}

function readAnnotationList(text: string, file: string): unknown[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new InputError(`not valid JSON: ${(error as Error).message}`, { file, cause: error });
  }
  const annotations = isObject(doc) ? doc.annotations : undefined;
  if (!Array.isArray(annotations)) throw new InputError('expected a JAMS object with an "annotations" array', { file });
  return annotations;
}

function namespaceOf(annotation: unknown): string {
  return isObject(annotation) && typeof annotation.namespace === "string" ? annotation.namespace : "?";
}

/** Observations from the array form, or zipped from the column form. */
function readObservations(data: unknown, file: string): Observation[] {
  if (Array.isArray(data)) {
    return data.map((obs: unknown, index) => {
      if (isObject(obs)) return obs;
      const got = JSON.stringify(obs);
      throw new InputError(`observation ${index + 1}: expected {time, duration, value}, got ${got}`, { file, line: index + 1 });
    });
  }
  if (isObject(data) && Array.isArray(data.time) && Array.isArray(data.duration) && Array.isArray(data.value)) {
    const { time, duration, value } = data as { time: unknown[]; duration: unknown[]; value: unknown[] };
    if (duration.length !== time.length || value.length !== time.length) {
      throw new InputError(
        `chord annotation columns differ in length: time ${time.length}, duration ${duration.length}, value ${value.length}`,
        { file },
      );
    }
    return time.map((t, i) => ({ time: t, duration: duration[i], value: value[i] }));
  }
  throw new InputError(
    'chord annotation "data" must be an array of {time, duration, value} or an object of time/duration/value arrays',
    { file },
  );
}

function toRawSpan(obs: Observation, line: number, file: string): RawSpan {
  const text = JSON.stringify({ time: obs.time, duration: obs.duration, value: obs.value });
  const where = { file, line };
  const numberOf = (what: "time" | "duration", v: unknown): number => {
    if (typeof v !== "number") throw new InputError(`observation ${line}: ${what} must be a number, got ${text}`, where);
    return v;
  };
  const startSec = numberOf("time", obs.time);
  const durationSec = numberOf("duration", obs.duration);
  if (durationSec < 0) throw new InputError(`observation ${line}: duration ${durationSec} is negative, in ${text}`, where);
  if (typeof obs.value !== "string") {
    throw new InputError(`observation ${line}: value must be a chord label string, got ${text}`, where);
  }
  return { startSec, endSec: startSec + durationSec, label: obs.value, line, text };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

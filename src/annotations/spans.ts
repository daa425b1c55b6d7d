/**
 * What every reader shares once it has split its format into rows: time checks, label
 * reduction (strict or lenient) and the ordering rule. Errors name file:line and quote the row.
 *
 * Ordering: segments must be sorted by start time and must not overlap, except by up to 1 µs —
 * published annotations round times to the microsecond, so a boundary may appear as
 * "… 166.133537" followed by "166.133536 …". Times are kept as written. Gaps are allowed (they
 * become no-chord frames when labels are framed). Zero-length segments are allowed.
 */
import { InputError, type Warnings } from "../errors.js";
import { NO_CHORD, type ChordClass } from "./chordClasses.js";
import { labelToClass, type LabelStyle } from "./reduce.js";
import type { Annotation, AnnotationParseOptions, ChordSpan } from "./types.js";

/** Largest overlap of consecutive segments accepted as rounding, in seconds. */
export const OVERLAP_TOLERANCE_SEC = 1e-6;
/** Slack for binary floating point when comparing an overlap with the tolerance. */
const FLOAT_SLACK_SEC = 1e-9;
/** How many distinct unknown labels the lenient-mode warning lists. */
const LISTED_UNKNOWN_LABELS = 5;

/** One segment as a reader found it, before checks. */
export interface RawSpan {
  startSec: number;
  endSec: number;
  label: string;
  /** 1-based source line (JAMS: observation index). */
  line: number;
  /** The source text of the row, quoted in error messages. */
  text: string;
}

/**
 * Parses a time field in seconds: a plain decimal number ("12", "0.5", ".5", "1e-3").
 * Throws InputError naming `what` and quoting the row when it is not one.
 */
export function parseSeconds(field: string, what: "start" | "end", where: { file: string; line: number; text: string }): number {
  const isDecimal = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(field);
  if (!isDecimal) {
    throw new InputError(`${what} time "${field}" is not a number, in "${where.text}"`, { file: where.file, line: where.line });
  }
  return Number(field);
}

/** Checks times and order, reduces labels; one summary warning per file for lenient labels. */
export function buildAnnotation(
  rows: RawSpan[],
  opts: AnnotationParseOptions,
  warnings?: Warnings,
  style: LabelStyle = "harte",
): Annotation {
  if (rows.length === 0) throw new InputError("no chord segments found", { file: opts.file });
  const unknown: string[] = [];
  const spans: ChordSpan[] = [];
  for (const row of rows) {
    checkTimes(row, opts.file);
    if (spans.length > 0) checkOrder(spans[spans.length - 1], row, opts.file);
    const chord = reduceLabel(row, opts, style, unknown);
    spans.push({ startSec: row.startSec, endSec: row.endSec, label: row.label, chord, line: row.line });
  }
  if (unknown.length > 0) warnings?.warn(describeUnknownLabels(opts.file, unknown));
  return { file: opts.file, spans };
}

function checkTimes(row: RawSpan, file: string): void {
  const where = { file, line: row.line };
  for (const [what, sec] of [["start", row.startSec], ["end", row.endSec]] as const) {
    if (!Number.isFinite(sec)) throw new InputError(`${what} time ${sec} is not a finite number, in "${row.text}"`, where);
    if (sec < 0) throw new InputError(`${what} time ${sec} is negative, in "${row.text}"`, where);
  }
  if (row.endSec < row.startSec) {
    throw new InputError(`end time ${row.endSec} is before start time ${row.startSec}, in "${row.text}"`, where);
  }
}

function checkOrder(previous: ChordSpan, row: RawSpan, file: string): void {
  const where = { file, line: row.line };
  if (row.startSec < previous.startSec) {
    throw new InputError(
      `segments are not sorted by start time: ${row.startSec} comes after ${previous.startSec} (line ${previous.line}), in "${row.text}"`,
      where,
    );
  }
  if (previous.endSec - row.startSec > OVERLAP_TOLERANCE_SEC + FLOAT_SLACK_SEC) {
    throw new InputError(
      `segment starts at ${row.startSec}, before the previous one (line ${previous.line}) ends at ${previous.endSec}, in "${row.text}"`,
      where,
    );
  }
}

/** The class of a row's label; in lenient mode an invalid label is NO_CHORD and noted in `unknown`. */
function reduceLabel(row: RawSpan, opts: AnnotationParseOptions, style: LabelStyle, unknown: string[]): ChordClass {
  try {
    return labelToClass(row.label, opts.annotations, style);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    if (opts.lenient) {
      unknown.push(row.label);
      return NO_CHORD;
    }
    throw new InputError(error.message, { file: opts.file, line: row.line, cause: error });
  }
}

/** "x.lab: 3 unknown labels mapped to no-chord: Q:foo, H, C:bar". */
function describeUnknownLabels(file: string, unknown: string[]): string {
  const distinct = [...new Set(unknown)];
  const listed = distinct.slice(0, LISTED_UNKNOWN_LABELS).map((l) => (l === "" ? '""' : l));
  const more = distinct.length > LISTED_UNKNOWN_LABELS ? ", …" : "";
  const noun = unknown.length === 1 ? "label" : "labels";
  return `${file}: ${unknown.length} unknown ${noun} mapped to no-chord: ${listed.join(", ")}${more}`;
}

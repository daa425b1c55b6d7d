/**
 * Isophonics `.lab` chord annotations (the format of Harte's Beatles transcriptions and of
 * mir_eval.io.load_labeled_intervals): one `<start> <end> <label>` row per line, times in
 * seconds, fields separated by spaces or tabs, Harte labels.
 *
 * Blank lines are skipped, as are lines whose first non-blank character is "#" (comments; a
 * Harte label never starts with "#"). CRLF line endings are accepted.
 *
 * Written (labText) with times to 6 decimals (µs), one `start end label` line per segment, as
 * `chordtrain predict` and the run directory's prediction files write it.
 */
import { InputError, type Warnings } from "../errors.js";
import { buildAnnotation, parseSeconds, type RawSpan } from "./spans.js";
import { framesToSegments, type ChordSegment } from "./segments.js";
import type { Annotation, AnnotationParseOptions } from "./types.js";

/** Parses the text of a .lab file; `opts.file` names it in error messages. */
export function parseLab(text: string, opts: AnnotationParseOptions, warnings?: Warnings): Annotation {
  const rows: RawSpan[] = [];
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = index + 1;
    const content = rawLine.trim();
    if (content === "" || content.startsWith("#")) return;
    rows.push(parseLabLine(content, opts.file, line));
  });
  return buildAnnotation(rows, opts, warnings);
}

function parseLabLine(content: string, file: string, line: number): RawSpan {
  const fields = content.split(/\s+/);
  if (fields.length !== 3) {
    throw new InputError(`expected "<start> <end> <label>", got "${content}"`, { file, line });
  }
  const [start, end, label] = fields;
  const where = { file, line, text: content };
  return { startSec: parseSeconds(start, "start", where), endSec: parseSeconds(end, "end", where), label, line, text: content };
}

/** Isophonics `.lab` text: `start end label` per line, times with 6 decimals. */
export function labText(segments: readonly ChordSegment[]): string {
  return segments.map((s) => `${s.startSec.toFixed(6)} ${s.endSec.toFixed(6)} ${s.label}\n`).join("");
}

/**
 * Frame-wise classes → `.lab` text, with the segment convention of `chordtrain predict`
 * (segments.ts): frame n (centred at n/frameRateHz seconds) covers [centre − ½ hop,
 * centre + ½ hop], clamped at 0; runs of equal classes become one line.
 */
export function framesToLab(classes: Int16Array, opts: { firstFrame: number; frameRateHz: number }): string {
  const segments = framesToSegments({ classes, confidence: new Array(classes.length).fill(null) }, opts);
  return labText(segments);
}

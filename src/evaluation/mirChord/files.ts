/**
 * The file edge of `chordtrain eval`: find reference and estimate annotations (files, or folders
 * searched recursively for .lab / .csv / .jams), pair them by file stem, read them, and score
 * every pair with evaluateChordsWeighted. Formatting lives in report.ts.
 *
 * Pairing: a file's stem is its name without the extension ("song.chords.lab" → "song.chords").
 * Two files given directly are paired whatever their stems. In a folder, a stem must be unique
 * (two "song" annotations in one tree are an error, naming both). Files without a partner are
 * reported, not scored; no pair at all is an error.
 */
import { statSync } from "node:fs";
import { basename, extname } from "node:path";
import { isAnnotationPath } from "../../annotations/find.js";
import { annotationFormatOf, readAnnotation } from "../../annotations/read.js";
import { parseHarte } from "../../annotations/harte.js";
import { expandSimplifiedLabel } from "../../annotations/simplified.js";
import { AnnotationSchema } from "../../config/schema.js";
import { InputError, type Warnings } from "../../errors.js";
import { isDirectory, listFiles } from "../../util/files.js";
import { evaluateChordsWeighted, totalChordScores, type WeightedChordScores } from "./index.js";
import type { LabeledSegment } from "./intervals.js";

export interface EvalPair {
  name: string;
  reference: string;
  estimate: string;
}

export interface FileResult extends EvalPair, WeightedChordScores {
  /** Reference span (first start to last end), seconds. */
  durationSec: number;
}

export interface EvalReport {
  files: FileResult[];
  /** Pooled over files: each measure weighted by the reference duration it included (index.ts). */
  total: WeightedChordScores;
  unmatched: { reference: string[]; estimate: string[] };
}

/** Reads, pairs and scores; InputError (one line, naming the file) on bad input. */
export function evaluateFiles(refPath: string, estPath: string, warnings?: Warnings): EvalReport {
  const refFiles = listAnnotationFiles(refPath, "--ref");
  const estFiles = listAnnotationFiles(estPath, "--est");
  const { pairs, unmatched } = pairByStem(refFiles, estFiles, { bothFiles: !isDirectory(refPath) && !isDirectory(estPath) });
  if (pairs.length === 0) {
    throw new InputError(
      `no reference file has an estimate with the same stem (${refFiles.length} annotation file(s) under ${refPath}, ` +
        `${estFiles.length} under ${estPath})`,
    );
  }
  const files = pairs.map((pair) => {
    const ref = readChordSegments(pair.reference, warnings);
    const est = readChordSegments(pair.estimate, warnings);
    let scored: WeightedChordScores;
    try {
      scored = evaluateChordsWeighted(ref, est);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      throw new InputError(error.message, { file: pair.reference, cause: error });
    }
    return { ...pair, ...scored, durationSec: ref[ref.length - 1].endSec - ref[0].startSec };
  });
  return { files, total: totalChordScores(files), unmatched };
}

/** A chord annotation file's segments with Harte labels. */
export function readChordSegments(file: string, warnings?: Warnings): LabeledSegment[] {
  const annotation = readAnnotation(file, { annotations: AnnotationSchema.parse({}), lenient: false }, warnings);
  return harteSegments(annotation.spans, { file, unknownAsX: false });
}

/**
 * Spans as read from `file` → segments with Harte labels: FMP-style "Am" in a .csv file becomes
 * "A:min" (the reader accepts both there); with `unknownAsX`, a label that is not Harte becomes "X"
 * (what the lenient reader mapped to no-chord is then left out of every measure, not scored as N).
 */
export function harteSegments(spans: readonly LabeledSegment[], opts: { file: string; unknownAsX: boolean }): LabeledSegment[] {
  const expand = annotationFormatOf(opts.file) === "csv" ? expandSimplifiedLabel : (label: string) => label;
  return spans.map((s) => {
    let label = expand(s.label);
    if (opts.unknownAsX && !isHarte(label)) label = "X";
    return { startSec: s.startSec, endSec: s.endSec, label };
  });
}

function isHarte(label: string): boolean {
  try {
    parseHarte(label);
    return true;
  } catch (error) {
    if (error instanceof InputError) return false;
    throw error;
  }
}

/** The file itself, or every annotation file under a folder (recursively, sorted, hidden entries skipped). */
export function listAnnotationFiles(path: string, option: string): string[] {
  if (!exists(path)) throw new InputError(`${option}: no such file or folder`, { file: path });
  if (!isDirectory(path)) {
    annotationFormatOf(path); // throws for an unsupported extension
    return [path];
  }
  // The dataset stage's walk: sorted, hidden entries skipped, symlinked folders followed once.
  return listFiles(path, option).filter(isAnnotationPath);
}

/** Pairs reference and estimate files by stem; InputError for a stem found twice on one side. */
export function pairByStem(
  refFiles: readonly string[],
  estFiles: readonly string[],
  opts: { bothFiles: boolean },
): { pairs: EvalPair[]; unmatched: EvalReport["unmatched"] } {
  if (opts.bothFiles && refFiles.length === 1 && estFiles.length === 1) {
    return { pairs: [{ name: stemOf(refFiles[0]), reference: refFiles[0], estimate: estFiles[0] }], unmatched: { reference: [], estimate: [] } };
  }
  const refs = byStem(refFiles, "reference");
  const ests = byStem(estFiles, "estimate");
  const pairs = [...refs].filter(([stem]) => ests.has(stem)).map(([stem, reference]) => ({ name: stem, reference, estimate: ests.get(stem)! }));
  return {
    pairs,
    unmatched: {
      reference: [...refs].filter(([stem]) => !ests.has(stem)).map(([, file]) => file),
      estimate: [...ests].filter(([stem]) => !refs.has(stem)).map(([, file]) => file),
    },
  };
}

function byStem(files: readonly string[], side: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const file of files) {
    const stem = stemOf(file);
    const other = map.get(stem);
    if (other !== undefined) {
      throw new InputError(`two ${side} annotations have the stem "${stem}": ${other} and ${file}; keep one`);
    }
    map.set(stem, file);
  }
  return map;
}

const stemOf = (file: string): string => basename(file, extname(file));

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

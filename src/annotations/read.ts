/**
 * The annotation reader's entry points: `parseAnnotation` (pure: text in, Annotation out) and
 * `readAnnotation` (the file-reading edge, which picks the format from the extension).
 */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { InputError, type Warnings } from "../errors.js";
import { parseCsv } from "./csv.js";
import { parseJams } from "./jams.js";
import { parseLab } from "./lab.js";
import type { Annotation, AnnotationFormat, AnnotationParseOptions, AnnotationReadOptions } from "./types.js";

const PARSERS: Record<AnnotationFormat, typeof parseLab> = { lab: parseLab, csv: parseCsv, jams: parseJams };

/** Parses annotation text of the given format; a leading UTF-8 BOM is ignored. */
export function parseAnnotation(
  text: string,
  format: AnnotationFormat,
  opts: AnnotationParseOptions,
  warnings?: Warnings,
): Annotation {
  return PARSERS[format](text.replace(/^\uFEFF/, ""), opts, warnings);
}

/** Reads a .lab, .csv or .jams file (extension in any case) and parses it. */
export function readAnnotation(path: string, opts: AnnotationReadOptions, warnings?: Warnings): Annotation {
  const format = annotationFormatOf(path);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError(`cannot read the annotation file (${reason})`, { file: path, cause: error });
  }
  return parseAnnotation(text, format, { ...opts, file: path }, warnings);
}

/** "lab" | "csv" | "jams" from the file extension; InputError for any other. */
export function annotationFormatOf(path: string): AnnotationFormat {
  const ext = extname(path).toLowerCase().slice(1);
  if (ext === "lab" || ext === "csv" || ext === "jams") return ext;
  throw new InputError(`unsupported annotation format "${extname(path)}" (expected .lab, .csv or .jams)`, { file: path });
}

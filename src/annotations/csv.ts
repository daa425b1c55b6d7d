/**
 * CSV chord annotations, as written by the FMP notebooks (Müller, chapter 5:
 * `"Start";"End";"Label"`) and by spreadsheets: one segment per record, times in seconds.
 *
 * - Delimiter: looked for on the first non-blank line, outside double quotes: a tab if there is
 *   one, else ";" if there is one, else ",". (A Harte label never contains a tab or ";", but may
 *   contain "," — so in a comma-separated file such labels must be quoted.)
 * - Header: the first record is a header when its first field is not a number. Its columns are
 *   found by name, case-insensitively: Start, End and Label (or Chord); other columns are ignored.
 *   Without a header a record has exactly three fields: start, end, label.
 * - Labels: Harte syntax, or FMP's simplified style where a root alone is major and a root
 *   followed by "m" is minor ("Am", "C#m"; see simplified.ts).
 * - Quoted fields, a UTF-8 BOM, blank lines and whitespace around fields are handled by csv-parse.
 */
import { parse } from "csv-parse/sync";
import { InputError, type Warnings } from "../errors.js";
import { buildAnnotation, parseSeconds, type RawSpan } from "./spans.js";
import type { Annotation, AnnotationParseOptions } from "./types.js";

type Delimiter = "\t" | ";" | ",";

interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
  /** The source line, quoted in error messages. */
  text: string;
}

/** Where start, end and label are in each record, and whether record 1 is a header. */
interface ColumnLayout {
  start: number;
  end: number;
  label: number;
  hasHeader: boolean;
}

const HEADER_NAMES = { start: ["start"], end: ["end"], label: ["label", "chord"] } as const;

/** Parses the text of a .csv file; `opts.file` names it in error messages. */
export function parseCsv(text: string, opts: AnnotationParseOptions, warnings?: Warnings): Annotation {
  const delimiter = detectDelimiter(text);
  const records = readRecords(text, delimiter, opts.file);
  if (records.length === 0) return buildAnnotation([], opts, warnings);
  const layout = locateColumns(records[0], opts.file);
  const rows = records
    .slice(layout.hasHeader ? 1 : 0)
    .map((record) => toRawSpan(record, layout, delimiter, opts.file));
  return buildAnnotation(rows, opts, warnings, "harte-or-simplified");
}

/** Tab, else ";", else "," — whichever occurs first in that order on the first non-blank line. */
export function detectDelimiter(text: string): Delimiter {
  const firstLine = text.split(/\r?\n/).find((l) => l.trim() !== "") ?? "";
  const unquoted = firstLine.replace(/"[^"]*"/g, "");
  if (unquoted.includes("\t")) return "\t";
  if (unquoted.includes(";")) return ";";
  return ",";
}

function readRecords(text: string, delimiter: Delimiter, file: string): CsvRecord[] {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, {
      delimiter,
      bom: true,
      info: true,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
    }) as unknown as typeof parsed;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new InputError(`malformed CSV: ${(error as Error).message}`, { file, line, cause: error });
  }
  const sourceLines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  return parsed.map(({ record, info }) => {
    // csv-parse reports the line where a record ends; a quoted field may span lines.
    const newlinesInside = record.join("").split("\n").length - 1;
    const line = Math.max(1, info.lines - newlinesInside);
    return { fields: record, line, text: sourceLines[line - 1]?.trim() ?? record.join(delimiter) };
  });
}

/** Header (columns by name) when the first field of record 1 is not a number; else start, end, label. */
function locateColumns(first: CsvRecord, file: string): ColumnLayout {
  if (/^[+-]?(?:\d|\.\d)/.test(first.fields[0])) return { start: 0, end: 1, label: 2, hasHeader: false };
  const names = first.fields.map((f) => f.toLowerCase());
  const find = (aliases: readonly string[]): number => names.findIndex((n) => aliases.includes(n));
  const layout = { start: find(HEADER_NAMES.start), end: find(HEADER_NAMES.end), label: find(HEADER_NAMES.label), hasHeader: true };
  if (layout.start < 0 || layout.end < 0 || layout.label < 0) {
    throw new InputError(`the header must name the columns Start, End and Label (or Chord), got "${first.text}"`, {
      file,
      line: first.line,
    });
  }
  return layout;
}

function toRawSpan(record: CsvRecord, layout: ColumnLayout, delimiter: Delimiter, file: string): RawSpan {
  const { fields, line, text } = record;
  const needed = layout.hasHeader ? Math.max(layout.start, layout.end, layout.label) + 1 : 3;
  const fitting = layout.hasHeader ? fields.length >= needed : fields.length === needed;
  if (!fitting) throw new InputError(describeFieldCount(fields.length, needed, layout.hasHeader, delimiter, text), { file, line });
  const where = { file, line, text };
  return {
    startSec: parseSeconds(fields[layout.start], "start", where),
    endSec: parseSeconds(fields[layout.end], "end", where),
    label: fields[layout.label],
    line,
    text,
  };
}

function describeFieldCount(got: number, needed: number, hasHeader: boolean, delimiter: Delimiter, text: string): string {
  if (hasHeader) return `expected at least ${needed} fields (as in the header), got ${got} in "${text}"`;
  const d = delimiter === "\t" ? "\\t" : delimiter;
  const hint = delimiter === "," && got > needed ? ' (quote labels that contain commas, e.g. "C:(1,3,5)")' : "";
  return `expected "<start>${d}<end>${d}<label>", got "${text}"${hint}`;
}

/**
 * A dataset manifest: a CSV file with a header naming the columns `audio`, `annotation` and
 * optionally `name` (any order, any case; no other column, so a misspelt one is caught). Paths
 * are relative to the manifest's folder (absolute paths are kept). Quoting, a UTF-8 BOM and CRLF
 * are handled by csv-parse, so names with commas ("Ob-La-Di, Ob-La-Da") only need quotes.
 *
 *   audio,annotation,name
 *   "audio/01 Let It Be (Remastered).flac",chordlab/06_-_Let_It_Be.lab,Let It Be
 *
 * A row whose file does not exist is reported as unpaired (discover.ts applies `data.unpaired`);
 * malformed rows (empty cell, wrong number of fields) are InputErrors naming manifest:line.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, extname, resolve } from "node:path";
import { parse } from "csv-parse/sync";
import { InputError } from "../errors.js";
import { isFile } from "../util/files.js";
import type { Discovery, SongFiles } from "./types.js";

const COLUMNS = ["audio", "annotation", "name"] as const;
type Column = (typeof COLUMNS)[number];

export function readManifest(manifest: string): Discovery {
  const records = parseRecords(readText(manifest), manifest);
  if (records.length === 0) throw new InputError("empty manifest: expected a header audio,annotation[,name]", { file: manifest });
  const columns = headerColumns(records[0], manifest);
  const base = dirname(manifest);
  const songs: SongFiles[] = [];
  const missing: string[] = [];
  for (const { fields, line } of records.slice(1)) {
    if (fields.length !== columns.length) {
      throw new InputError(`expected ${columns.length} fields (${columns.join(",")}), got ${fields.length}`, { file: manifest, line });
    }
    const cell = (c: Column) => fields[columns.indexOf(c)] ?? "";
    for (const c of columns) if (c !== "name" && cell(c) === "") throw new InputError(`empty "${c}" cell`, { file: manifest, line });
    const audioFile = resolve(base, cell("audio"));
    const annotationFile = resolve(base, cell("annotation"));
    const absent = [["audio", audioFile], ["annotation", annotationFile]].filter(([, f]) => !isFile(f));
    for (const [c, f] of absent) missing.push(`${manifest}:${line}: ${c} "${f}"`);
    if (absent.length > 0) continue;
    const name = columns.includes("name") && cell("name") !== "" ? cell("name") : basename(audioFile, extname(audioFile));
    songs.push({ name, audioFile, annotationFile });
  }
  return { songs, unpaired: { audioOnly: [], annotationOnly: [], missing } };
}

function readText(manifest: string): string {
  try {
    return readFileSync(manifest, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === "ENOENT" ? "data.manifest not found" : `cannot read data.manifest (${code})`, { file: manifest, cause: err });
  }
}

interface ManifestRecord {
  fields: string[];
  line: number;
}

function parseRecords(text: string, manifest: string): ManifestRecord[] {
  try {
    const rows = parse(text, { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    return rows.map((r) => ({ fields: r.record, line: r.info.lines }));
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    const message = ((err as Error).message ?? String(err)).split("\n")[0];
    throw new InputError(`not a readable CSV (${message})`, { file: manifest, line, cause: err });
  }
}

function headerColumns(header: ManifestRecord, manifest: string): Column[] {
  const names = header.fields.map((f) => f.toLowerCase());
  const unknown = names.filter((n) => !(COLUMNS as readonly string[]).includes(n));
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  const lacking = ["audio", "annotation"].filter((c) => !names.includes(c));
  if (unknown.length || twice.length || lacking.length) {
    const got = header.fields.join(",");
    throw new InputError(`expected a header with columns audio,annotation and optionally name, got "${got}"`, {
      file: manifest,
      line: header.line,
    });
  }
  return names as Column[];
}

/**
 * The run folders of a batch folder: `<row>/<run-id>/run.json` (or `<run-id>/run.json` one level
 * up, e.g. the output folder of `chordtrain run`). One finder for `chordtrain collect` and the
 * report, so both see the same runs.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { RunRecordSchema, type RunRecordRead } from "./runRecord.js";

export interface FoundRun {
  dir: string;
  /** run.json as the readers' schema reads it. */
  record: RunRecordRead;
  /** run.json as written (a reader that rewrites it keeps every key). */
  raw: unknown;
}

/** Run folders at depth 1 or 2 below `dir` whose run.json matches the schema, sorted by path (run ids sort by time). */
export function findRunFolders(dir: string): FoundRun[] {
  const found: FoundRun[] = [];
  const visit = (d: string): boolean => {
    const raw = readJson(join(d, "run.json"));
    if (raw === undefined) return false;
    const record = RunRecordSchema.safeParse(raw);
    if (record.success) found.push({ dir: d, record: record.data, raw });
    return true;
  };
  for (const d of subdirs(dir)) if (!visit(d)) subdirs(d).forEach(visit);
  return found.sort((a, b) => (a.dir < b.dir ? -1 : 1));
}

/** Parsed JSON, or undefined when the file is missing or not JSON. */
function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as unknown;
  } catch {
    return undefined;
  }
}

function subdirs(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => !n.startsWith(".") && n !== "figures")
      .map((n) => join(dir, n))
      .filter((p) => statSync(p).isDirectory());
  } catch {
    return [];
  }
}

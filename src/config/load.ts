/**
 * Loading configs: YAML or JSON files, `extends:` chains, batch rows and command-line overrides,
 * merged in that order (later wins) and validated once by the zod schema.
 *
 * Errors name the file, the line where the key stands (when it is in that file) and the key path:
 *   configs/x.yaml:12: loss.kind: expected one of "bce"|"softDtw"|"ctc", got "sdtw"
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";
import { isMap, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import { z } from "zod";
import { InputError } from "../errors.js";
import { BatchSchema, ConfigSchema, type BatchFile, type Config } from "./schema.js";
import { assertKnownPath, setPath } from "./paths.js";

type Plain = Record<string, unknown>;

/** A parsed config file with what is needed to point back into it. */
interface SourceFile {
  file: string;
  doc: Document;
  lines: LineCounter;
  value: Plain;
}

/** Overrides from the command line, applied last. */
export interface CliOverrides {
  data?: string;
  out?: string;
  seed?: number;
  epochs?: number;
  /** `key.path=value` strings; values are parsed as YAML scalars/flow collections. */
  set?: string[];
}

function readSource(file: string): SourceFile {
  if (!existsSync(file)) throw new InputError("config file not found", { file });
  const text = readFileSync(file, "utf8");
  const lines = new LineCounter();
  // JSON is YAML 1.2, so one parser gives line numbers for both.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const line = err.linePos?.[0]?.line;
    const what = err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    throw new InputError(`invalid ${extname(file) === ".json" ? "JSON" : "YAML"}: ${what}`, {
      file,
      line,
    });
  }
  const value = doc.toJS() ?? {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new InputError(`expected a mapping of config keys, got ${Array.isArray(value) ? "a list" : typeof value}`, {
      file,
    });
  }
  return { file, doc, lines, value: value as Plain };
}

/** Deep merge of plain objects; arrays and scalars of `over` replace those of `base`. */
export function deepMerge(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base };
  for (const [key, v] of Object.entries(over)) {
    const b = out[key];
    out[key] = isPlain(b) && isPlain(v) ? deepMerge(b, v) : v;
  }
  return out;
}

function isPlain(v: unknown): v is Plain {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Reads a config file and its `extends:` chain (paths relative to the extending file). */
function readWithExtends(file: string, seen: string[] = []): { value: Plain; sources: SourceFile[] } {
  const abs = resolve(file);
  if (seen.includes(abs)) throw new InputError(`"extends" loops back to ${file}`, { file: seen[seen.length - 1] });
  const src = readSource(file);
  const { extends: parent, ...own } = src.value;
  if (parent === undefined) return { value: own, sources: [src] };
  if (typeof parent !== "string") {
    throw new InputError(`"extends" must be a file path, got ${JSON.stringify(parent)}`, {
      file,
      line: lineOf(src, ["extends"]),
    });
  }
  const base = readWithExtends(resolve(dirname(file), parent), [...seen, abs]);
  return { value: deepMerge(base.value, own), sources: [...base.sources, src] };
}

/** The line of a top-level key itself ("rows:"), where lineOf gives its value's (for a block, the next line). */
function keyLineOf(src: SourceFile, key: string): number | undefined {
  const top = src.doc.contents;
  const pair = isMap(top) ? top.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
  const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
  return range ? src.lines.linePos(range[0]).line : undefined;
}

function lineOf(src: SourceFile, path: PropertyKey[]): number | undefined {
  // Walk up to the deepest key that exists in this file.
  for (let n = path.length; n > 0; n--) {
    const node = src.doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number] } | undefined;
    if (node?.range) return src.lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Turns `--data/--out/--seed/--epochs/--set` into a partial config; unknown keys are errors. */
export function cliOverridesToPartial(cli: CliOverrides): Plain {
  let out: Plain = {};
  if (cli.data !== undefined) out = setPath(out, ["data", "dir"], cli.data);
  if (cli.out !== undefined) out = setPath(out, ["out"], cli.out);
  if (cli.seed !== undefined) out = setPath(out, ["seed"], cli.seed);
  if (cli.epochs !== undefined) out = setPath(out, ["training", "epochs"], cli.epochs);
  for (const item of cli.set ?? []) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new InputError(`--set expects key.path=value, got "${item}"`);
    const path = item.slice(0, eq).trim().split(".");
    assertKnownPath(ConfigSchema, path, `--set ${item}`);
    out = setPath(out, path, parseScalar(item.slice(eq + 1)));
  }
  return out;
}

/** `0.3` → 0.3, `true` → true, `[1,0,1]` → [1,0,1], `uniform` → "uniform". */
function parseScalar(text: string): unknown {
  const doc = parseDocument(text);
  return doc.errors.length > 0 ? text : doc.toJS();
}

/** Validates a merged partial config; issues point at `sources` (file:line) when the key is there. */
export function resolveConfig(
  partial: Plain,
  sources: SourceFile[] = [],
  origin = "config",
  cliPartial: Plain = {},
  row?: BatchRowSource,
): Config {
  const result = ConfigSchema.safeParse(partial, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const fromCli = hasPath(cliPartial, issue.path.map(String));
  if (!fromCli && row && setsIssue(row.set, issue)) {
    // The row's own `set` holds the bad key: point at the row, not at a file of its base that has the section
    throw new InputError(`rows[${row.index}] ("${row.name}"): ${issuesText(result.error)}`, {
      file: row.src.file,
      line: lineOf(row.src, ["rows", row.index, "set", ...issue.path]),
    });
  }
  throw issuesToError(result.error, fromCli ? [] : sources, fromCli ? "command line" : origin);
}

/** A batch row's `set` (nested) and where the row stands in its batch file. */
interface BatchRowSource {
  set: Plain;
  src: SourceFile;
  index: number;
  name: string;
}

/** Whether `set` holds the key an issue is about (for an unknown key: one of the keys named). */
function setsIssue(set: Plain, issue: z.core.$ZodIssue): boolean {
  const path = issue.path.map(String);
  if (issue.code !== "unrecognized_keys") return hasPath(set, path);
  const node = path.reduce<unknown>((o, k) => (isPlain(o) ? o[k] : undefined), set);
  return isPlain(node) && issue.keys.some((k) => k in node);
}

function hasPath(obj: Plain, path: string[]): boolean {
  let node: unknown = obj;
  for (const key of path) {
    if (!isPlain(node) || !(key in node)) return false;
    node = node[key];
  }
  return path.length > 0;
}

function issuesToError(error: z.ZodError, sources: SourceFile[], origin: string): InputError {
  const issue = error.issues[0];
  // The last file that mentions the key is the one whose value won the merge.
  const src = [...sources].reverse().find((s) => lineOf(s, issue.path as PropertyKey[]) !== undefined);
  const where = src ? { file: src.file, line: lineOf(src, issue.path as PropertyKey[]) } : {};
  const prefix = src ? "" : `${origin}: `;
  return new InputError(`${prefix}${issuesText(error)}`, where);
}

/** "key.path: what is wrong (and N more)" of the first issue. */
function issuesText(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.map(String);
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : "";
  const key = path.length > 0 ? `${path.join(".")}: ` : "";
  return `${key}${describeIssue(issue, partialValueAt(error, issue))}${more}`;
}

function partialValueAt(_error: z.ZodError, issue: z.core.$ZodIssue): unknown {
  return "input" in issue ? (issue as { input?: unknown }).input : undefined;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === "unrecognized_keys") {
    return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  }
  const got = input === undefined ? "" : `, got ${JSON.stringify(input)}`;
  const message = issue.message.replace(/^Invalid input: /, "");
  return `${got ? message.replace(/, received \w+$/, "") : message}${got}`;
}

/** One experiment: a config file (optional) plus command-line overrides. */
export function loadConfig(file: string | undefined, cli: CliOverrides = {}): Config {
  const { value, sources } = file ? readWithExtends(file) : { value: {}, sources: [] };
  if (file && "rows" in value) {
    const src = sources[sources.length - 1];
    throw new InputError(`a batch file (it has "rows:"), not a run config: run it with "chordtrain batch -c ${file}"`, { file: src.file, line: keyLineOf(src, "rows") });
  }
  const cliPartial = cliOverridesToPartial(cli);
  return resolveConfig(deepMerge(value, cliPartial), sources, file ?? "config", cliPartial);
}

export interface BatchItem {
  row: string;
  /** Row name made safe for a folder name. */
  slug: string;
  seed: number;
  /** Leave-one-song-out fold (= `config.split.fold`) of a batch with a `folds` axis. */
  fold?: number;
  config: Config;
}

export interface LoadedBatch {
  name: string;
  file: string;
  items: BatchItem[];
  rows: { row: string; slug: string }[];
  seeds: number[];
  /** The folds axis, if the batch has one. */
  folds?: number[];
  compare: { a: string; b: string }[];
}

/**
 * A batch file: `{ name, base: <path or inline partial>, seeds?, rows: [{ row, set }] }`.
 * Each row's `set` is a nested partial config or flat `key.path: value` pairs. Precedence:
 * base < row < command line (so `--epochs 5` shortens every row).
 */
export function loadBatch(file: string, cli: CliOverrides = {}, seedsOverride?: number[]): LoadedBatch {
  const src = readSource(file);
  if (!("rows" in src.value) && !("base" in src.value)) {
    throw new InputError(`not a batch file (no "rows:"): a run config runs with "chordtrain run -c ${file}"; a batch file lists rows, e.g. configs/table4_1.yaml`, { file });
  }
  const parsed = BatchSchema.safeParse(src.value, { reportInput: true });
  if (!parsed.success) throw issuesToError(parsed.error, [src], file);
  const batch: BatchFile = parsed.data;
  const base = batchBase(batch.base, file);
  const cliPartial = cliOverridesToPartial(cli);
  const seeds = seedsOverride ?? batch.seeds ?? [cli.seed ?? (base.value.seed as number | undefined) ?? 0];
  const slugs = new Set<string>();
  const rows = batch.rows.map((r, k) => {
    const slug = slugify(r.row);
    if (slugs.has(slug)) throw new InputError(`two rows share the folder name "${slug}" (row "${r.row}")`, { file });
    slugs.add(slug);
    const set = expandFlatKeys(r.set, `${file}: row "${r.row}"`);
    if (r.method === undefined) return { row: r.row, index: k, slug, set, base: base.value, sources: [...base.sources, src] };
    // The method file's sections replace the batch base's whole (a section it leaves out is the schema default's)
    const method = methodOf(resolve(dirname(file), r.method), src, k);
    const rowBase: Plain = { ...base.value };
    for (const key of METHOD_SECTIONS) delete rowBase[key];
    return { row: r.row, index: k, slug, set, base: { ...rowBase, ...method.sections }, sources: [...base.sources, ...method.sources, src] };
  });
  checkCompare(batch, src);
  const items: BatchItem[] = [];
  const out = resolvePathLike(cli.out ?? (base.value.out as string | undefined) ?? "results", batch.name);
  for (const r of rows) {
    for (const fold of batch.folds ?? [undefined]) {
      // One run folder per (row, fold): `<row-slug>-fold<k>`, so resume and collect stay per item.
      const slug = fold === undefined ? r.slug : `${r.slug}-fold${fold}`;
      const foldSet = fold === undefined ? {} : { split: { fold } };
      for (const seed of seeds) {
        const merged = deepMerge(deepMerge(deepMerge(deepMerge(r.base, r.set), foldSet), cliPartial), { seed, name: slug, out });
        const config = resolveConfig(merged, r.sources, `${file}: row "${r.row}"`, cliPartial, { set: r.set, src, index: r.index, name: r.row });
        if (fold !== undefined && config.split.protocol !== "leave-one-song-out") {
          throw new InputError(`folds: needs split.protocol "leave-one-song-out", row "${r.row}" has "${config.split.protocol}"`, {
            file,
            line: lineOf(src, ["folds"]),
          });
        }
        items.push({ row: r.row, slug, seed, ...(fold === undefined ? {} : { fold }), config });
      }
    }
  }
  const planRows = rows.map(({ row, slug }) => ({ row, slug }));
  return { name: batch.name, file, items, rows: planRows, seeds, ...(batch.folds ? { folds: batch.folds } : {}), compare: batch.compare };
}

/** The sections a batch row's `method:` file contributes; the batch keeps data, split, dataset, seed, report and out. */
export const METHOD_SECTIONS = ["model", "features", "targets", "loss", "training"] as const;

/** A row's `method:` file: its method sections after the `extends:` chain, and the files they came from. */
function methodOf(file: string, batchSrc: SourceFile, k: number): { sections: Plain; sources: SourceFile[] } {
  const where = { file: batchSrc.file, line: lineOf(batchSrc, ["rows", k, "method"]) };
  if (!existsSync(file)) throw new InputError(`rows[${k}].method: config file not found: ${file}`, where);
  const { value, sources } = readWithExtends(file);
  if ("rows" in value) throw new InputError(`rows[${k}].method: ${file} is a batch file; name a run config (e.g. configs/softdtw.yaml)`, where);
  const sections: Plain = {};
  for (const key of METHOD_SECTIONS) if (value[key] !== undefined) sections[key] = value[key];
  return { sections, sources };
}

/** Every `compare` entry names two different rows of the batch. */
function checkCompare(batch: BatchFile, src: SourceFile): void {
  const names = new Set(batch.rows.map((r) => r.row));
  batch.compare.forEach((c, k) => {
    for (const side of ["a", "b"] as const) {
      if (!names.has(c[side])) {
        throw new InputError(`compare[${k}].${side}: no row named ${JSON.stringify(c[side])} (rows: ${[...names].map((n) => JSON.stringify(n)).join(", ")})`, {
          file: src.file,
          line: lineOf(src, ["compare", k, side]),
        });
      }
    }
    if (c.a === c.b) throw new InputError(`compare[${k}]: a row compared with itself ("${c.a}")`, { file: src.file, line: lineOf(src, ["compare", k]) });
  });
}

/** The batch's base: a file, or an inline partial config that may itself `extends:` a file. */
function batchBase(base: BatchFile["base"], file: string): { value: Plain; sources: SourceFile[] } {
  if (typeof base === "string") return readWithExtends(resolve(dirname(file), base));
  const { extends: parent, ...own } = base as Plain;
  if (parent === undefined) return { value: own, sources: [] };
  if (typeof parent !== "string") throw new InputError(`base.extends must be a file path, got ${JSON.stringify(parent)}`, { file });
  const inherited = readWithExtends(resolve(dirname(file), parent));
  return { value: deepMerge(inherited.value, own), sources: inherited.sources };
}

function resolvePathLike(out: string, batchName: string): string {
  return `${out.replace(/\/+$/, "")}/${batchName}`;
}

/** `{ "loss.kind": "ctc" }` → `{ loss: { kind: "ctc" } }` (nested keys pass through). */
function expandFlatKeys(set: Plain, origin: string): Plain {
  let out: Plain = {};
  for (const [key, value] of Object.entries(set)) {
    const path = key.split(".");
    assertKnownPath(ConfigSchema, path, `${origin}: ${key}`);
    const current = path.reduce<unknown>((o, k) => (isPlain(o) ? o[k] : undefined), out);
    out = setPath(out, path, isPlain(current) && isPlain(value) ? deepMerge(current, value) : value);
  }
  return out;
}

export function slugify(row: string): string {
  const slug = row
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug || "row";
}

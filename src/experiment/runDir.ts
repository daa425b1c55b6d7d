/**
 * The run directory: `<out>/<name>/<run-id>/`, never overwritten, and its provenance record.
 * Every file in it is written atomically (temporary file + rename).
 */
import { execFileSync } from "node:child_process";
import { canonicalJson, sha256Hex } from "../util/canonicalJson.js";
import { mkdirSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import type { Config } from "../config/schema.js";
import { writeJsonAtomic } from "../util/atomicWrite.js";
import { abandonment, type HostProbe } from "../util/liveness.js";
import type { RunRecord } from "../runFolder/index.js";

export type { RunRecord, RunStatus } from "../runFolder/index.js";

/** `20261125-101530-123-s0`: sortable, readable, unique per millisecond and seed. */
export function makeRunId(now: Date, seed: number): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const d = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}`;
  const t = `${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}-${p(now.getUTCMilliseconds(), 3)}`;
  return `${d}-${t}-s${seed}`;
}

/** Creates a fresh run directory; an existing one is never reused (a suffix is added instead). */
export function createRunDir(out: string, name: string, seed: number): { dir: string; runId: string } {
  const parent = join(out, name);
  mkdirSync(parent, { recursive: true });
  const base = makeRunId(new Date(), seed);
  for (let k = 0; ; k++) {
    const runId = k === 0 ? base : `${base}-${k}`;
    const dir = join(parent, runId);
    try {
      mkdirSync(dir); // not recursive: fails if it exists, so two processes never share a folder
      return { dir, runId };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
}

/**
 * Hash of everything that changes a run's numbers: the config without `out`, `name` and `report`
 * (which only say where and how results are shown). Used to skip finished batch rows.
 */
export function configHash(config: Config): string {
  const { out: _out, name: _name, report: _report, ...rest } = config;
  return sha256Hex(canonicalJson(rest)).slice(0, 16);
}


/**
 * A RUNNING run whose process is gone is shown as FAILED ("abandoned: …"). Its run.json is
 * rewritten only when that is certain (same host, dead pid); a run of another host without a
 * heartbeat is shown as FAILED but left on disk as it is (see util/liveness.ts).
 */
export function settleAbandoned(dir: string, record: RunRecord, probe?: HostProbe): RunRecord {
  const a = abandonment(record, probe);
  if (!a) return record;
  const settled: RunRecord = { ...record, status: "FAILED", error: a.reason };
  if (a.certain) writeJsonAtomic(join(dir, "run.json"), settled);
  return settled;
}

/** The git commit of the working directory and whether it has uncommitted changes; null outside git. */
export function gitInfo(cwd = process.cwd()): RunRecord["git"] {
  // Once per process and folder: the code a batch runs cannot change under it, and two `git`
  // processes per run cost ~45 ms each (issue #11).
  let info = gitInfoByFolder.get(cwd);
  if (!info) gitInfoByFolder.set(cwd, (info = readGitInfo(cwd)));
  return { ...info };
}

const gitInfoByFolder = new Map<string, RunRecord["git"]>();

function readGitInfo(cwd: string): RunRecord["git"] {
  try {
    const opts = { cwd, stdio: ["ignore", "pipe", "ignore"] as ("ignore" | "pipe")[], encoding: "utf8" as const };
    const commit = execFileSync("git", ["rev-parse", "HEAD"], opts).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], opts).trim() !== "";
    return { commit, dirty };
  } catch {
    return { commit: null, dirty: null };
  }
}

/** Versions of Node and of the packages that determine the numbers. */
export function versions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const out: Record<string, string> = { node: process.version };
  for (const pkg of ["@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm", "fft.js", "meyda", "@alexanderolsen/libsamplerate-js"]) {
    try {
      out[pkg] = (require(`${pkg}/package.json`) as { version: string }).version;
    } catch {
      // not resolvable through exports: read it from node_modules directly
      const path = join(process.cwd(), "node_modules", pkg, "package.json");
      if (existsSync(path)) out[pkg] = (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
    }
  }
  out.chordtrain = chordtrainVersion();
  return out;
}

export function chordtrainVersion(): string {
  const require = createRequire(import.meta.url);
  for (const p of ["../../package.json", "../package.json"]) {
    try {
      const pkg = require(p) as { name?: string; version: string };
      if (pkg.name === "chordtrain") return pkg.version;
    } catch {
      /* try the next layout (src/ vs dist/) */
    }
  }
  return "unknown";
}

/**
 * `corpus.json`: what generated a corpus folder (generator version, options) and its files with
 * their sha256, so `ensureBuiltinCorpus` can tell a current corpus from a stale or broken one
 * without re-hashing audio. No timestamps: the same options give a byte-identical manifest.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Bump whenever the generated audio or labels change, so old corpora are regenerated. */
export const GENERATOR_VERSION = "2";
export const MANIFEST_FILE = "corpus.json";

export interface CorpusOptionsResolved {
  songs: number;
  /** null: each song its own length. */
  seconds: number | null;
  seed: number;
  sampleRate: number;
}

export interface ManifestFile {
  file: string;
  bytes: number;
  sha256: string;
}

export interface CorpusManifest {
  generator: { name: "chordtrain-synth"; version: string };
  options: CorpusOptionsResolved;
  songs: string[];
  files: ManifestFile[];
}

export function buildManifest(options: CorpusOptionsResolved, songs: string[], files: ManifestFile[]): CorpusManifest {
  return { generator: { name: "chordtrain-synth", version: GENERATOR_VERSION }, options, songs, files };
}

export function describeFile(file: string, content: Uint8Array | string): ManifestFile {
  const bytes = typeof content === "string" ? Buffer.byteLength(content) : content.byteLength;
  return { file, bytes, sha256: createHash("sha256").update(content).digest("hex") };
}

/** The manifest of `dir`, or undefined when missing or unreadable (both mean: regenerate). */
export function readManifest(dir: string): CorpusManifest | undefined {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as CorpusManifest;
  } catch {
    return undefined;
  }
}

/**
 * Whether `dir` holds what `options` would generate now: same generator version and options, and
 * every listed file present with its recorded size (a cheap check for deleted or truncated files).
 */
export function isCurrent(dir: string, manifest: CorpusManifest | undefined, options: CorpusOptionsResolved): boolean {
  if (!manifest || manifest.generator?.version !== GENERATOR_VERSION) return false;
  const o = manifest.options ?? {};
  const same = o.songs === options.songs && o.seconds === options.seconds && o.seed === options.seed && o.sampleRate === options.sampleRate;
  if (!same || !Array.isArray(manifest.files)) return false;
  return manifest.files.every((f) => {
    const path = join(dir, f.file);
    return existsSync(path) && statSync(path).size === f.bytes;
  });
}

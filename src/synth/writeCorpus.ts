/**
 * Writing the built-in corpus to disk (the only I/O of src/synth/).
 *
 * Atomic: everything is written into a hidden sibling folder which then replaces `dir` by
 * rename, so an interrupted generation never leaves a half corpus that later runs would load.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { encodeWav } from "../audio/encodeWav.js";
import { InputError } from "../errors.js";
import { generateSong, resolveSynthOptions } from "./generateSong.js";
import { formatLab } from "./lab.js";
import { buildManifest, describeFile, isCurrent, MANIFEST_FILE, readManifest, type CorpusOptionsResolved, type ManifestFile } from "./manifest.js";
import { SONGS } from "./songs.js";
import type { SynthOptions } from "./types.js";

export interface CorpusOptions extends SynthOptions {
  /** How many of the built-in songs (1..4, in corpus order). @default 4 */
  songs?: number;
}

export function resolveCorpusOptions(options: CorpusOptions = {}): CorpusOptionsResolved {
  const { songs = SONGS.length } = options;
  if (!Number.isInteger(songs) || songs < 1 || songs > SONGS.length) {
    throw new RangeError(`synth: songs must be an integer in 1..${SONGS.length}, got ${songs}`);
  }
  return { songs, ...resolveSynthOptions(options) };
}

/** Generates the corpus into `dir` (replacing a previous corpus there); returns the WAV and .lab paths. */
export async function writeCorpus(dir: string, options: CorpusOptions = {}): Promise<{ files: string[] }> {
  return generateInto(dir, resolveCorpusOptions(options), { keepCurrent: false });
}

/** `keepCurrent`: when an identical corpus appears in `dir` meanwhile (a parallel run), keep it. */
async function generateInto(dir: string, resolved: CorpusOptionsResolved, how: { keepCurrent: boolean }): Promise<{ files: string[] }> {
  assertReplaceable(dir);
  const staging = siblingName(dir, "tmp");
  await mkdir(staging, { recursive: true });
  try {
    const written = await writeSongs(staging, resolved);
    const songs = SONGS.slice(0, resolved.songs).map((s) => s.name);
    const manifest = buildManifest(resolved, songs, written);
    await writeFile(join(staging, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + "\n");
    await swapIn(staging, dir, resolved, how.keepCurrent);
    return { files: written.map((f) => join(dir, f.file)) };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function writeSongs(staging: string, options: CorpusOptionsResolved): Promise<ManifestFile[]> {
  const files: ManifestFile[] = [];
  for (let i = 0; i < options.songs; i++) {
    const song = generateSong(i, { seed: options.seed, sampleRate: options.sampleRate, seconds: options.seconds ?? undefined });
    const wav = encodeWav([song.samples], { sampleRate: song.sampleRate, encoding: "pcm16" });
    const lab = formatLab(song.spans);
    await writeFile(join(staging, `${song.name}.wav`), wav);
    await writeFile(join(staging, `${song.name}.lab`), lab);
    files.push(describeFile(`${song.name}.wav`, wav), describeFile(`${song.name}.lab`, lab));
  }
  return files;
}

/**
 * Generates the corpus when `dir` or its manifest is missing, or when the manifest was written by
 * another generator version, with other options, or lists a missing/truncated file.
 */
export async function ensureBuiltinCorpus(dir: string, options: CorpusOptions = {}): Promise<{ generated: boolean }> {
  const resolved = resolveCorpusOptions(options);
  if (isCurrent(dir, readManifest(dir), resolved)) return { generated: false };
  await generateInto(dir, resolved, { keepCurrent: true });
  return { generated: true };
}

/** Refuses to replace a folder that is not a corpus (e.g. `--out data` must not wipe data/). */
function assertReplaceable(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new InputError(`corpus folder ${dir} exists and is not a folder`);
  const entries = readdirSync(dir);
  if (entries.length > 0 && !entries.includes(MANIFEST_FILE)) {
    throw new InputError(`refusing to replace ${dir}: it is not empty and holds no ${MANIFEST_FILE} (not a generated corpus)`);
  }
}

/**
 * Moves the finished staging folder to `dir`; a previous corpus there is moved aside, then deleted.
 * Parallel runs may generate the same corpus at once: whoever finds it already in place keeps it,
 * so a corpus another process is reading is not pulled away needlessly.
 */
async function swapIn(staging: string, dir: string, options: CorpusOptionsResolved, keepCurrent: boolean): Promise<void> {
  await mkdir(dirname(resolve(dir)), { recursive: true });
  if (keepCurrent && isCurrent(dir, readManifest(dir), options)) return;
  const old = existsSync(dir) ? siblingName(dir, "old") : undefined;
  if (old) await rename(dir, old);
  try {
    await rename(staging, dir);
  } catch (error) {
    // Another process may have put the same corpus there in the meantime: that is as good.
    if (isCurrent(dir, readManifest(dir), options)) return;
    if (old && !existsSync(dir)) await rename(old, dir);
    throw error;
  } finally {
    if (old) await rm(old, { recursive: true, force: true });
  }
}

let siblingCounter = 0;

/** A hidden, unique sibling of `dir` (same file system, so rename is atomic). */
function siblingName(dir: string, kind: string): string {
  const abs = resolve(dir);
  return join(dirname(abs), `.${basename(abs)}.${kind}-${process.pid}-${Date.now()}-${siblingCounter++}`);
}

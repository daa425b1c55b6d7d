/**
 * loadChroma: the feature edge of the pipeline — audio file → chroma, through the on-disk cache
 * (cache.ts). The file is read once: its bytes are hashed for the key and, on a miss, decoded
 * from the same buffer.
 *
 * A corrupt, truncated or foreign cache entry is reported through `warnings` and recomputed
 * (then overwritten); a cache that cannot be written is a warning too, never a failed run.
 * Warnings raised while decoding (a truncated WAV) are stored in the entry and replayed on hits,
 * so a cached run reports the same problems as the first one.
 */
import type { AudioConfig, DataConfig, FeatureConfig } from "../config/schema.js";
import { collectWarnings, type Warnings } from "../errors.js";
import { audioFromBytes, readAudioBytes } from "../audio/readAudio.js";
import { chromaCacheKey, chromaCachePath, readChromaEntry, writeChromaEntry } from "./cache.js";
import { canonicalJson, sha256Hex } from "../util/canonicalJson.js";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { computeChroma } from "./chroma.js";
import type { Chroma } from "./types.js";

export interface LoadChromaConfig {
  audio: AudioConfig;
  features: FeatureConfig;
  data: Pick<DataConfig, "cache" | "cacheDir">;
}

export interface LoadedChroma {
  chroma: Chroma;
  fromCache: boolean;
  /** Duration of the audio file, seconds. */
  durationSec: number;
}

export async function loadChroma(audioPath: string, cfg: LoadChromaConfig, warnings?: Warnings): Promise<LoadedChroma> {
  if (!cfg.data.cache) return { ...(await extract(await readAudioBytes(audioPath), audioPath, cfg, warnings)), fromCache: false };
  // The runs of a batch load the same files: within a process an entry is reused while the file's
  // size, mtime and inode are unchanged (no re-reading and re-hashing of the audio: issue #11).
  // The cache entry must be unchanged too: a damaged entry is then found and reported as before.
  const memoKey = await fileFingerprint(audioPath, cfg);
  const memo = memoKey === undefined ? undefined : recent.get(memoKey);
  if (memo && memo.entryStamp === (await stamp(memo.entryPath))) {
    for (const m of memo.warnings) warnings?.warn(m);
    return { ...memo.loaded, fromCache: true };
  }
  const { loaded, audioWarnings, entryPath } = await loadThroughCache(audioPath, cfg, warnings);
  // only the audio's own warnings are replayed by later runs, not this load's cache trouble
  const entryStamp = await stamp(entryPath);
  if (memoKey !== undefined && entryStamp !== undefined) remember(memoKey, { loaded, warnings: audioWarnings, entryPath, entryStamp });
  return loaded;
}

/** Size, mtime and inode of a file, or undefined when it is missing. */
async function stamp(path: string): Promise<string | undefined> {
  try {
    const st = await stat(path);
    return `${st.size}:${st.mtimeMs}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/** Chroma loaded in this process, by fileFingerprint (oldest dropped beyond RECENT_MAX). */
interface Remembered {
  loaded: LoadedChroma;
  warnings: string[];
  /** The on-disk cache entry and its stamp when it was read or written. */
  entryPath: string;
  entryStamp: string;
}
const recent = new Map<string, Remembered>();
const RECENT_MAX = 512;

function remember(key: string, value: Remembered): void {
  recent.set(key, value);
  if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value as string);
}

/** Path, size, mtime, inode and the settings; undefined when the file cannot be stat'ed (the read reports it). */
async function fileFingerprint(audioPath: string, cfg: LoadChromaConfig): Promise<string | undefined> {
  const file = await stamp(audioPath);
  if (file === undefined) return undefined;
  return canonicalJson({ path: resolve(audioPath), file, audio: cfg.audio, features: cfg.features, cacheDir: resolve(cfg.data.cacheDir) });
}

async function loadThroughCache(
  audioPath: string,
  cfg: LoadChromaConfig,
  warnings: Warnings | undefined,
): Promise<{ loaded: LoadedChroma; audioWarnings: string[]; entryPath: string }> {
  const bytes = await readAudioBytes(audioPath);

  const key = chromaCacheKey(sha256Hex(bytes), cfg.audio, cfg.features);
  const path = chromaCachePath(cfg.data.cacheDir, key);
  const cached = await readChromaEntry(path, key);
  if (cached.entry) {
    for (const m of cached.entry.warnings) warnings?.warn(m);
    return { loaded: { chroma: cached.entry.chroma, durationSec: cached.entry.durationSec, fromCache: true }, audioWarnings: cached.entry.warnings, entryPath: path };
  }
  if (cached.invalidReason) {
    warnings?.warn(`${path}: invalid chroma cache entry for ${audioPath} (${cached.invalidReason}); recomputed`);
  }
  const decodeWarnings = collectWarnings();
  const fresh = await extract(bytes, audioPath, cfg, decodeWarnings);
  for (const m of decodeWarnings.messages) warnings?.warn(m);
  try {
    writeChromaEntry(path, key, { ...fresh, warnings: decodeWarnings.messages });
  } catch (err) {
    warnings?.warn(`${path}: could not write the chroma cache (${(err as Error).message})`);
  }
  return { loaded: { ...fresh, fromCache: false }, audioWarnings: decodeWarnings.messages, entryPath: path };
}

async function extract(
  bytes: Uint8Array,
  file: string,
  cfg: LoadChromaConfig,
  warnings: Warnings | undefined,
): Promise<{ chroma: Chroma; durationSec: number }> {
  const audio = await audioFromBytes(bytes, file, cfg.audio, warnings);
  return { chroma: computeChroma(audio.samples, audio.sampleRate, cfg.features), durationSec: audio.durationSec };
}

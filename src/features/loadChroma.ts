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
import { chromaCacheKey, chromaCachePath, logFreqCacheKey, logFreqCachePath, readChromaEntry, writeChromaEntry } from "./cache.js";
import { canonicalJson, sha256Hex } from "../util/canonicalJson.js";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { computeChroma } from "./chroma.js";
import { logFreqBins, logFreqSpectrogram, type LogFreqConfig, type LogFreqSpectrogram } from "./logFreq.js";
import type { Chroma } from "./types.js";

/**
 * What a front end is to the loader: how to key, place and compute its entries. The chroma and
 * the log-frequency spectrogram go through the same read/hash/cache/memo path below.
 */
interface FrontEnd {
  /** In-process memo and messages ("chroma", "log-frequency"). */
  name: string;
  /** Values per frame. */
  width: number;
  /** Settings beyond audio/features (part of the memo key). */
  extra?: unknown;
  key(audioSha256: string): string;
  path(key: string): string;
  compute(samples: Float32Array, sampleRate: number): Chroma;
}

function chromaFrontEnd(cfg: LoadChromaConfig): FrontEnd {
  return {
    name: "chroma",
    width: 12,
    key: (sha) => chromaCacheKey(sha, cfg.audio, cfg.features),
    path: (key) => chromaCachePath(cfg.data.cacheDir, key),
    compute: (samples, rate) => computeChroma(samples, rate, cfg.features),
  };
}

function logFreqFrontEnd(cfg: LoadChromaConfig, logfreq: LogFreqConfig): FrontEnd {
  return {
    name: "log-frequency",
    width: logFreqBins(logfreq),
    extra: logfreq,
    key: (sha) => logFreqCacheKey(sha, cfg.audio, cfg.features, logfreq),
    path: (key) => logFreqCachePath(cfg.data.cacheDir, key),
    compute: (samples, rate) => logFreqSpectrogram(samples, rate, cfg.features, logfreq),
  };
}

/**
 * The log-frequency spectrogram of an audio file (features/logFreq.ts), cached like the chroma
 * (same entry layout, key with every logfreq setting, `.logfreq` files in the same cacheDir).
 */
export async function loadLogFreq(
  audioPath: string,
  cfg: LoadChromaConfig,
  logfreq: LogFreqConfig,
  warnings?: Warnings,
): Promise<{ spectrogram: LogFreqSpectrogram; fromCache: boolean; durationSec: number }> {
  const loaded = await loadFeatures(audioPath, cfg, logFreqFrontEnd(cfg, logfreq), warnings);
  return { spectrogram: { ...loaded.chroma, bins: logFreqBins(logfreq) }, fromCache: loaded.fromCache, durationSec: loaded.durationSec };
}

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
  return loadFeatures(audioPath, cfg, chromaFrontEnd(cfg), warnings);
}

async function loadFeatures(audioPath: string, cfg: LoadChromaConfig, front: FrontEnd, warnings?: Warnings): Promise<LoadedChroma> {
  if (!cfg.data.cache) return { ...(await extract(await readAudioBytes(audioPath), audioPath, cfg, front, warnings)), fromCache: false };
  // The runs of a batch load the same files: within a process an entry is reused while the file's
  // size, mtime and inode are unchanged (no re-reading and re-hashing of the audio: issue #11).
  // The cache entry must be unchanged too: a damaged entry is then found and reported as before.
  const memoKey = await fileFingerprint(audioPath, cfg, front);
  const memo = memoKey === undefined ? undefined : recent.get(memoKey);
  if (memo && memo.entryStamp === (await stamp(memo.entryPath))) {
    for (const m of memo.warnings) warnings?.warn(m);
    return { ...memo.loaded, fromCache: true };
  }
  const { loaded, audioWarnings, entryPath } = await loadThroughCache(audioPath, cfg, front, warnings);
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
async function fileFingerprint(audioPath: string, cfg: LoadChromaConfig, front: FrontEnd): Promise<string | undefined> {
  const file = await stamp(audioPath);
  if (file === undefined) return undefined;
  const { name, extra } = front;
  return canonicalJson({ path: resolve(audioPath), file, audio: cfg.audio, features: cfg.features, cacheDir: resolve(cfg.data.cacheDir), front: { name, extra } });
}

async function loadThroughCache(
  audioPath: string,
  cfg: LoadChromaConfig,
  front: FrontEnd,
  warnings: Warnings | undefined,
): Promise<{ loaded: LoadedChroma; audioWarnings: string[]; entryPath: string }> {
  const bytes = await readAudioBytes(audioPath);

  const key = front.key(sha256Hex(bytes));
  const path = front.path(key);
  const cached = await readChromaEntry(path, key, front.width);
  if (cached.entry) {
    for (const m of cached.entry.warnings) warnings?.warn(m);
    return { loaded: { chroma: cached.entry.chroma, durationSec: cached.entry.durationSec, fromCache: true }, audioWarnings: cached.entry.warnings, entryPath: path };
  }
  if (cached.invalidReason) {
    warnings?.warn(`${path}: invalid ${front.name} cache entry for ${audioPath} (${cached.invalidReason}); recomputed`);
  }
  const decodeWarnings = collectWarnings();
  const fresh = await extract(bytes, audioPath, cfg, front, decodeWarnings);
  for (const m of decodeWarnings.messages) warnings?.warn(m);
  try {
    writeChromaEntry(path, key, { ...fresh, warnings: decodeWarnings.messages }, front.width);
  } catch (err) {
    warnings?.warn(`${path}: could not write the ${front.name} cache (${(err as Error).message})`);
  }
  return { loaded: { ...fresh, fromCache: false }, audioWarnings: decodeWarnings.messages, entryPath: path };
}

async function extract(
  bytes: Uint8Array,
  file: string,
  cfg: LoadChromaConfig,
  front: FrontEnd,
  warnings: Warnings | undefined,
): Promise<{ chroma: Chroma; durationSec: number }> {
  const audio = await audioFromBytes(bytes, file, cfg.audio, warnings);
  return { chroma: front.compute(audio.samples, audio.sampleRate), durationSec: audio.durationSec };
}

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
import { sha256Hex } from "../util/canonicalJson.js";
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
  const bytes = await readAudioBytes(audioPath);
  if (!cfg.data.cache) return { ...(await extract(bytes, audioPath, cfg, warnings)), fromCache: false };

  const key = chromaCacheKey(sha256Hex(bytes), cfg.audio, cfg.features);
  const path = chromaCachePath(cfg.data.cacheDir, key);
  const cached = await readChromaEntry(path, key);
  if (cached.entry) {
    for (const m of cached.entry.warnings) warnings?.warn(m);
    return { chroma: cached.entry.chroma, durationSec: cached.entry.durationSec, fromCache: true };
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
  return { ...fresh, fromCache: false };
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

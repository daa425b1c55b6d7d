/**
 * On-disk feature cache entries: one file per (audio content, audio settings, feature settings),
 * for the chroma and for the log-frequency spectrogram (same layout, its own key and extension).
 *
 * Key: sha256 over the cache format version, the sha256 of the audio file's bytes and the
 * canonical JSON (sorted keys) of the whole AudioConfig and FeatureConfig, so any setting added to
 * the schema later is keyed automatically, and renaming or moving a file keeps its entry.
 *
 * Entry layout (little-endian):
 *   "CTCHROMA" (8 bytes) | header length H (uint32) | header JSON (H bytes, UTF-8) | zero pad to a
 *   multiple of 4 | data: nFrames·12 float32, [frames][12]
 * The header carries the key, the shape and a sha256 of the data bytes, so a truncated, corrupt
 * or foreign file is detected (and the caller recomputes) instead of being read as features.
 */
import { canonicalJson, sha256Hex } from "../util/canonicalJson.js";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { AudioConfig, FeatureConfig, LogFreqConfig } from "../config/schema.js";
import { writeFileAtomic } from "../util/atomicWrite.js";
import { N_PITCH_CLASSES } from "./normalizeFrames.js";
import type { Chroma } from "./types.js";

/** Bump whenever the entry layout or the chroma computation changes meaning. */
export const CHROMA_CACHE_VERSION = 1;
const MAGIC = "CTCHROMA";
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export interface ChromaCacheEntry {
  chroma: Chroma;
  durationSec: number;
  /** Warnings raised while decoding the audio (replayed on a cache hit). */
  warnings: string[];
}

interface EntryHeader {
  version: number;
  key: string;
  nFrames: number;
  nClasses: number;
  frameRateHz: number;
  durationSec: number;
  warnings: string[];
  dataBytes: number;
  dataSha256: string;
}


export function chromaCacheKey(audioSha256: string, audio: AudioConfig, features: FeatureConfig): string {
  return sha256Hex(canonicalJson({ version: CHROMA_CACHE_VERSION, audioSha256, audio, features }));
}

export function chromaCachePath(cacheDir: string, key: string): string {
  return join(cacheDir, `${key}.chroma`);
}

/**
 * The log-frequency spectrogram's entries (features/logFreq.ts): the same layout with nClasses =
 * its bins; the key adds `frontEnd: "logfreq"` and every logfreq setting to the chroma's key
 * material, so it never equals a chroma key and any changed setting is a miss.
 */
export function logFreqCacheKey(audioSha256: string, audio: AudioConfig, features: FeatureConfig, logfreq: LogFreqConfig): string {
  return sha256Hex(canonicalJson({ version: CHROMA_CACHE_VERSION, frontEnd: "logfreq", audioSha256, audio, features, logfreq }));
}

export function logFreqCachePath(cacheDir: string, key: string): string {
  return join(cacheDir, `${key}.logfreq`);
}

/** `width`: values per frame (12 for chroma, the bins of a log-frequency spectrogram). */
export function encodeChromaEntry(key: string, entry: ChromaCacheEntry, width = N_PITCH_CLASSES): Uint8Array {
  const { chroma } = entry;
  const data = littleEndianBytes(chroma.data);
  const header: EntryHeader = {
    version: CHROMA_CACHE_VERSION,
    key,
    nFrames: chroma.nFrames,
    nClasses: width,
    frameRateHz: chroma.frameRateHz,
    durationSec: entry.durationSec,
    warnings: entry.warnings,
    dataBytes: data.length,
    dataSha256: sha256Hex(data),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const dataOffset = align4(MAGIC.length + 4 + json.length);
  const out = new Uint8Array(dataOffset + data.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, json.length, true);
  out.set(json, MAGIC.length + 4);
  out.set(data, dataOffset);
  return out;
}

export type DecodedEntry = { ok: true; entry: ChromaCacheEntry } | { ok: false; reason: string };

/** Parse and verify an entry; never throws on bad content (the reason says what was wrong). */
export function decodeChromaEntry(bytes: Uint8Array, expectedKey: string, width = N_PITCH_CLASSES): DecodedEntry {
  const fail = (reason: string): DecodedEntry => ({ ok: false, reason });
  if (bytes.length < MAGIC.length + 4) return fail(`${bytes.length} bytes, shorter than a header`);
  if (new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) return fail("bad magic");
  const jsonLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(MAGIC.length, true);
  const jsonEnd = MAGIC.length + 4 + jsonLength;
  if (jsonEnd > bytes.length) return fail("header runs past the end of the file");
  let header: EntryHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, jsonEnd))) as EntryHeader;
  } catch {
    return fail("header is not valid JSON");
  }
  if (typeof header !== "object" || header === null) return fail("header is not an object");
  if (header.version !== CHROMA_CACHE_VERSION) return fail(`format version ${header.version}`);
  if (header.key !== expectedKey) return fail("key does not match");
  if (header.nClasses !== width || header.dataBytes !== header.nFrames * width * 4) {
    return fail("header shape is inconsistent");
  }
  const dataOffset = align4(jsonEnd);
  if (bytes.length !== dataOffset + header.dataBytes) {
    return fail(`${bytes.length - dataOffset} data bytes, header says ${header.dataBytes}`);
  }
  const data = bytes.subarray(dataOffset);
  if (sha256Hex(data) !== header.dataSha256) return fail("data checksum mismatch");
  const chroma: Chroma = { data: float32FromLittleEndian(data), nFrames: header.nFrames, frameRateHz: header.frameRateHz };
  return { ok: true, entry: { chroma, durationSec: header.durationSec, warnings: header.warnings ?? [] } };
}

/** Read an entry; a missing file is a plain miss (reason undefined). */
export async function readChromaEntry(
  path: string,
  key: string,
  width = N_PITCH_CLASSES,
): Promise<{ entry?: ChromaCacheEntry; invalidReason?: string }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch {
    return {};
  }
  const decoded = decodeChromaEntry(bytes, key, width);
  return decoded.ok ? { entry: decoded.entry } : { invalidReason: decoded.reason };
}

/** Write an entry atomically (readers never see half a file, even with parallel runs). */
export function writeChromaEntry(path: string, key: string, entry: ChromaCacheEntry, width = N_PITCH_CLASSES): void {
  writeFileAtomic(path, encodeChromaEntry(key, entry, width));
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

function littleEndianBytes(data: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN_HOST) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.length * 4);
  const view = new DataView(out.buffer);
  data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

function float32FromLittleEndian(bytes: Uint8Array): Float32Array {
  const copy = new Uint8Array(bytes); // own, aligned buffer (Buffer#slice would be a view)
  if (LITTLE_ENDIAN_HOST) return new Float32Array(copy.buffer, 0, copy.length / 4);
  const view = new DataView(copy.buffer);
  return Float32Array.from({ length: copy.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
}


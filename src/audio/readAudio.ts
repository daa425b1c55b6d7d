/**
 * The audio I/O edge: read an audio file from disk, decode it to mono and resample it to the
 * analysis rate `cfg.sampleRate`. Everything after this works on in-memory arrays.
 *
 * Dispatch is by content, not extension: bytes starting with a RIFF/RF64 WAVE header go to
 * chordtrain's own WAV reader (decodeWav.ts, fast, tested on every PCM/float layout); anything
 * else goes to decodeCompressed.ts (FLAC, MP3, Ogg Vorbis/Opus, AAC, AIFF).
 */
import { readFile } from "node:fs/promises";
import type { AudioConfig } from "../config/schema.js";
import { InputError, type Warnings } from "../errors.js";
import { decodeCompressed } from "./decodeCompressed.js";
import { decodeWav } from "./decodeWav.js";
import { MAX_RESAMPLE_RATE_HZ, resample } from "./resample.js";

export interface AudioSignal {
  /** Mono samples at `sampleRate`. */
  samples: Float32Array;
  /** The analysis rate (cfg.sampleRate), Hz. */
  sampleRate: number;
  /** The file's own rate, Hz. */
  sourceRate: number;
  /** Duration of the decoded audio, seconds (from the source, before resampling). */
  durationSec: number;
}

export async function readAudio(path: string, cfg: AudioConfig, warnings?: Warnings): Promise<AudioSignal> {
  return audioFromBytes(await readAudioBytes(path), path, cfg, warnings);
}

/** Decode and resample audio bytes already in memory (`file` names them in errors). */
export async function audioFromBytes(
  bytes: Uint8Array,
  file: string,
  cfg: AudioConfig,
  warnings?: Warnings,
): Promise<AudioSignal> {
  const decoded = useWavReader(bytes, file) ? decodeWav(bytes, { file, warnings }) : await decodeCompressed(bytes, file);
  const sourceRate = decoded.sampleRate;
  if (sourceRate !== cfg.sampleRate) checkResamplable(sourceRate, cfg.sampleRate, file);
  const samples = await resample(decoded.samples, {
    fromRate: sourceRate,
    toRate: cfg.sampleRate,
    converter: cfg.resampler,
  });
  return { samples, sampleRate: cfg.sampleRate, sourceRate, durationSec: decoded.samples.length / sourceRate };
}

/**
 * WAV goes to chordtrain's own reader: a RIFF-family magic (RIFF, RIFX, RF64), or a `.wav` name
 * whatever the content, so a broken `.wav` gets the WAV reader's precise error.
 */
function useWavReader(bytes: Uint8Array, file: string): boolean {
  if (/\.wave?$/i.test(file)) return true;
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  return magic === "RIFF" || magic === "RIFX" || magic === "RF64";
}

/** The rates libsamplerate accepts (1..192 kHz, ratio within 1/256..256), as InputErrors. */
function checkResamplable(sourceRate: number, targetRate: number, file: string): void {
  if (sourceRate > MAX_RESAMPLE_RATE_HZ) {
    throw new InputError(
      `sample rate ${sourceRate} Hz cannot be resampled (the resampler accepts up to ${MAX_RESAMPLE_RATE_HZ} Hz)`,
      { file },
    );
  }
  if (targetRate > MAX_RESAMPLE_RATE_HZ) {
    throw new InputError(`audio.sampleRate ${targetRate} Hz is above the resampler's ${MAX_RESAMPLE_RATE_HZ} Hz`, { file });
  }
  const ratio = targetRate / sourceRate;
  if (ratio > 256 || ratio < 1 / 256) {
    throw new InputError(`sample rate ${sourceRate} Hz is too far from the analysis rate ${targetRate} Hz`, { file });
  }
}

/** The file's bytes; a missing or unreadable file is an InputError naming it. */
export async function readAudioBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "audio file not found" : code === "EISDIR" ? "expected an audio file, got a directory" : `cannot read audio file (${code ?? String(err)})`;
    throw new InputError(why, { file: path, cause: err });
  }
}

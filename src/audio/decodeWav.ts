/**
 * Decode a WAV file held in memory to a mono Float32Array.
 *
 * Own parser, no dependency: wav-decoder rejects WAVE_FORMAT_EXTENSIBLE (what sox and most DAWs
 * write for 24/32-bit) and is unmaintained; wavefile's sample conversion is ~5× slower than a
 * typed-array loop, and it misreads EXTENSIBLE IEEE-float files as integers. The container needs
 * ~100 lines (wavHeader.ts), the samples one tight loop per encoding (pcmToMono.ts).
 */
import { InputError, type Warnings } from "../errors.js";
import { parseWavHeader } from "./wavHeader.js";
import { pcmToMono } from "./pcmToMono.js";

export interface DecodedWav {
  sampleRate: number;
  /** Channels in the file (the samples are their average). */
  channels: number;
  /** Mono mix in [-1, 1]. */
  samples: Float32Array;
  /** `pcm8` | `pcm16` | `pcm24` | `pcm32` | `float32` | `float64` (the encodeWav names). */
  encoding: string;
  /** The fmt chunk was WAVE_FORMAT_EXTENSIBLE. */
  extensible: boolean;
  /** The data chunk declared more bytes than the file holds; what is present was decoded. */
  truncated: boolean;
}

export interface DecodeWavOptions {
  /** Named in errors and warnings. */
  file: string;
  warnings?: Warnings;
}

/**
 * Bad input throws InputError naming `opts.file`. A truncated data chunk is decoded up to the last
 * whole frame with a warning; a streamed header (data size 0xFFFFFFFF) is read to end of file.
 * Float samples are not clipped (values beyond ±1 pass through); NaN/Inf become 0 with a warning.
 */
export function decodeWav(bytes: Uint8Array, opts: DecodeWavOptions): DecodedWav {
  const header = parseWavHeader(bytes, opts.file);
  if (header.dataBytes === 0) {
    // Nothing to analyse, and every later stage would divide by a zero duration.
    const why = header.truncated ? "file ends before the first sample" : "empty 'data' chunk";
    throw new InputError(`WAV file has no samples (${why})`, { file: opts.file });
  }
  if (header.truncated) {
    const seconds = header.dataBytes / header.blockAlign / header.sampleRate;
    opts.warnings?.warn(
      `${opts.file}: WAV data chunk is truncated; decoded the ${seconds.toFixed(2)} s present`,
    );
  }
  const data = bytes.subarray(header.dataOffset, header.dataOffset + header.dataBytes);
  const samples = pcmToMono(data, header);
  if (header.encoding === "float32" || header.encoding === "float64") {
    // Float files can hold NaN/±Inf (integer ones cannot); one would poison every frame it touches.
    const replaced = zeroNonFinite(samples);
    if (replaced > 0) {
      opts.warnings?.warn(`${opts.file}: ${replaced} non-finite samples (NaN/Inf) replaced by 0`);
    }
  }
  return {
    sampleRate: header.sampleRate,
    channels: header.channels,
    samples,
    encoding: header.encoding,
    extensible: header.extensible,
    truncated: header.truncated,
  };
}

/** Replace NaN/±Inf by 0 in place; returns how many were replaced. */
function zeroNonFinite(samples: Float32Array): number {
  let count = 0;
  for (let i = 0; i < samples.length; i++) {
    // x − x is 0 for finite x and NaN for NaN/±Inf: one subtraction instead of Number.isFinite.
    if (samples[i] - samples[i] !== 0) {
      samples[i] = 0;
      count++;
    }
  }
  return count;
}

/**
 * Band-limited sample-rate conversion of a mono signal with libsamplerate (Erik de Castro Lopo's
 * Secret Rabbit Code, compiled to wasm by @alexanderolsen/libsamplerate-js). Its sinc converters
 * low-pass at the lower Nyquist rate, so nothing above toRate/2 folds back (aliases) into the band.
 *
 * Exact length: the library's `simple()` keeps output sample i at time i/toRate (no delay to
 * compensate — measured with an impulse) but returns a few samples too few at the end (19–143 at
 * 44.1→22.05 kHz for a 3-minute input, more with the better converters). We append
 * `TAIL_PAD_SEC` of silence to the input, so the filter's tail is computed rather than guessed,
 * and cut the output to exactly round(n·toRate/fromRate) samples; should it still fall short, it is
 * zero-padded.
 */
import LibSampleRate from "@alexanderolsen/libsamplerate-js";
import type { AudioConfig } from "../config/schema.js";
import { decimateByTwo } from "./halfband.js";

export type ResamplerName = AudioConfig["resampler"];

export interface ResampleOptions {
  fromRate: number;
  toRate: number;
  converter: ResamplerName;
}

/** Rates the wasm build accepts (it throws a bare string outside them). */
export const MAX_RESAMPLE_RATE_HZ = 192_000;

/** Silence appended before converting; far longer than any observed shortfall (~3 ms). */
const TAIL_PAD_SEC = 0.05;

const CONVERTER_TYPES = {
  "sinc-best": LibSampleRate.ConverterType.SRC_SINC_BEST_QUALITY,
  "sinc-medium": LibSampleRate.ConverterType.SRC_SINC_MEDIUM_QUALITY,
  "sinc-fastest": LibSampleRate.ConverterType.SRC_SINC_FASTEST,
} as const;

/** Number of samples a signal of `nSamples` at `fromRate` has at `toRate`. */
export function resampledLength(nSamples: number, fromRate: number, toRate: number): number {
  return Math.round((nSamples * toRate) / fromRate);
}

/**
 * Resample `samples` from `fromRate` to `toRate` Hz; exactly resampledLength(n) samples come back.
 * Equal rates return the input array itself (not a copy).
 */
export async function resample(samples: Float32Array, opts: ResampleOptions): Promise<Float32Array> {
  const { fromRate, toRate } = opts;
  if (fromRate === toRate) return samples;
  checkRate(fromRate, "fromRate");
  checkRate(toRate, "toRate");
  // libsamplerate's src_is_valid_ratio: 1/256 ≤ toRate/fromRate ≤ 256.
  if (toRate / fromRate > 256 || fromRate / toRate > 256) {
    throw new RangeError(`resample: ratio ${toRate}/${fromRate} is outside libsamplerate's 1/256..256`);
  }
  const outLength = resampledLength(samples.length, fromRate, toRate);
  if (samples.length === 0) return new Float32Array(0);
  if (opts.converter === "halfband") {
    // Exactly 2:1 → the halfband FIR (halfband.ts); any other ratio → libsamplerate sinc-fastest.
    if (fromRate === 2 * toRate) return decimateByTwo(samples);
    return resample(samples, { ...opts, converter: "sinc-fastest" });
  }

  const padded = new Float32Array(samples.length + Math.ceil(TAIL_PAD_SEC * fromRate));
  padded.set(samples);
  const src = await LibSampleRate.create(1, fromRate, toRate, {
    converterType: CONVERTER_TYPES[opts.converter],
  });
  let converted: Float32Array;
  try {
    converted = src.simple(padded);
  } finally {
    src.destroy();
  }
  if (converted.length >= outLength) return converted.slice(0, outLength);
  const out = new Float32Array(outLength);
  out.set(converted);
  return out;
}

function checkRate(rateHz: number, name: string): void {
  if (!Number.isFinite(rateHz) || rateHz < 1 || rateHz > MAX_RESAMPLE_RATE_HZ) {
    throw new RangeError(`resample: ${name} must be in 1..${MAX_RESAMPLE_RATE_HZ} Hz, got ${rateHz}`);
  }
}

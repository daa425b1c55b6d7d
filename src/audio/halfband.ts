/**
 * Exact 2:1 decimation (44.1 → 22.05 kHz, 48 → 24 kHz) with a linear-phase halfband FIR: the
 * ideal low-pass at a quarter of the input rate, h[n] = ½·sinc(n/2), windowed (Blackman) to
 * n = −63…63 and scaled to unit DC gain, then every 2nd output kept. Every even tap but the
 * centre is zero, so one output costs 32 multiply-adds of symmetric pairs (Crochiere & Rabiner,
 * "Multirate Digital Signal Processing", 1983, §4.4 on halfband filters).
 *
 * Why: a CD-rate song spends most of its feature time in libsamplerate (sinc-fastest ≈ 2 s CPU
 * for 4 minutes here, against ≈ 1.2 s to decode the FLAC and 0.2 s for chroma); this is ≈ 5×
 * faster. Pass band flat to ~9 kHz, −74 dB from ~12 kHz (Blackman); chroma pools only up to
 * MIDI 108 (4.2 kHz), so it matches libsamplerate's features closely (test/audio/halfband.test.ts).
 *
 * Output sample k sits at input sample 2k (time k/toRate, no delay, like resample.ts), the signal
 * is taken as zero outside its ends, and the length is round(n/2) as resampledLength gives.
 */

/** Half-length of the filter: taps −HALF_TAPS…HALF_TAPS (127 in all). */
const HALF_TAPS = 63;

/** Odd-index taps h[1], h[3], …, h[63] (h[−m] = h[m]) and the centre tap h[0]. */
function designHalfband(): { centre: number; odd: Float64Array } {
  const blackman = (n: number) => {
    const x = (Math.PI * n) / (HALF_TAPS + 1);
    return 0.42 + 0.5 * Math.cos(x) + 0.08 * Math.cos(2 * x);
  };
  const odd = new Float64Array((HALF_TAPS + 1) / 2);
  let sum = 0.5; // centre: ½·sinc(0)·w(0) = ½
  for (let i = 0; i < odd.length; i++) {
    const m = 2 * i + 1;
    odd[i] = (Math.sin((Math.PI * m) / 2) / (Math.PI * m)) * blackman(m);
    sum += 2 * odd[i];
  }
  for (let i = 0; i < odd.length; i++) odd[i] /= sum;
  return { centre: 0.5 / sum, odd };
}

const FILTER = designHalfband();

/** `samples` at rate r → round(n/2) samples at rate r/2, band-limited to r/4. */
export function decimateByTwo(samples: Float32Array): Float32Array {
  const n = samples.length;
  const outLength = Math.round(n / 2);
  const { centre, odd } = FILTER;
  // Zero margins on both sides, so the inner loop needs no bounds checks.
  const padded = new Float32Array(n + 2 * HALF_TAPS + 2);
  padded.set(samples, HALF_TAPS);
  const out = new Float32Array(outLength);
  const taps = odd.length;
  for (let k = 0; k < outLength; k++) {
    const c = 2 * k + HALF_TAPS;
    let acc = centre * padded[c];
    for (let i = 0; i < taps; i++) {
      const m = 2 * i + 1;
      acc += odd[i] * (padded[c - m] + padded[c + m]);
    }
    out[k] = acc;
  }
  return out;
}

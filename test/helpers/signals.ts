/**
 * Test signals synthesised in code: sine tones, harmonic tones and chords by MIDI pitch, and a
 * single-frequency amplitude probe. Deterministic (no randomness) so every test is reproducible.
 */

/** Equal temperament, A4 = MIDI 69 = 440 Hz. */
export function midiToHz(midi: number): number {
  return 440 * 2 ** ((midi - 69) / 12);
}

export interface ToneOptions {
  sampleRate: number;
  durationSec: number;
  /** Peak amplitude of the sum (default 0.5). */
  amplitude?: number;
  /** Start phase in radians (default 0). */
  phase?: number;
}

/** A sine at `freqHz`. */
export function sineTone(freqHz: number, opts: ToneOptions): Float32Array {
  const n = Math.round(opts.durationSec * opts.sampleRate);
  const out = new Float32Array(n);
  const amp = opts.amplitude ?? 0.5;
  const w = (2 * Math.PI * freqHz) / opts.sampleRate;
  const phase = opts.phase ?? 0;
  for (let i = 0; i < n; i++) out[i] = amp * Math.sin(w * i + phase);
  return out;
}

/**
 * A harmonic tone: partials k = 1..nHarmonics with amplitude 1/k (a sawtooth-like spectrum),
 * partials above the Nyquist frequency left out, scaled so the peak of the sum is ≤ amplitude.
 */
export function harmonicTone(midi: number, opts: ToneOptions & { nHarmonics?: number }): Float32Array {
  const f0 = midiToHz(midi);
  const nHarmonics = opts.nHarmonics ?? 6;
  const n = Math.round(opts.durationSec * opts.sampleRate);
  const out = new Float32Array(n);
  let weightSum = 0;
  for (let k = 1; k <= nHarmonics && k * f0 < opts.sampleRate / 2; k++) {
    addSine(out, k * f0, 1 / k, opts.sampleRate);
    weightSum += 1 / k;
  }
  scaleInPlace(out, (opts.amplitude ?? 0.5) / weightSum);
  return out;
}

/** A chord: the sum of harmonic tones of the given MIDI pitches, peak ≤ amplitude. */
export function chord(midis: number[], opts: ToneOptions & { nHarmonics?: number }): Float32Array {
  const n = Math.round(opts.durationSec * opts.sampleRate);
  const out = new Float32Array(n);
  for (const m of midis) {
    const t = harmonicTone(m, { ...opts, amplitude: 1 });
    for (let i = 0; i < n; i++) out[i] += t[i];
  }
  scaleInPlace(out, (opts.amplitude ?? 0.5) / midis.length);
  return out;
}

/**
 * Amplitude of the component at `freqHz` (a single-bin DFT with a Hann window over the middle
 * of the signal, normalised so a sine of amplitude A reads ≈ A).
 */
export function amplitudeAt(samples: Float32Array, freqHz: number, sampleRate: number): number {
  const n = Math.min(samples.length, 1 << 15);
  const start = Math.floor((samples.length - n) / 2);
  let re = 0;
  let im = 0;
  let windowSum = 0;
  for (let i = 0; i < n; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
    const x = samples[start + i] * w;
    const phi = (2 * Math.PI * freqHz * (start + i)) / sampleRate;
    re += x * Math.cos(phi);
    im -= x * Math.sin(phi);
    windowSum += w;
  }
  return (2 * Math.hypot(re, im)) / windowSum;
}

function addSine(out: Float32Array, freqHz: number, amplitude: number, sampleRate: number): void {
  const w = (2 * Math.PI * freqHz) / sampleRate;
  for (let i = 0; i < out.length; i++) out[i] += amplitude * Math.sin(w * i);
}

function scaleInPlace(out: Float32Array, s: number): void {
  for (let i = 0; i < out.length; i++) out[i] *= s;
}

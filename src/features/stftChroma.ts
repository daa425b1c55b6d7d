/**
 * STFT chroma (the default backend): Hann-windowed frames → fft.js FFT → power spectrum
 * |X_k|² → log compression log(1 + η·|X_k|²) per bin → sum of the bins of each pitch class.
 *
 * This is libfmp's `compute_chromagram(version="STFT")` (FMP §3.1.1/§5.2): X is the
 * unnormalised DFT (numpy/librosa scaling, no 1/N), and the log is applied to the power spectrum
 * *before* pooling, so η = 0.1 means what it meant in the study. Pooling is a hard bin→class
 * assignment (pitchClassMap.ts) rather than librosa's Gaussian filter bank (that is `meyda`).
 *
 * Known limit: at 22050 Hz / 4096 points the bins are 5.38 Hz apart while a semitone at MIDI 36
 * (65.4 Hz) is 3.9 Hz wide, so the lowest notes' energy spreads over bins that round to
 * neighbouring pitches (see test/features/stftChroma.test.ts for what is guaranteed).
 */
import FFT from "fft.js";
import type { FeatureConfig } from "../config/schema.js";
import { fillFrame, frameCount, hannWindow } from "./framing.js";
import { normalizeFrames, N_PITCH_CLASSES } from "./normalizeFrames.js";
import { pitchClassMap, type PitchClassMap } from "./pitchClassMap.js";
import type { Chroma } from "./types.js";

/** cfg is validated by computeChroma (power-of-two window, minMidi ≤ maxMidi). */
export function stftChroma(samples: Float32Array, sampleRate: number, cfg: FeatureConfig): Chroma {
  const { windowLength, hopLength } = cfg;
  const nFrames = frameCount(samples.length, hopLength);
  const data = new Float32Array(nFrames * N_PITCH_CLASSES); // [frames][12]
  const window = hannWindow(windowLength);
  const map = pitchClassMap({ ...cfg, windowLength, sampleRate });
  const fft = new FFT(windowLength);
  // Two real frames per complex FFT (see poolFramePair); one typed-array type throughout keeps
  // fft.js's loops monomorphic.
  const packed = new Float64Array(2 * windowLength); // z = a + i·b, interleaved re, im
  const spectrum = new Float64Array(2 * windowLength);

  for (let n = 0; n < nFrames; n += 2) {
    const hasSecond = n + 1 < nFrames;
    fillFrame(samples, n * hopLength, window, packed, 0, 2);
    if (hasSecond) fillFrame(samples, (n + 1) * hopLength, window, packed, 1, 2);
    else for (let i = 1; i < packed.length; i += 2) packed[i] = 0;
    fft.transform(spectrum, packed);
    poolFramePair(spectrum, map, cfg.logCompression, data, n, hasSecond);
  }
  normalizeFrames(data, cfg.normalization, cfg.normFloor);
  return { data, nFrames, frameRateHz: sampleRate / hopLength };
}

/**
 * Split the spectrum Z of z = a + i·b (a, b real frames n and n+1) and pool both into classes.
 * For real a, b: A_k = (Z_k + conj Z_{N−k})/2 and B_k = (Z_k − conj Z_{N−k})/(2i) (Numerical
 * Recipes §12.3, "two real FFTs for the price of one"), so
 *   |A_k|² = |Z_k + conj Z_{N−k}|²/4,  |B_k|² = |Z_k − conj Z_{N−k}|²/4.
 * Measured ~12 % faster than one fft.js realTransform per frame; equal to it within 1e-6 relative.
 */
function poolFramePair(
  spectrum: Float64Array,
  map: PitchClassMap,
  eta: number,
  data: Float32Array, // [frames][12]
  n: number,
  hasSecond: boolean,
): void {
  const N = spectrum.length / 2;
  const { firstBin, pitchClass } = map;
  const baseA = n * N_PITCH_CLASSES;
  const baseB = baseA + N_PITCH_CLASSES;
  for (let i = 0; i < pitchClass.length; i++) {
    const k = firstBin + i;
    const zr = spectrum[2 * k];
    const zi = spectrum[2 * k + 1];
    const cr = spectrum[2 * (N - k)]; // conj Z_{N−k} = (cr, −ci)
    const ci = spectrum[2 * (N - k) + 1];
    const powerA = 0.25 * ((zr + cr) * (zr + cr) + (zi - ci) * (zi - ci));
    data[baseA + pitchClass[i]] += eta > 0 ? Math.log1p(eta * powerA) : powerA;
    if (!hasSecond) continue;
    const powerB = 0.25 * ((zr - cr) * (zr - cr) + (zi + ci) * (zi + ci));
    data[baseB + pitchClass[i]] += eta > 0 ? Math.log1p(eta * powerB) : powerB;
  }
}

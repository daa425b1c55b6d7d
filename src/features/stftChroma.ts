/**
 * STFT chroma (the default backend): Hann-windowed frames → fft.js real FFT → power spectrum
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
import { pitchClassMap } from "./pitchClassMap.js";
import type { Chroma } from "./types.js";

/** cfg is validated by computeChroma (power-of-two window, minMidi ≤ maxMidi). */
export function stftChroma(samples: Float32Array, sampleRate: number, cfg: FeatureConfig): Chroma {
  const { windowLength, hopLength } = cfg;
  const nFrames = frameCount(samples.length, hopLength);
  const data = new Float32Array(nFrames * N_PITCH_CLASSES); // [frames][12]
  const window = hannWindow(windowLength);
  const { firstBin, pitchClass } = pitchClassMap({ ...cfg, windowLength, sampleRate });
  const fft = new FFT(windowLength);
  // Typed arrays of one type only: fft.js's loops stay monomorphic (~30 % faster, measured).
  const frame = new Float64Array(windowLength);
  const spectrum = new Float64Array(2 * windowLength); // interleaved re, im; bins 0..N/2 used
  const eta = cfg.logCompression;
  const classSums = new Float64Array(N_PITCH_CLASSES);

  for (let n = 0; n < nFrames; n++) {
    fillFrame(samples, n * hopLength, window, frame);
    fft.realTransform(spectrum, frame);
    classSums.fill(0);
    for (let i = 0; i < pitchClass.length; i++) {
      const re = spectrum[2 * (firstBin + i)];
      const im = spectrum[2 * (firstBin + i) + 1];
      const power = re * re + im * im;
      classSums[pitchClass[i]] += eta > 0 ? Math.log1p(eta * power) : power;
    }
    data.set(classSums, n * N_PITCH_CLASSES);
  }
  normalizeFrames(data, cfg.normalization, cfg.normFloor);
  return { data, nFrames, frameRateHz: sampleRate / hopLength };
}

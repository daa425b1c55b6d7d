/**
 * The `meyda` chroma backend: meyda's STFT magnitude and its chroma filter bank (Ellis's
 * chromagram_E, as librosa.filters.chroma: Gaussian log-frequency filters per pitch class,
 * octave weighting centred on C5, width 2 octaves), with the same framing, log compression and
 * normalisation as `stft`. This is the closest to the study's features: libfmp computes
 * log(1 + η·|X|²) and hands it to librosa's `chroma_stft` (the same filter bank) — so we call
 * meyda's `amplitudeSpectrum`, square and compress it, and apply `Meyda.chromaFilterBank`
 * ourselves, instead of meyda's `chroma` extractor, which pools the *magnitude* and max-normalises
 * every frame before any compression could be applied.
 *
 * Differences from librosa: bins outside MIDI minMidi..maxMidi are dropped as in `stft` (set 0 and
 * 127 for librosa's full range); meyda's Hann window is the symmetric one (N−1 in the cosine).
 *
 * meyda is a mutable singleton with three traps this file guards (measured, meyda 5.6.3):
 * 1. defaults bufferSize 512 / sampleRate 44100 — both are set before every use;
 * 2. the chroma filter bank is cached on the singleton and rebuilt only when `chromaBands`
 *    changes, so after a change of bufferSize or sampleRate it is silently stale (all-NaN chroma)
 *    — it is deleted before every use, so the first extract of the call rebuilds it;
 * 3. frames must be a power of two — computeChroma checks windowLength first (InputError).
 */
import { createRequire } from "node:module";
import type { FeatureConfig } from "../config/schema.js";
import { copyFrame, frameCount } from "./framing.js";
import { normalizeFrames, N_PITCH_CLASSES } from "./normalizeFrames.js";
import { pitchClassMap } from "./pitchClassMap.js";
import type { Chroma } from "./types.js";

/** The part of meyda's singleton we touch (its .d.ts does not declare chromaFilterBank). */
interface MeydaSingleton {
  bufferSize: number;
  sampleRate: number;
  chromaBands: number;
  windowingFunction: string;
  chromaFilterBank?: number[][];
  extract(feature: "amplitudeSpectrum", signal: Float32Array): Float32Array;
}

const requireHere = createRequire(import.meta.url);
let singleton: MeydaSingleton | undefined;

/**
 * meyda, loaded with require() on the first `meyda` chroma: importing the features (chordtrain/features)
 * or the library does not load it. The same module instance as an `import` of meyda elsewhere.
 */
function meyda(): MeydaSingleton {
  if (singleton === undefined) {
    // meyda's `main` is CommonJS (`module.exports = Meyda`) but its types say `export default`.
    const moduleValue = requireHere("meyda") as MeydaSingleton & { default?: MeydaSingleton };
    singleton = moduleValue.default ?? moduleValue;
  }
  return singleton;
}

/** cfg is validated by computeChroma (power-of-two window, minMidi ≤ maxMidi). */
export function meydaChroma(samples: Float32Array, sampleRate: number, cfg: FeatureConfig): Chroma {
  const { windowLength, hopLength } = cfg;
  const Meyda = meyda();
  configureMeyda(windowLength, sampleRate);
  const nFrames = frameCount(samples.length, hopLength);
  const data = new Float32Array(nFrames * N_PITCH_CLASSES); // [frames][12]
  const { firstBin, pitchClass } = pitchClassMap({ ...cfg, windowLength, sampleRate });
  // meyda's amplitude spectrum stops one bin short of Nyquist (bins 0..N/2−1).
  const nBins = Math.min(pitchClass.length, windowLength / 2 - firstBin);
  const frame = new Float32Array(windowLength);
  const compressed = new Float64Array(nBins);
  const eta = cfg.logCompression;
  let bank: Float64Array | undefined; // [12][nBins], from the first extract of this call

  for (let n = 0; n < nFrames; n++) {
    copyFrame(samples, n * hopLength, frame);
    const amplitude = Meyda.extract("amplitudeSpectrum", frame); // meyda applies its Hann window
    bank ??= filterBankSlice(firstBin, nBins);
    for (let i = 0; i < nBins; i++) {
      const power = amplitude[firstBin + i] ** 2;
      compressed[i] = eta > 0 ? Math.log1p(eta * power) : power;
    }
    for (let c = 0; c < N_PITCH_CLASSES; c++) {
      let sum = 0;
      for (let i = 0, row = c * nBins; i < nBins; i++) sum += bank[row + i] * compressed[i];
      data[n * N_PITCH_CLASSES + c] = sum;
    }
  }
  normalizeFrames(data, cfg.normalization, cfg.normFloor);
  return { data, nFrames, frameRateHz: sampleRate / hopLength };
}

/** Guard traps 1 and 2: set the frame size and rate, and drop the cached filter bank. */
function configureMeyda(windowLength: number, sampleRate: number): void {
  const Meyda = meyda();
  Meyda.bufferSize = windowLength;
  Meyda.sampleRate = sampleRate;
  Meyda.chromaBands = N_PITCH_CLASSES;
  Meyda.windowingFunction = "hanning";
  delete Meyda.chromaFilterBank;
}

/** Rows 0..11 (C..B) of meyda's chroma filter bank, columns firstBin..firstBin+nBins−1. */
function filterBankSlice(firstBin: number, nBins: number): Float64Array {
  const full = meyda().chromaFilterBank;
  if (!full || full.length !== N_PITCH_CLASSES) {
    throw new Error("meyda did not build its chroma filter bank (meyda version changed?)");
  }
  const out = new Float64Array(N_PITCH_CLASSES * nBins);
  for (let c = 0; c < N_PITCH_CLASSES; c++) {
    for (let i = 0; i < nBins; i++) {
      const w = full[c][firstBin + i] ?? 0;
      if (!Number.isFinite(w)) throw new Error(`meyda's chroma filter bank holds ${w} (stale cache?)`);
      out[c * nBins + i] = w;
    }
  }
  return out;
}

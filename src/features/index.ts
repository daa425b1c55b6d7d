/**
 * Chroma features of mono samples (the `chordtrain/features` entry point): fft.js and pitch-class
 * pooling (`stft`) or meyda's chroma filter bank (`meyda`, loaded on first use); and the
 * log-frequency spectrogram of the context network's `input: logfreq` (logFreq.ts). Reading audio
 * files and the on-disk feature cache (loadChroma.ts) are not exported here: they load the audio
 * decoders. Every FeatureConfig key is required here (the config schema, with its defaults, is
 * exported by the main entry point as `ConfigSchema`; loading it here would load zod).
 */
export { computeChroma, checkFeatureConfig } from "./chroma.js";
export { stftChroma } from "./stftChroma.js";
export { meydaChroma } from "./meydaChroma.js";
export { logFreqSpectrogram, logFreqFilterbank, logFreqBins, logFreqCentre, shiftLogFreq, type LogFreqSpectrogram, type LogFreqFilterbank } from "./logFreq.js";
export { frameEnergyDb, SILENT_DB } from "./energy.js";
export { frameCount, hannWindow } from "./framing.js";
export { normalizeFrames, N_PITCH_CLASSES } from "./normalizeFrames.js";
export { midiOfBin, pitchClassMap, type PitchClassMap, type PitchClassMapOptions } from "./pitchClassMap.js";
export type { Chroma } from "./types.js";
export type { FeatureConfig } from "../config/schema.js";

/**
 * computeChroma: the one entry point for chroma features; checks the feature settings against
 * the signal's rate, then dispatches on `cfg.chroma` (`stft` | `meyda`).
 */
import type { FeatureConfig } from "../config/schema.js";
import { InputError } from "../errors.js";
import { isPowerOfTwo } from "./framing.js";
import { meydaChroma } from "./meydaChroma.js";
import { pitchClassMap } from "./pitchClassMap.js";
import { stftChroma } from "./stftChroma.js";
import type { Chroma } from "./types.js";

/**
 * Chromagram of mono `samples` at `sampleRate` Hz: frame n is centred at n·hopLength/sampleRate
 * seconds, 1 + ⌊samples.length/hopLength⌋ frames, each normalised per cfg.normalization.
 */
export function computeChroma(samples: Float32Array, sampleRate: number, cfg: FeatureConfig): Chroma {
  checkFeatureConfig(cfg, sampleRate);
  return cfg.chroma === "meyda" ? meydaChroma(samples, sampleRate, cfg) : stftChroma(samples, sampleRate, cfg);
}

/** Settings the schema cannot check alone (they depend on each other or on the sample rate). */
export function checkFeatureConfig(cfg: FeatureConfig, sampleRate: number): void {
  if (!isPowerOfTwo(cfg.windowLength)) {
    throw new InputError(
      `features.windowLength must be a power of two (the FFT needs it), got ${cfg.windowLength}`,
    );
  }
  if (cfg.minMidi > cfg.maxMidi) {
    throw new InputError(`features.minMidi (${cfg.minMidi}) must not exceed features.maxMidi (${cfg.maxMidi})`);
  }
  const map = pitchClassMap({ ...cfg, sampleRate });
  if (map.pitchClass.length === 0) {
    throw new InputError(
      `no FFT bin of a ${cfg.windowLength}-point window at ${sampleRate} Hz falls in MIDI ${cfg.minMidi}..${cfg.maxMidi}`,
    );
  }
}

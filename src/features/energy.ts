/**
 * Frame energy on the chroma frame grid, for no-chord detection: the RMS of the Hann-windowed
 * frame centred on sample n·hopLength (framing.ts, the same frames as the chroma), in dB relative
 * to the loudest frame of the signal. Relative, so the gain of a recording does not matter.
 */
import type { FeatureConfig } from "../config/schema.js";
import { fillFrame, frameCount, hannWindow } from "./framing.js";

/** Level of an all-zero frame (or of every frame of an all-zero signal), dB. */
export const SILENT_DB = -Infinity;

/** [frames] dB re the loudest frame (0 dB); an all-zero frame is −Infinity. */
export function frameEnergyDb(samples: Float32Array, cfg: Pick<FeatureConfig, "windowLength" | "hopLength">): Float64Array {
  const nFrames = frameCount(samples.length, cfg.hopLength);
  const window = hannWindow(cfg.windowLength);
  const frame = new Float64Array(cfg.windowLength);
  const power = new Float64Array(nFrames);
  let loudest = 0;
  for (let n = 0; n < nFrames; n++) {
    fillFrame(samples, n * cfg.hopLength, window, frame);
    let sum = 0;
    for (let i = 0; i < frame.length; i++) sum += frame[i] * frame[i];
    power[n] = sum;
    if (sum > loudest) loudest = sum;
  }
  const out = new Float64Array(nFrames);
  for (let n = 0; n < nFrames; n++) out[n] = power[n] > 0 ? 10 * Math.log10(power[n] / loudest) : SILENT_DB;
  return out;
}

/**
 * Per-frame normalisation of a chromagram, in place.
 *
 * - `l2`: c / ‖c‖₂; a frame with ‖c‖₂ < floor (silence) becomes the uniform unit vector 1/√12
 *   (libfmp `normalize_feature(X, norm='2', threshold=0.0001)`, the study's setting).
 * - `max`: c / max(c); a frame with max(c) < floor becomes all ones — the uniform vector with the
 *   same max-norm 1, by the same rule as l2.
 * - `none`: unchanged.
 */
import type { FeatureConfig } from "../config/schema.js";

export const N_PITCH_CLASSES = 12;

export function normalizeFrames(
  data: Float32Array, // [frames][width]
  kind: FeatureConfig["normalization"],
  floor: number,
  width = N_PITCH_CLASSES, // values per frame (the log-frequency spectrogram: its bins)
): void {
  if (kind === "none") return;
  const uniform = kind === "l2" ? 1 / Math.sqrt(width) : 1;
  for (let base = 0; base < data.length; base += width) {
    let norm = 0;
    if (kind === "l2") {
      for (let c = 0; c < width; c++) norm += data[base + c] * data[base + c];
      norm = Math.sqrt(norm);
    } else {
      for (let c = 0; c < width; c++) norm = Math.max(norm, data[base + c]);
    }
    if (norm < floor) {
      data.fill(uniform, base, base + width);
    } else {
      const inv = 1 / norm;
      for (let c = 0; c < width; c++) data[base + c] *= inv;
    }
  }
}

/**
 * Planted data: segments whose chroma is generated from known chord templates, so a trained
 * model can be checked against the truth. Deterministic (createRng).
 */
import type { Segment } from "../../src/dataset/types.js";
import { expandTemplates } from "../../src/model/dchord.js";
import { createRng } from "../../src/util/random.js";

/** A non-binary major template rooted at C (root > fifth > third, a little leakage). */
export const PLANTED_MAJOR = [1, 0, 0.05, 0, 0.6, 0, 0, 0.8, 0, 0.05, 0, 0.1];
export const PLANTED_MINOR = [1, 0, 0.05, 0.6, 0, 0, 0, 0.8, 0.1, 0, 0.05, 0];

export interface PlantOptions {
  segments: number;
  frames: number;
  seed: number;
  /** Std. dev. of the Gaussian noise added to every chroma value. */
  noise?: number;
  /** Mean chord duration in frames. */
  meanDuration?: number;
  /** Probability that a chord is minor. */
  minorShare?: number;
  /** Fraction of segments that are silent no-chord segments. */
  emptyShare?: number;
  song?: string;
}

export function plantedSegments(opts: PlantOptions): Segment[] {
  const rng = createRng(opts.seed, 7);
  const templates = expandTemplates(PLANTED_MAJOR, PLANTED_MINOR);
  const { frames } = opts;
  const out: Segment[] = [];
  for (let s = 0; s < opts.segments; s++) {
    const labels = new Int16Array(frames);
    const empty = rng.next() < (opts.emptyShare ?? 0);
    let n = 0;
    while (n < frames) {
      const chord = empty ? -1 : rng.int(12) + (rng.next() < (opts.minorShare ?? 0.3) ? 12 : 0);
      const duration = 2 + rng.int(2 * (opts.meanDuration ?? 15) - 3);
      labels.fill(chord, n, Math.min(frames, n + duration));
      n += duration;
    }
    const chroma = new Float32Array(frames * 12);
    for (let t = 0; t < frames; t++) {
      for (let k = 0; k < 12; k++) {
        const clean = labels[t] < 0 ? 0.02 : templates[labels[t]][k];
        chroma[t * 12 + k] = Math.max(0, clean + (opts.noise ?? 0.1) * rng.normal());
      }
    }
    out.push({
      song: opts.song ?? `song${s % 4}`,
      index: s,
      startFrame: s * frames,
      startSec: (s * frames) / 10,
      frameRateHz: 10,
      chroma,
      labels,
      trainLabels: labels,
    });
  }
  return out;
}

/** Shared helpers of the chroma tests: default feature settings and frame inspection. */
import { FeatureSchema, type FeatureConfig } from "../../src/config/schema.js";
import type { Chroma } from "../../src/features/types.js";

export const SR = 22050;

export function features(overrides: Partial<FeatureConfig> = {}): FeatureConfig {
  return FeatureSchema.parse(overrides);
}

export function frameOf(chroma: Chroma, n: number): number[] {
  return Array.from(chroma.data.subarray(n * 12, n * 12 + 12));
}

export function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}

/** Pitch classes of the k largest values, ascending. */
export function topClasses(v: number[], k: number): number[] {
  return v
    .map((x, i) => [x, i] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, k)
    .map(([, i]) => i)
    .sort((a, b) => a - b);
}

/** Frames whose window lies entirely inside a signal of nSamples (no edge effects). */
export function interiorFrames(chroma: Chroma, nSamples: number, windowLength: number, hopLength: number): number[] {
  const out: number[] = [];
  for (let n = 0; n < chroma.nFrames; n++) {
    const start = n * hopLength - windowLength / 2;
    if (start >= 0 && start + windowLength <= nSamples) out.push(n);
  }
  // A test looping over no frame would pass vacuously.
  if (out.length === 0) throw new Error(`no interior frame in ${nSamples} samples`);
  return out;
}

export function cosine(a: number[], b: number[]): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
}

/** Float64 references of dChord written from the formulas (report §3.2), shared by the model tests. */
import { createRng } from "../../src/util/random.js";

/** Float64 reference of dChord's forward pass, written from the formulas (report §3.2). */
export function referenceLogits(x: Float64Array, frames: number, w: { logGain: number; templates: number[][]; blank?: number }, temperature = 1): number[][] {
  const g = Math.exp(w.logGain);
  const out: number[][] = [];
  for (let n = 0; n < frames; n++) {
    const z = Array.from({ length: 12 }, (_, k) => Math.log(1 + g * x[n * 12 + k]));
    const norm = Math.hypot(...z);
    const zn = norm < 1e-4 ? z.map(() => 1 / Math.sqrt(12)) : z.map((v) => v / norm);
    const scores = w.templates.map((row) => row.reduce((s, wk, k) => s + wk * zn[k], 0));
    if (w.blank !== undefined) scores.push(w.blank);
    out.push(scores.map((s) => s / temperature));
  }
  return out;
}

export function softmax(row: number[]): number[] {
  const max = Math.max(...row);
  const e = row.map((v) => Math.exp(v - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

export function randomChroma(frames: number, seed: number): Float32Array {
  const rng = createRng(seed, 0);
  const x = new Float32Array(frames * 12).map(() => rng.next());
  x.fill(0, 0, 12); // a silent frame → uniform vector
  for (let k = 0; k < 12; k++) x[12 + k] = 1e-6; // a frame below the norm floor
  return x;
}


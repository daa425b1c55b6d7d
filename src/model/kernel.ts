/**
 * dChord's forward and backward pass in plain float64 JavaScript (the math of forward.ts's module
 * comment), on row-major typed arrays. The tfjs op in forward.ts runs these.
 *
 * Why not tfjs kernels: the model has 25 parameters and its step is ~20 small kernels forward and
 * ~20 backward, each with ~20–30 µs of fixed cost on wasm; this loop does a 5 × 150-frame batch in
 * a fraction of that (bench/training.bench.ts). Float64 throughout; the results are rounded to
 * float32 only where they become tensors.
 */
import { NUM_CHORDS } from "../annotations/chordClasses.js";

const K = 12;
/** libfmp's normalisation threshold. */
export const NORM_FLOOR = 1e-4;
const FLOOR_SQ = NORM_FLOOR * NORM_FLOOR;
const UNIFORM = 1 / Math.sqrt(K);

/** The parameters as numbers: W already divided by the temperature. */
export interface KernelParameters {
  logGain: number;
  /** [24][12] W/τ (row c: the template of chord c). */
  w: Float64Array;
  /** The blank's logit divided by τ, when the model has a blank (output 24). */
  blank?: number;
}

/** What the backward pass needs from the forward pass, per frame. */
export interface ForwardState {
  frames: number;
  /** [F][12] g·x. */
  u: Float64Array;
  /** [F][12] the normalised log-compressed chroma ẑ. */
  zn: Float64Array;
  /** [F] 1/‖z‖, or 0 on frames below the floor (ẑ uniform, no gradient through z). */
  scale: Float64Array;
}

/** Gradients of the loss w.r.t. logGain, W/τ ([24][12]) and blank/τ. */
export interface KernelGradients {
  logGain: number;
  w: Float64Array;
  blank: number;
}

/** W[c][k]/τ from the shared major/minor templates (rooted at C) or from [24][12] templates. */
export function scaledTemplates(
  p: { major?: ArrayLike<number>; minor?: ArrayLike<number>; templates?: ArrayLike<number> },
  invT: number,
): Float64Array {
  const w = new Float64Array(NUM_CHORDS * K);
  for (let c = 0; c < NUM_CHORDS; c++) {
    for (let k = 0; k < K; k++) {
      const v = p.templates ? p.templates[c * K + k] : sharedSource(p.major!, p.minor!, k, c);
      w[c * K + k] = v * invT;
    }
  }
  return w;
}

/** W[c][k] of the shared construction: the major (c < 12) or minor template shifted to root c mod 12. */
function sharedSource(major: ArrayLike<number>, minor: ArrayLike<number>, k: number, c: number): number {
  const v = c < K ? major : minor;
  return v[(k - (c % K) + K) % K];
}

/** Writes the logits [F][24|25] of chroma x [F][12] into `logits`; returns the state for backward. */
export function dchordForward(x: Float32Array, frames: number, p: KernelParameters, logits: Float64Array): ForwardState {
  const outputs = NUM_CHORDS + (p.blank === undefined ? 0 : 1);
  const gain = Math.exp(p.logGain);
  const u = new Float64Array(frames * K);
  const zn = new Float64Array(frames * K);
  const scale = new Float64Array(frames);
  const { w } = p;
  for (let f = 0; f < frames; f++) {
    const row = f * K;
    let sumSq = 0;
    for (let k = 0; k < K; k++) {
      const uk = gain * x[row + k];
      const z = Math.log1p(uk);
      u[row + k] = uk;
      zn[row + k] = z;
      sumSq += z * z;
    }
    if (sumSq < FLOOR_SQ) {
      for (let k = 0; k < K; k++) zn[row + k] = UNIFORM;
    } else {
      const s = 1 / Math.sqrt(sumSq);
      scale[f] = s;
      for (let k = 0; k < K; k++) zn[row + k] *= s;
    }
    const out = f * outputs;
    for (let c = 0; c < NUM_CHORDS; c++) {
      const t = c * K;
      let acc = 0;
      for (let k = 0; k < K; k++) acc += zn[row + k] * w[t + k];
      logits[out + c] = acc;
    }
    if (p.blank !== undefined) logits[out + NUM_CHORDS] = p.blank;
  }
  return { frames, u, zn, scale };
}

/** Gradients from G = ∂L/∂logits [F][24|25] (see forward.ts for the formulas). */
export function dchordBackward(g: Float32Array, state: ForwardState, w: Float64Array, withBlank: boolean): KernelGradients {
  const outputs = NUM_CHORDS + (withBlank ? 1 : 0);
  const { frames, u, zn, scale } = state;
  const dw = new Float64Array(NUM_CHORDS * K);
  const dzn = new Float64Array(K);
  let logGain = 0;
  let blank = 0;
  for (let f = 0; f < frames; f++) {
    const row = f * K;
    const gRow = f * outputs;
    dzn.fill(0);
    for (let c = 0; c < NUM_CHORDS; c++) {
      const gc = g[gRow + c];
      if (gc === 0) continue;
      const t = c * K;
      for (let k = 0; k < K; k++) {
        dzn[k] += gc * w[t + k];
        dw[t + k] += gc * zn[row + k];
      }
    }
    const s = scale[f];
    if (s !== 0) {
      let dot = 0;
      for (let k = 0; k < K; k++) dot += dzn[k] * zn[row + k];
      for (let k = 0; k < K; k++) {
        const uk = u[row + k];
        logGain += (dzn[k] - zn[row + k] * dot) * s * (uk / (1 + uk));
      }
    }
    if (withBlank) blank += g[gRow + NUM_CHORDS];
  }
  return { logGain, w: dw, blank };
}

/** ∂L/∂[major; minor] (24) from ∂L/∂W [24][12]: each template entry collects its 12 shifted copies. */
export function sharedTemplateGradient(dw: Float64Array): Float64Array {
  const dv = new Float64Array(2 * K);
  for (let c = 0; c < NUM_CHORDS; c++) {
    for (let k = 0; k < K; k++) dv[(c < K ? 0 : K) + ((k - (c % K) + K) % K)] += dw[c * K + k];
  }
  return dv;
}

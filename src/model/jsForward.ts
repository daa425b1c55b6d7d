/**
 * dChord's forward pass and its gradient in plain float64 JavaScript, on the flat parameter vector
 * the optimiser updates (training/parameters.ts: logGain, major, minor | templates, blank). The
 * same function as the tfjs op of forward.ts (see its comment for the formulas), without tfjs:
 *
 *   u = g·x, g = exp(θ);  z = log(1 + u);  s = Σ_k z²;  ẑ = z/√s (s ≥ ε²) else 1/√12
 *   logits[c] = ⟨W_c, ẑ⟩/τ,  logits[24] = blank/τ (with a blank)
 *   ∂L/∂ẑ = Σ_c G[c]·W_c/τ;  ∂L/∂z = (∂L/∂ẑ − ẑ·⟨∂L/∂ẑ, ẑ⟩)/√s (0 on floored frames)
 *   ∂L/∂θ = Σ u·(∂L/∂z)/(1 + u);  ∂L/∂W_c = Σ_frames G[c]·ẑ/τ;  ∂L/∂blank = Σ_frames G[24]/τ
 *   shared templates: W_r[k] = major[(k − r) mod 12], W_{12+r}[k] = minor[(k − r) mod 12], so
 *   ∂L/∂major[m] = Σ_r ∂L/∂W_r[(m + r) mod 12] (and the same for minor).
 *
 * Why: a training step of the 25-parameter model is ~20 small tensor kernels under tfjs, each with
 * a fixed launch cost on wasm, plus the tensor traffic to the JavaScript losses; here the whole step
 * is a few loops over the batch's frames (issue #11). Float64 throughout, so the result does not
 * depend on a backend's summation order: the same parameters give the same bits on every machine.
 * Checked against finite differences (float64) and against the tfjs op in test/model/jsForward.test.ts.
 * `training.engine: js` trains with it; `chordtrain predict` and a run's own predictions use it for
 * a model trained so (model/scorer.ts).
 */
import { NUM_CHORDS } from "../annotations/chordClasses.js";
import { NORM_FLOOR } from "./forward.js";
import { log1pNonNegativeArray } from "../losses/fastMath.js";

const K = 12;
const FLOOR_SQ = NORM_FLOOR * NORM_FLOOR;
const UNIFORM = 1 / Math.sqrt(K);

/** Where each part of the model lives in the flat parameter vector. */
export interface JsLayout {
  sharedTemplates: boolean;
  withBlank: boolean;
  /** 24, or 25 with the blank. */
  outputs: number;
  /** 1 + 24 (shared) or 1 + 288, plus 1 with the blank. */
  size: number;
  /** Index of the blank's logit in the vector (−1 without). */
  blankAt: number;
}

export function jsLayout(shape: { sharedTemplates: boolean; withBlank: boolean }): JsLayout {
  const { sharedTemplates, withBlank } = shape;
  const templates = sharedTemplates ? 2 * K : NUM_CHORDS * K;
  const size = 1 + templates + (withBlank ? 1 : 0);
  return { sharedTemplates, withBlank, outputs: NUM_CHORDS + (withBlank ? 1 : 0), size, blankAt: withBlank ? size - 1 : -1 };
}

/** What the backward pass needs from the forward pass (reused across calls: no per-step allocation). */
export interface JsForwardCache {
  frames: number;
  /** [frames][12] g·x */
  u: Float64Array;
  /** [frames][12] ẑ */
  zn: Float64Array;
  /** [frames] 1/√s, 0 on floored frames */
  scale: Float64Array;
  /** [24][12] W/τ of the forward pass */
  w: Float64Array;
}

export function createForwardCache(): JsForwardCache {
  return { frames: 0, u: new Float64Array(0), zn: new Float64Array(0), scale: new Float64Array(0), w: new Float64Array(NUM_CHORDS * K) };
}

/** The effective templates W [24][12] of a parameter vector, times `factor`, into `out`. */
export function jsTemplates(params: ArrayLike<number>, layout: JsLayout, factor: number, out: Float64Array): Float64Array {
  if (!layout.sharedTemplates) {
    for (let n = 0; n < NUM_CHORDS * K; n++) out[n] = params[1 + n] * factor;
    return out;
  }
  for (let q = 0; q < 2; q++) {
    const base = 1 + q * K;
    for (let r = 0; r < K; r++) {
      const row = (q * K + r) * K;
      for (let k = 0; k < K; k++) out[row + k] = params[base + ((k - r + K) % K)] * factor;
    }
  }
  return out;
}

/** The inputs of jsForward: the parameters, the frames, and where the results go. */
export interface JsForwardOptions {
  /** The flat parameter vector (layout). */
  params: ArrayLike<number>;
  layout: JsLayout;
  temperature: number;
  /** [frames][12] (any number of segments laid end to end) */
  chroma: Float32Array | Float64Array;
  frames: number;
  /** [frames][outputs], overwritten and returned. */
  out: Float64Array;
  /** Filled for jsBackward. */
  cache: JsForwardCache;
}

/** Logits [frames][outputs] of `chroma` into `out`; fills `cache` for jsBackward. */
export function jsForward(opts: JsForwardOptions): Float64Array {
  const { params, layout, temperature, chroma, frames, out, cache } = opts;
  const invT = 1 / temperature;
  const O = layout.outputs;
  if (cache.u.length < frames * K) {
    cache.u = new Float64Array(frames * K);
    cache.zn = new Float64Array(frames * K);
    cache.scale = new Float64Array(frames);
  }
  cache.frames = frames;
  const { u, zn, scale } = cache;
  const w = jsTemplates(params, layout, invT, cache.w);
  const g = Math.exp(params[0]);
  const blank = layout.withBlank ? params[layout.blankAt] * invT : 0;
  // u = g·x and z = log(1 + u) for the whole batch first: two tight loops (the log inlined in the second)
  const n = frames * K;
  for (let i = 0; i < n; i++) u[i] = g * chroma[i];
  log1pNonNegativeArray(u, zn, n);
  for (let f = 0; f < frames; f++) {
    const at = f * K;
    // the 12 pitch classes unrolled into locals: the 24 dot products below then read W only
    let z0 = zn[at + 0];
    let z1 = zn[at + 1];
    let z2 = zn[at + 2];
    let z3 = zn[at + 3];
    let z4 = zn[at + 4];
    let z5 = zn[at + 5];
    let z6 = zn[at + 6];
    let z7 = zn[at + 7];
    let z8 = zn[at + 8];
    let z9 = zn[at + 9];
    let z10 = zn[at + 10];
    let z11 = zn[at + 11];
    const s = z0 * z0 + z1 * z1 + z2 * z2 + z3 * z3 + z4 * z4 + z5 * z5 + z6 * z6 + z7 * z7 + z8 * z8 + z9 * z9 + z10 * z10 + z11 * z11;
    let inv = 0;
    if (s < FLOOR_SQ) {
      z0 = z1 = z2 = z3 = z4 = z5 = z6 = z7 = z8 = z9 = z10 = z11 = UNIFORM;
    } else {
      inv = 1 / Math.sqrt(s);
      z0 *= inv;
      z1 *= inv;
      z2 *= inv;
      z3 *= inv;
      z4 *= inv;
      z5 *= inv;
      z6 *= inv;
      z7 *= inv;
      z8 *= inv;
      z9 *= inv;
      z10 *= inv;
      z11 *= inv;
    }
    scale[f] = inv;
    zn[at + 0] = z0;
    zn[at + 1] = z1;
    zn[at + 2] = z2;
    zn[at + 3] = z3;
    zn[at + 4] = z4;
    zn[at + 5] = z5;
    zn[at + 6] = z6;
    zn[at + 7] = z7;
    zn[at + 8] = z8;
    zn[at + 9] = z9;
    zn[at + 10] = z10;
    zn[at + 11] = z11;
    const o = f * O;
    for (let c = 0, row = 0; c < NUM_CHORDS; c++, row += K) {
      out[o + c] =
        w[row + 0] * z0 +
        w[row + 1] * z1 +
        w[row + 2] * z2 +
        w[row + 3] * z3 +
        w[row + 4] * z4 +
        w[row + 5] * z5 +
        w[row + 6] * z6 +
        w[row + 7] * z7 +
        w[row + 8] * z8 +
        w[row + 9] * z9 +
        w[row + 10] * z10 +
        w[row + 11] * z11;
    }
    if (layout.withBlank) out[o + NUM_CHORDS] = blank;
  }
  return out;
}

/** The inputs of jsBackward: G = ∂L/∂logits, the forward pass's cache, and where ∂L/∂params goes. */
export interface JsBackwardOptions {
  layout: JsLayout;
  temperature: number;
  /** [frames][outputs] ∂L/∂logits */
  dLogits: Float64Array;
  /** Filled by the jsForward call these logits came from. */
  cache: JsForwardCache;
  /** [layout.size], overwritten and returned. */
  grads: Float64Array;
  /** At least 24·12 + 12 numbers (createBackwardScratch). */
  scratch: Float64Array;
}

export function createBackwardScratch(): Float64Array {
  return new Float64Array(NUM_CHORDS * K + K);
}

/** ∂L/∂params from G = ∂L/∂logits and the cache of the forward pass, into `grads`. */
export function jsBackward(opts: JsBackwardOptions): Float64Array {
  const { layout, temperature, dLogits, cache, grads, scratch } = opts;
  const invT = 1 / temperature;
  const O = layout.outputs;
  const { frames, u, zn, scale, w } = cache;
  const dW = scratch.subarray(0, NUM_CHORDS * K);
  let dTheta = 0;
  let dBlank = 0;
  for (let f = 0; f < frames; f++) {
    const sc = scale[f];
    if (layout.withBlank) dBlank += dLogits[f * O + NUM_CHORDS];
    if (sc === 0) continue; // floored frame: ẑ does not depend on z
    const at = f * K;
    const o = f * O;
    // ∂L/∂ẑ = Σ_c G[c]·W_c/τ (w holds 1/τ), in 12 locals
    let d0 = 0, d1 = 0, d2 = 0, d3 = 0, d4 = 0, d5 = 0, d6 = 0, d7 = 0, d8 = 0, d9 = 0, d10 = 0, d11 = 0;
    for (let c = 0, row = 0; c < NUM_CHORDS; c++, row += K) {
      const gc = dLogits[o + c];
      d0 += gc * w[row + 0];
      d1 += gc * w[row + 1];
      d2 += gc * w[row + 2];
      d3 += gc * w[row + 3];
      d4 += gc * w[row + 4];
      d5 += gc * w[row + 5];
      d6 += gc * w[row + 6];
      d7 += gc * w[row + 7];
      d8 += gc * w[row + 8];
      d9 += gc * w[row + 9];
      d10 += gc * w[row + 10];
      d11 += gc * w[row + 11];
    }
    const z0 = zn[at + 0];
    const z1 = zn[at + 1];
    const z2 = zn[at + 2];
    const z3 = zn[at + 3];
    const z4 = zn[at + 4];
    const z5 = zn[at + 5];
    const z6 = zn[at + 6];
    const z7 = zn[at + 7];
    const z8 = zn[at + 8];
    const z9 = zn[at + 9];
    const z10 = zn[at + 10];
    const z11 = zn[at + 11];
    const dot = d0 * z0 + d1 * z1 + d2 * z2 + d3 * z3 + d4 * z4 + d5 * z5 + d6 * z6 + d7 * z7 + d8 * z8 + d9 * z9 + d10 * z10 + d11 * z11;
    // Σ_k u_k·∂L/∂z_k/(1 + u_k), ∂L/∂z_k = (d_k − ẑ_k·dot)·sc
    const acc =
      ((d0 - z0 * dot) * u[at + 0]) / (1 + u[at + 0]) +
      ((d1 - z1 * dot) * u[at + 1]) / (1 + u[at + 1]) +
      ((d2 - z2 * dot) * u[at + 2]) / (1 + u[at + 2]) +
      ((d3 - z3 * dot) * u[at + 3]) / (1 + u[at + 3]) +
      ((d4 - z4 * dot) * u[at + 4]) / (1 + u[at + 4]) +
      ((d5 - z5 * dot) * u[at + 5]) / (1 + u[at + 5]) +
      ((d6 - z6 * dot) * u[at + 6]) / (1 + u[at + 6]) +
      ((d7 - z7 * dot) * u[at + 7]) / (1 + u[at + 7]) +
      ((d8 - z8 * dot) * u[at + 8]) / (1 + u[at + 8]) +
      ((d9 - z9 * dot) * u[at + 9]) / (1 + u[at + 9]) +
      ((d10 - z10 * dot) * u[at + 10]) / (1 + u[at + 10]) +
      ((d11 - z11 * dot) * u[at + 11]) / (1 + u[at + 11]);
    dTheta += acc * sc;
  }
  // ∂L/∂W_c = Σ_frames G[c]·ẑ: per chord one pass over the frames with 12 local sums (no
  // read-modify-write of dW per frame)
  for (let c = 0, row = 0; c < NUM_CHORDS; c++, row += K) {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0, a8 = 0, a9 = 0, a10 = 0, a11 = 0;
    for (let f = 0, o = c, at = 0; f < frames; f++, o += O, at += K) {
      const gc = dLogits[o];
      a0 += gc * zn[at + 0];
      a1 += gc * zn[at + 1];
      a2 += gc * zn[at + 2];
      a3 += gc * zn[at + 3];
      a4 += gc * zn[at + 4];
      a5 += gc * zn[at + 5];
      a6 += gc * zn[at + 6];
      a7 += gc * zn[at + 7];
      a8 += gc * zn[at + 8];
      a9 += gc * zn[at + 9];
      a10 += gc * zn[at + 10];
      a11 += gc * zn[at + 11];
    }
    dW[row + 0] = a0;
    dW[row + 1] = a1;
    dW[row + 2] = a2;
    dW[row + 3] = a3;
    dW[row + 4] = a4;
    dW[row + 5] = a5;
    dW[row + 6] = a6;
    dW[row + 7] = a7;
    dW[row + 8] = a8;
    dW[row + 9] = a9;
    dW[row + 10] = a10;
    dW[row + 11] = a11;
  }
  grads[0] = dTheta;
  if (layout.sharedTemplates) {
    for (let q = 0; q < 2; q++) {
      for (let m = 0; m < K; m++) {
        let acc = 0;
        for (let r = 0; r < K; r++) acc += dW[(q * K + r) * K + ((m + r) % K)];
        grads[1 + q * K + m] = acc * invT;
      }
    }
  } else {
    for (let n = 0; n < NUM_CHORDS * K; n++) grads[1 + n] = dW[n] * invT;
  }
  if (layout.withBlank) grads[layout.blankAt] = dBlank * invT;
  return grads;
}

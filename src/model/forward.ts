/**
 * dChord's forward pass as one tfjs op with a hand-written gradient (tf.customGrad), computed in
 * float64 JavaScript (kernel.ts).
 *
 * Why: the model is ~20 small kernels; under tfjs' automatic differentiation every one of them is
 * taped and differentiated kernel by kernel (~180 kernel launches per training step, each with
 * ~20–30 µs of fixed cost on wasm). As wasm kernels inside a custom op it still took ~40 launches
 * per step; in JavaScript it is a few reads and uploads. The gradient is checked against finite
 * differences of a float64 reference in test/model/dchord.test.ts.
 *
 * Forward (F = B·T frames, K = 12 pitch classes):
 *   u = g·x, g = exp(θ);  z = log(1 + u);  s = Σ_k z²;  n = √max(s, ε²)
 *   ẑ = z/n where s ≥ ε², else 1/√12 (libfmp's floor ε = 1e-4)
 *   logits = ẑ·Wᵀ/τ  (W [24×12]; shared: W built from [major; minor] by a constant 0/1 matrix)
 *   with a blank: one more column, the blank score /τ, constant over frames.
 * Backward, with G = ∂L/∂logits:
 *   ∂L/∂Wᵀ = ẑᵀ·G/τ;  ∂L/∂ẑ = G·W/τ
 *   ∂L/∂z = (keep/n)·(∂L/∂ẑ − ẑ·⟨∂L/∂ẑ, ẑ⟩)       (derivative of z/‖z‖; keep = 0 on floored frames)
 *   ∂L/∂θ = Σ u·(∂L/∂z)/(1 + u)                     (∂z/∂θ = g·x/(1 + g·x))
 *   ∂L/∂[major; minor] = basisᵀ·vec(∂L/∂Wᵀ);  ∂L/∂blank = Σ_frames G[:, 24]/τ
 */
import { tf } from "../util/tfjs.js";
import { NUM_CHORDS } from "../annotations/chordClasses.js";
import {
  dchordBackward,
  dchordForward,
  scaledTemplates,
  sharedTemplateGradient,
  NORM_FLOOR,
  type KernelGradients,
  type KernelParameters,
} from "./kernel.js";

const PITCH_CLASSES = 12;
const SHARED_PARAMETERS = 2 * PITCH_CLASSES;
export { NORM_FLOOR };

/** The trainable inputs of the op. Exactly one of {major, minor} and templates is given. */
export interface ForwardParameters {
  logGain: tf.Tensor;
  major?: tf.Tensor;
  minor?: tf.Tensor;
  templates?: tf.Tensor;
  blank?: tf.Tensor;
}

/** Constant 0/1 matrices of the shared-template construction (see templateBasis). */
export interface TemplateBasis {
  /** [288, 24]: reshape(transposed · [major; minor], [12, 24]) = Wᵀ. */
  transposed: tf.Tensor2D;
  /** [24, 288] = transposedᵀ: vec(∂/∂Wᵀ) → ∂/∂[major; minor]. */
  back: tf.Tensor2D;
}

/**
 * Wᵀ[k][c] = v[q(c)·12 + (k − root(c)) mod 12], v = [major; minor]: template c is the major
 * (c < 12) or minor template circularly shifted to root c mod 12. A matrix product instead of
 * tf.gather, whose gradient (UnsortedSegmentSum) the wasm backend lacks.
 */
export function templateBasis(): TemplateBasis {
  const rows = PITCH_CLASSES * NUM_CHORDS;
  const t = new Float32Array(rows * SHARED_PARAMETERS);
  const back = new Float32Array(SHARED_PARAMETERS * rows);
  for (let k = 0; k < PITCH_CLASSES; k++) {
    for (let c = 0; c < NUM_CHORDS; c++) {
      const source = (c < PITCH_CLASSES ? 0 : PITCH_CLASSES) + ((k - (c % PITCH_CLASSES) + PITCH_CLASSES) % PITCH_CLASSES);
      const row = k * NUM_CHORDS + c;
      t[row * SHARED_PARAMETERS + source] = 1;
      back[source * rows + row] = 1;
    }
  }
  return {
    transposed: tf.tensor2d(t, [rows, SHARED_PARAMETERS]),
    back: tf.tensor2d(back, [SHARED_PARAMETERS, rows]),
  };
}

/** Wᵀ [12, 24] from the parameters (inside tidy). */
export function transposedTemplates(p: ForwardParameters, basis?: TemplateBasis): tf.Tensor2D {
  if (p.templates) return tf.transpose(p.templates) as tf.Tensor2D;
  const v = tf.concat([p.major!, p.minor!]).reshape([SHARED_PARAMETERS, 1]);
  return tf.matMul(basis!.transposed, v).reshape([PITCH_CLASSES, NUM_CHORDS]) as tf.Tensor2D;
}

/**
 * [B,T,24|25] logits of dChord (see module comment), as one tfjs op whose forward and backward run
 * in float64 JavaScript (kernel.ts): chroma and parameters are read once, the logits uploaded once,
 * and the backward pass reads ∂L/∂logits once and uploads one gradient per parameter tensor.
 */
export function dchordLogits(
  chroma: tf.Tensor3D,
  p: ForwardParameters,
  opts: { temperature: number; basis?: TemplateBasis },
): tf.Tensor3D {
  const [b, t] = chroma.shape;
  const frames = b * t;
  const names = (["logGain", "major", "minor", "templates", "blank"] as const).filter((k) => p[k] !== undefined);
  const inputs = names.map((k) => p[k]!);
  const withBlank = p.blank !== undefined;
  const outputs = NUM_CHORDS + (withBlank ? 1 : 0);
  const invT = 1 / opts.temperature;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const values: Partial<Record<keyof ForwardParameters, Float32Array>> = {};
    names.forEach((k, i) => (values[k] = (args[i] as tf.Tensor).dataSync() as Float32Array));
    const w = scaledTemplates(values, invT);
    const params: KernelParameters = { logGain: values.logGain![0], w, ...(withBlank ? { blank: values.blank![0] * invT } : {}) };
    const logits = new Float64Array(frames * outputs);
    const state = dchordForward(chroma.dataSync() as Float32Array, frames, params, logits);
    return {
      value: tf.tensor3d(Float32Array.from(logits), [b, t, outputs]),
      gradFunc: (dy: tf.Tensor3D) => {
        const g = dchordBackward(dy.dataSync() as Float32Array, state, w, withBlank);
        return names.map((k) => parameterGradient(k, g, invT));
      },
    };
  });
  return op(...inputs) as tf.Tensor3D;
}

/** ∂L/∂(parameter k) as a tensor of its shape, from the kernel's gradients w.r.t. Wᵀ/τ, logGain and blank/τ. */
function parameterGradient(k: keyof ForwardParameters, g: KernelGradients, invT: number): tf.Tensor {
  if (k === "logGain") return tf.scalar(g.logGain);
  if (k === "blank") return tf.scalar(g.blank * invT);
  const dw = g.w.map((v) => v * invT); // ∂/∂W = (∂/∂(W/τ))/τ
  if (k === "templates") return tf.tensor2d(Float32Array.from(dw), [NUM_CHORDS, PITCH_CLASSES]);
  const dv = sharedTemplateGradient(dw);
  return tf.tensor1d(Float32Array.from(k === "major" ? dv.subarray(0, PITCH_CLASSES) : dv.subarray(PITCH_CLASSES)));
}

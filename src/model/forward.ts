/**
 * dChord's forward pass as one tfjs op with a hand-written gradient (tf.customGrad).
 *
 * Why: the model is ~20 small kernels; under tfjs' automatic differentiation every one of them is
 * taped, its inputs cloned for the backward pass and differentiated kernel by kernel (~180 kernel
 * launches per training step, each with ~20–30 µs of fixed cost on wasm). Inside a custom op the
 * forward kernels are not taped, and the backward below needs ~20 kernels. The gradient is checked
 * against finite differences of a float64 reference in test/model/dchord.test.ts.
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

const PITCH_CLASSES = 12;
const SHARED_PARAMETERS = 2 * PITCH_CLASSES;
/** libfmp's normalisation threshold (shared with dchord.ts). */
export const NORM_FLOOR = 1e-4;

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

/** [B,T,24|25] logits of dChord (see module comment). */
export function dchordLogits(
  chroma: tf.Tensor3D,
  p: ForwardParameters,
  opts: { temperature: number; basis?: TemplateBasis },
): tf.Tensor3D {
  const [b, t] = chroma.shape;
  const frames = b * t;
  const names = (["logGain", "major", "minor", "templates", "blank"] as const).filter((k) => p[k] !== undefined);
  const inputs = names.map((k) => p[k]!);
  const outputs = NUM_CHORDS + (p.blank ? 1 : 0);
  const invT = 1 / opts.temperature;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const q: ForwardParameters = { logGain: args[0] as tf.Tensor };
    names.forEach((k, i) => (q[k] = args[i] as tf.Tensor));
    const x = chroma.reshape([frames, PITCH_CLASSES]);
    const u = tf.mul(x, tf.exp(q.logGain));
    const z = tf.log1p(u);
    const sumSq = tf.sum(tf.square(z), 1, true); // [F,1]
    const floorSq = NORM_FLOOR * NORM_FLOOR;
    const below = tf.step(tf.sub(floorSq, sumSq)); // 1 where s < ε² (step(0) = 0)
    const scale = tf.div(tf.sub(1, below), tf.sqrt(tf.maximum(sumSq, floorSq))); // keep/n
    const zn = tf.add(tf.mul(z, scale), tf.mul(below, 1 / Math.sqrt(PITCH_CLASSES))); // [F,12]
    let wt = transposedTemplates(q, opts.basis);
    if (invT !== 1) wt = tf.mul(wt, invT);
    let scores: tf.Tensor2D = tf.matMul(zn, wt);
    if (q.blank) scores = tf.concat([scores, tf.tile(tf.mul(q.blank, invT).reshape([1, 1]), [frames, 1])], 1);
    save([u, zn, scale, wt]);
    return {
      value: scores.reshape([b, t, outputs]) as tf.Tensor3D,
      gradFunc: (dy: tf.Tensor3D, saved: tf.Tensor[]) => logitsGradient(dy, saved, { names, frames, invT, basis: opts.basis }),
    };
  });
  return op(...inputs) as tf.Tensor3D;
}

function logitsGradient(
  dy: tf.Tensor3D,
  saved: tf.Tensor[],
  ctx: { names: readonly (keyof ForwardParameters)[]; frames: number; invT: number; basis?: TemplateBasis },
): tf.Tensor[] {
  const [u, zn, scale, wt] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  const withBlank = ctx.names.includes("blank");
  const g2 = dy.reshape([ctx.frames, NUM_CHORDS + (withBlank ? 1 : 0)]) as tf.Tensor2D;
  const g = withBlank ? tf.slice(g2, [0, 0], [ctx.frames, NUM_CHORDS]) : g2;
  const dzn = tf.matMul(g, tf.transpose(wt)); // wt already holds 1/τ
  const dz = tf.mul(tf.sub(dzn, tf.mul(zn, tf.sum(tf.mul(dzn, zn), 1, true))), scale);
  const grads: Partial<Record<keyof ForwardParameters, tf.Tensor>> = {
    logGain: tf.sum(tf.div(tf.mul(dz, u), tf.add(u, 1))),
  };
  // [12,24]; an explicit transpose + plain matMul is ~3× faster on wasm than matMul(zn, g, true)
  let dwt = tf.matMul(tf.transpose(zn), g);
  if (ctx.invT !== 1) dwt = tf.mul(dwt, ctx.invT);
  if (ctx.names.includes("templates")) grads.templates = tf.transpose(dwt);
  else {
    const dv = tf.matMul(ctx.basis!.back, dwt.reshape([PITCH_CLASSES * NUM_CHORDS, 1])).reshape([SHARED_PARAMETERS]);
    grads.major = tf.slice(dv, [0], [PITCH_CLASSES]);
    grads.minor = tf.slice(dv, [PITCH_CLASSES], [PITCH_CLASSES]);
  }
  if (withBlank) grads.blank = tf.mul(tf.sum(tf.slice(g2, [0, NUM_CHORDS], [ctx.frames, 1])), ctx.invT);
  return ctx.names.map((k) => grads[k]!);
}

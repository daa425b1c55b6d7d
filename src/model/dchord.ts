/**
 * dChord: the differentiable template-based chord recogniser of the study (report §3.2, Table
 * 3.1), after the FMP textbook's template matching (Müller 2021, §5.2.1):
 *
 *   z = log(1 + g·x), g = exp(θ)          trainable log compression (θ starts at 0, so g = 1)
 *   ẑ = z / ‖z‖₂ per frame                 (‖z‖ < 1e-4 → the uniform vector 1/√12, as libfmp)
 *   s = W·ẑ                                 W [24×12]: the chord templates
 *   p = softmax(s / temperature)            over the 24 chords (25 outputs with a CTC blank)
 *
 * With `sharedTemplates` (the study's setting) W is built from two trainable 12-vectors, a major
 * and a minor template rooted at C, circularly shifted to all 12 roots: W[r][k] = major[(k−r) mod 12]
 * and W[12+r][k] = minor[(k−r) mod 12] — 1 + 24 = 25 parameters. The shift is a product with a
 * constant 0/1 matrix, because tf.gather's gradient needs UnsortedSegmentSum, which the wasm
 * backend lacks. Otherwise all 24 rows are independent (1 + 288 parameters).
 *
 * The forward pass is one custom tfjs op with a hand-written gradient (forward.ts), for speed.
 *
 * With `withBlank` (CTC) one more trainable score, the blank's logit, is appended as output 24
 * (constant over frames; starts at 0). It is divided by the temperature like the chord scores.
 */
import { tf } from "../util/tfjs.js";
import type { ModelConfig } from "../config/schema.js";
import { NUM_CHORDS } from "../annotations/chordClasses.js";
import { createRng } from "../util/random.js";
import { dchordLogits, templateBasis, transposedTemplates, NORM_FLOOR } from "./forward.js";
import { jsLayout, jsTemplates } from "./jsForward.js";

export { NORM_FLOOR };

export const PITCH_CLASSES = 12;
/** Output index of the CTC blank (architecture convention: class 24 of 25 outputs). */
export const BLANK_INDEX = NUM_CHORDS;
/** createRng stream of the template initialisation noise. */
export const INIT_NOISE_STREAM = 101;

/** Binary triad templates rooted at C (FMP §5.2.1): C-E-G and C-E♭-G. */
export const MAJOR_TRIAD: readonly number[] = [1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0];
export const MINOR_TRIAD: readonly number[] = [1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0];

/** The learned parameters as plain numbers (weights.json). */
export interface DChordWeights {
  /** g = exp(logGain). */
  gain: number;
  logGain: number;
  /**
   * Major/minor template rooted at C. With shared templates these are the parameters; with
   * independent templates, the mean of the 12 major (minor) rows rotated back to root C.
   */
  major: number[];
  minor: number[];
  /** [24][12] the effective template of every chord class. */
  templates: number[][];
  /** [24][12] the templates at initialisation (binary triads plus seeded noise). */
  initTemplates: number[][];
  /** The CTC blank's logit, only for models with a blank. */
  blank?: number;
}

/** The fields of DChordWeights that set the trainable variables. */
export type TrainedParameters = Omit<DChordWeights, "gain" | "initTemplates">;

export interface DChordOptions {
  seed: number;
  /** Add the trainable CTC blank score as output 24. */
  withBlank?: boolean;
}

/** The trainable variables by role (shared: major/minor; independent: templates; CTC: blank). */
export interface DChordParameters {
  logGain: tf.Variable;
  major?: tf.Variable;
  minor?: tf.Variable;
  templates?: tf.Variable;
  blank?: tf.Variable;
}

export interface DChord {
  readonly config: ModelConfig;
  readonly withBlank: boolean;
  /** 24, or 25 with the blank. */
  readonly outputs: number;
  /** 25 (shared) or 289 (independent) trainable numbers, plus 1 with the blank. */
  readonly parameterCount: number;
  /** All trainable variables, in the order logGain, major, minor | templates, blank. */
  readonly variables: tf.Variable[];
  readonly parameters: DChordParameters;
  /** [B,T,outputs] pre-softmax scores divided by the temperature. */
  logits(chroma: tf.Tensor3D): tf.Tensor3D;
  /** [B,T,outputs] softmax of the logits. */
  probabilities(chroma: tf.Tensor3D): tf.Tensor3D;
  /** [24,12] the effective templates W. */
  templates(): tf.Tensor2D;
  snapshot(): DChordWeights;
  /** [24][12] the templates at initialisation. */
  readonly initTemplates: readonly number[][];
  /** Load trained parameters (gain and initTemplates are not parameters and are not needed). */
  restore(weights: TrainedParameters): void;
  dispose(): void;
}

/**
 * The flat parameter vector (variables order: logGain, major, minor | templates, blank) of a new
 * dChord: exactly the values createDChord's variables start at (float32-representable), without tfjs.
 */
export function initialVector(config: ModelConfig, options: DChordOptions): { values: Float64Array; initTemplates: number[][] } {
  const init = initialTemplates(config, options.seed);
  const templates = config.sharedTemplates ? [...init.major, ...init.minor] : init.templates.flat();
  const values = Float64Array.from([0, ...templates, ...(options.withBlank ? [0] : [])]);
  return { values, initTemplates: init.templates };
}

/** The flat parameter vector of trained weights (the inverse of weightsFromVector). */
export function vectorFromWeights(weights: TrainedParameters, sharedTemplates: boolean): Float64Array {
  const templates = sharedTemplates ? [...weights.major, ...weights.minor] : weights.templates.flat();
  return Float64Array.from([weights.logGain, ...templates, ...(weights.blank !== undefined ? [weights.blank] : [])]);
}

export function createDChord(config: ModelConfig, options: DChordOptions): DChord {
  const withBlank = options.withBlank ?? false;
  const init = initialTemplates(config, options.seed);
  // Variables survive tf.tidy; the initial-value tensors do not (no leak). Names are left to tfjs
  // (they must be unique per process); `parameters` tells the variables apart.
  const parameters: DChordParameters = tf.tidy(() => ({
    logGain: tf.variable(tf.scalar(0)),
    ...(config.sharedTemplates
      ? { major: tf.variable(tf.tensor1d(init.major)), minor: tf.variable(tf.tensor1d(init.minor)) }
      : { templates: tf.variable(tf.tensor2d(init.templates)) }),
    ...(withBlank ? { blank: tf.variable(tf.scalar(0)) } : {}),
  }));
  const { logGain, blank } = parameters;
  const basis = config.sharedTemplates ? templateBasis() : undefined;
  const variables = [logGain, parameters.major, parameters.minor, parameters.templates, blank].filter(
    (v): v is tf.Variable => v !== undefined,
  );
  const parameterCount = variables.reduce((n, v) => n + v.size, 0);
  const templates = (): tf.Tensor2D => tf.tidy(() => tf.transpose(transposedTemplates(parameters, basis)));
  const logits = (chroma: tf.Tensor3D): tf.Tensor3D =>
    tf.tidy(() => dchordLogits(chroma, parameters, { temperature: config.temperature, basis }));

  return {
    config,
    withBlank,
    outputs: NUM_CHORDS + (withBlank ? 1 : 0),
    parameterCount,
    variables,
    parameters,
    logits,
    probabilities: (chroma) => tf.tidy(() => tf.softmax(logits(chroma))),
    templates,
    snapshot: () => {
      const values = variables.flatMap((v) => Array.from(v.dataSync()));
      return weightsFromVector(values, { sharedTemplates: config.sharedTemplates, withBlank }, init.templates);
    },
    initTemplates: init.templates,
    restore(w) {
      tf.tidy(() => {
        logGain.assign(tf.scalar(w.logGain));
        parameters.templates?.assign(tf.tensor2d(w.templates));
        parameters.major?.assign(tf.tensor1d(w.major));
        parameters.minor?.assign(tf.tensor1d(w.minor));
        blank?.assign(tf.scalar(w.blank ?? 0));
      });
    },
    dispose() {
      for (const v of variables) v.dispose();
      if (basis) tf.dispose([basis.transposed, basis.back]);
    },
  };
}

/** Circular shift of a C-rooted template to `root` (W[r][k] = v[(k − r) mod 12]). */
export function rotateTemplate(v: readonly number[], root: number): number[] {
  return Array.from({ length: PITCH_CLASSES }, (_, k) => v[(k - root + 2 * PITCH_CLASSES) % PITCH_CLASSES]);
}

/** Binary triads plus `initNoise`·N(0,1) noise from createRng(seed, INIT_NOISE_STREAM). */
function initialTemplates(config: ModelConfig, seed: number): {
  major: number[];
  minor: number[];
  templates: number[][];
} {
  const rng = createRng(seed, INIT_NOISE_STREAM);
  const noisy = (v: readonly number[]): number[] => v.map((x) => Math.fround(x + config.initNoise * rng.normal()));
  if (config.sharedTemplates) {
    const major = noisy(MAJOR_TRIAD);
    const minor = noisy(MINOR_TRIAD);
    return { major, minor, templates: expandTemplates(major, minor) };
  }
  const templates = expandTemplates(MAJOR_TRIAD, MINOR_TRIAD).map(noisy);
  return { ...meanTemplates(templates), templates };
}

/** [24][12] rows: the 12 rotations of `major`, then of `minor`. */
export function expandTemplates(major: readonly number[], minor: readonly number[]): number[][] {
  const roots = Array.from({ length: PITCH_CLASSES }, (_, r) => r);
  return [...roots.map((r) => rotateTemplate(major, r)), ...roots.map((r) => rotateTemplate(minor, r))];
}

/** Mean of the 12 major (minor) rows rotated back to root C. */
function meanTemplates(templates: readonly number[][]): { major: number[]; minor: number[] } {
  const mean = (offset: number): number[] => {
    const sum = new Array<number>(PITCH_CLASSES).fill(0);
    for (let r = 0; r < PITCH_CLASSES; r++) {
      const back = rotateTemplate(templates[offset + r], -r);
      for (let k = 0; k < PITCH_CLASSES; k++) sum[k] += back[k] / PITCH_CLASSES;
    }
    return sum;
  };
  return { major: mean(0), minor: mean(PITCH_CLASSES) };
}

/**
 * The weights of a flat parameter vector in `variables` order (logGain, major, minor | templates,
 * blank) — what snapshot() returns for the same values; the training step without tfjs keeps its
 * parameters in such a vector (jsForward.ts).
 */
export function weightsFromVector(
  values: ArrayLike<number>,
  shape: { sharedTemplates: boolean; withBlank: boolean },
  initTemplates: readonly number[][],
): DChordWeights {
  const layout = jsLayout(shape);
  const flat = jsTemplates(values, layout, 1, new Float64Array(NUM_CHORDS * PITCH_CLASSES));
  const templates = Array.from({ length: NUM_CHORDS }, (_, c) => Array.from(flat.subarray(c * PITCH_CLASSES, (c + 1) * PITCH_CLASSES)));
  const logGain = values[0];
  const slice = (from: number): number[] => Array.from({ length: PITCH_CLASSES }, (_, k) => values[from + k]);
  const { major, minor } = shape.sharedTemplates ? { major: slice(1), minor: slice(1 + PITCH_CLASSES) } : meanTemplates(templates);
  const out: DChordWeights = {
    gain: Math.exp(logGain),
    logGain,
    major,
    minor,
    templates,
    initTemplates: initTemplates.map((row) => row.slice()),
  };
  if (shape.withBlank) out.blank = values[layout.blankAt];
  return out;
}

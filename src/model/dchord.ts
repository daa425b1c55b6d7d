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
 * With `withBlank` (CTC) one more trainable score, the blank's logit, is appended as output 24
 * (constant over frames; starts at 0). It is divided by the temperature like the chord scores.
 */
import * as tf from "@tensorflow/tfjs";
import type { ModelConfig } from "../config/schema.js";
import { NUM_CHORDS } from "../annotations/chordClasses.js";
import { createRng } from "../util/random.js";

export const PITCH_CLASSES = 12;
/** Output index of the CTC blank (architecture convention: class 24 of 25 outputs). */
export const BLANK_INDEX = NUM_CHORDS;
/** Frames whose compressed chroma has an L2 norm below this become uniform (libfmp's threshold). */
export const NORM_FLOOR = 1e-4;
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
  restore(weights: DChordWeights): void;
  dispose(): void;
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
  const templateVars = { major: parameters.major, minor: parameters.minor, all: parameters.templates };
  const shift = config.sharedTemplates ? shiftMatrix() : undefined;
  const variables = [logGain, parameters.major, parameters.minor, parameters.templates, blank].filter(
    (v): v is tf.Variable => v !== undefined,
  );
  const parameterCount = variables.reduce((n, v) => n + v.size, 0);

  // The variable itself (independent templates) or the shifted shared templates; for use inside tidy.
  const templateMatrix = (): tf.Tensor2D => {
    if (templateVars.all) return templateVars.all as tf.Tensor2D;
    return tf.tidy(() => {
      const stacked = tf.concat([templateVars.major!, templateVars.minor!]).reshape([2 * PITCH_CLASSES, 1]);
      return tf.matMul(shift!, stacked).reshape([NUM_CHORDS, PITCH_CLASSES]) as tf.Tensor2D;
    });
  };
  const templates = (): tf.Tensor2D => tf.tidy(() => tf.clone(templateMatrix()));

  const logits = (chroma: tf.Tensor3D): tf.Tensor3D =>
    tf.tidy(() => {
      const [b, t] = chroma.shape;
      const z = normalizeFrames(tf.log1p(tf.mul(chroma, tf.exp(logGain)))).reshape([b * t, PITCH_CLASSES]);
      let scores: tf.Tensor2D = tf.matMul(z as tf.Tensor2D, templateMatrix(), false, true); // [B·T, 24]
      if (blank) scores = tf.concat([scores, tf.broadcastTo(blank.reshape([1, 1]), [b * t, 1])], 1);
      if (config.temperature !== 1) scores = tf.div(scores, config.temperature);
      return scores.reshape([b, t, -1]) as tf.Tensor3D;
    });

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
    snapshot: () => snapshotOf({ logGain, templates, blank, sharedVars: templateVars, init: init.templates }),
    restore(w) {
      tf.tidy(() => {
        logGain.assign(tf.scalar(w.logGain));
        if (templateVars.all) templateVars.all.assign(tf.tensor2d(w.templates));
        else {
          templateVars.major!.assign(tf.tensor1d(w.major));
          templateVars.minor!.assign(tf.tensor1d(w.minor));
        }
        if (blank) blank.assign(tf.scalar(w.blank ?? 0));
      });
    },
    dispose() {
      for (const v of variables) v.dispose();
      shift?.dispose();
    },
  };
}

/**
 * Per-frame L2 normalisation with libfmp's floor: frames with norm < NORM_FLOOR become 1/√12.
 * The norm is taken of max(Σz², floor²) so that neither sqrt nor the division sees 0 (their
 * gradients would be Inf·0 = NaN in the discarded branch). The selection is arithmetic with a
 * 0/1 mask from tf.step, whose gradient is 0: tfjs has no gradient for tf.less (used by tf.where's
 * condition), and the tape would need one because Σz² depends on θ.
 */
export function normalizeFrames(z: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const sumSq = tf.sum(tf.square(z), -1, true);
    const floorSq = NORM_FLOOR * NORM_FLOOR;
    const scaled = tf.div(z, tf.sqrt(tf.maximum(sumSq, floorSq)));
    const belowFloor = tf.step(tf.sub(floorSq, sumSq)); // [B,T,1] 1 where Σz² < floor²
    return tf.add(scaled, tf.mul(belowFloor, tf.sub(1 / Math.sqrt(PITCH_CLASSES), scaled))) as tf.Tensor3D;
  });
}

/** [288, 24] 0/1 matrix: row c·12+k of (shift · [major; minor]) is template c at pitch class k. */
function shiftMatrix(): tf.Tensor2D {
  const m = new Float32Array(NUM_CHORDS * PITCH_CLASSES * 2 * PITCH_CLASSES);
  for (let c = 0; c < NUM_CHORDS; c++) {
    const root = c % PITCH_CLASSES;
    const quality = c < PITCH_CLASSES ? 0 : 1;
    for (let k = 0; k < PITCH_CLASSES; k++) {
      const source = quality * PITCH_CLASSES + ((k - root + PITCH_CLASSES) % PITCH_CLASSES);
      m[(c * PITCH_CLASSES + k) * 2 * PITCH_CLASSES + source] = 1;
    }
  }
  return tf.tensor2d(m, [NUM_CHORDS * PITCH_CLASSES, 2 * PITCH_CLASSES]);
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

function snapshotOf(parts: {
  logGain: tf.Variable;
  templates: () => tf.Tensor2D;
  blank?: tf.Variable;
  sharedVars: { major?: tf.Variable; minor?: tf.Variable };
  init: number[][];
}): DChordWeights {
  const logGain = parts.logGain.dataSync()[0];
  const w = parts.templates();
  const templates = w.arraySync();
  w.dispose();
  const { major, minor } = parts.sharedVars.major
    ? { major: Array.from(parts.sharedVars.major.dataSync()), minor: Array.from(parts.sharedVars.minor!.dataSync()) }
    : meanTemplates(templates);
  const out: DChordWeights = {
    gain: Math.exp(logGain),
    logGain,
    major,
    minor,
    templates,
    initTemplates: parts.init.map((row) => row.slice()),
  };
  if (parts.blank) out.blank = parts.blank.dataSync()[0];
  return out;
}

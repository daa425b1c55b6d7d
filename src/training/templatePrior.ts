/**
 * The chord-template prior of soft-DTW training (loss.templatePrior; the context model): a fixed
 * content cost on the alignment, as the diagonal prior (losses/diagonalPrior.ts) is a fixed
 * positional one. For target element i with chord class c_i and frame n with chroma x_n:
 *
 *     A(i, n) = 1 − ⟨x_n, t_{c_i}⟩ / (‖x_n‖·‖t_{c_i}‖)     (0 … 1 for non-negative chroma)
 *
 * t_c = the binary template of c's pitch classes (mir_eval's quality bitmap rotated to the root:
 * C:maj = C-E-G, C:min7 = C-E♭-G-B♭; annotations/vocabulary.ts), and for N the flat chroma, so a
 * silent frame (normalised to the uniform vector, features/normalizeFrames.ts) costs 0 for N and
 * 0.5 for a triad (3 of 12 pitch classes: 1 − 3/√36), while a clean triad frame costs 0 for its
 * chord and 0.5 for N. A frame whose chroma is all zero counts as flat.
 *
 * The soft-DTW cost of a step becomes C + v·A (v the epoch's weight, training/schedule.ts), so early
 * alignments follow the chords the signal's pitch classes name, whatever the untrained network
 * outputs — the template matcher FMP's chord recognition starts from (dChord's initialisation),
 * used here only to steer the alignment, never as a target. A depends on the chroma and the
 * sequence only: rotating both by the same transposition leaves it unchanged, so it is computed
 * once per segment and holds for every transposition the engine draws.
 */
import { QUALITY_NAMES } from "../annotations/chordClasses.js";
import { QUALITY_BITMAPS, type Vocabulary } from "../annotations/vocabulary.js";

const PITCH_CLASSES = 12;

/** [classes][12] unit-norm templates: chords 0 … chords − 1 (quality block × root), then N (flat). */
export function chordTemplates(vocabulary: Vocabulary): Float64Array {
  const out = new Float64Array(vocabulary.classes * PITCH_CLASSES);
  for (let c = 0; c < vocabulary.chords; c++) {
    const pcs = QUALITY_BITMAPS[QUALITY_NAMES[Math.floor(c / PITCH_CLASSES)]];
    const scale = 1 / Math.sqrt(pcs.length);
    for (const interval of pcs) out[c * PITCH_CLASSES + ((c + interval) % PITCH_CLASSES)] = scale;
  }
  out.fill(1 / Math.sqrt(PITCH_CLASSES), vocabulary.chords * PITCH_CLASSES);
  return out;
}

/**
 * A [sequence.length][frames] row-major: the template cost of every target element (output index:
 * a chord class, or `vocabulary.chords` for N) on every frame of `chroma` ([frames][12]).
 */
export function templatePriorCost(sequence: ArrayLike<number>, chroma: Float32Array | Float64Array, vocabulary: Vocabulary, templates = chordTemplates(vocabulary)): Float64Array {
  const frames = chroma.length / PITCH_CLASSES;
  if (!Number.isInteger(frames)) throw new RangeError(`templatePriorCost: chroma has ${chroma.length} values, not a multiple of 12`);
  // each frame's unit vector (all-zero → flat)
  const unit = new Float64Array(chroma.length);
  for (let n = 0; n < frames; n++) {
    let sq = 0;
    for (let k = 0; k < PITCH_CLASSES; k++) sq += chroma[n * PITCH_CLASSES + k] ** 2;
    const inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
    for (let k = 0; k < PITCH_CLASSES; k++) unit[n * PITCH_CLASSES + k] = sq > 0 ? chroma[n * PITCH_CLASSES + k] * inv : 1 / Math.sqrt(PITCH_CLASSES);
  }
  const out = new Float64Array(sequence.length * frames);
  for (let i = 0; i < sequence.length; i++) {
    const c = sequence[i];
    if (!(Number.isInteger(c) && c >= 0 && c < vocabulary.classes)) {
      throw new RangeError(`templatePriorCost: target element ${i} is ${c}, not an output class of the ${vocabulary.name} vocabulary (0 … ${vocabulary.classes - 1})`);
    }
    const t = c * PITCH_CLASSES;
    for (let n = 0; n < frames; n++) {
      let dot = 0;
      for (let k = 0; k < PITCH_CLASSES; k++) dot += unit[n * PITCH_CLASSES + k] * templates[t + k];
      out[i * frames + n] = 1 - dot;
    }
  }
  return out;
}

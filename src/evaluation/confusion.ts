/**
 * Chord confusion matrix (pure). (chords + 1)²: rows are reference classes, columns estimated
 * classes; index 0–23 are the chord classes (chordClasses.ts order), index 24 is no-chord (N). The
 * context model's sevenths vocabulary: 61×61, classes 0–59 and N at 60. Reference frames outside
 * the vocabulary (OUT_OF_VOCABULARY) are left out, as mir_eval leaves them out of its scores.
 */
import { NO_CHORD, NUM_CHORDS, OUT_OF_VOCABULARY } from "../annotations/chordClasses.js";
import { validate } from "./scores.js";

/** Row/column index of no-chord in the 24-chord confusion matrix. */
export const CONFUSION_N = NUM_CHORDS;

/** Frame counts: `matrix[ref][est]`, with NO_CHORD mapped to index `chords` (default 24). */
export function confusionMatrix(reference: Int16Array, estimate: Int16Array, chords: number = NUM_CHORDS): number[][] {
  validate(reference, estimate);
  const size = chords + 1;
  const matrix = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const index = (c: number): number => (c === NO_CHORD ? chords : c);
  for (let n = 0; n < reference.length; n++) {
    if (reference[n] === OUT_OF_VOCABULARY) continue;
    if (reference[n] >= chords || estimate[n] >= chords) throw new Error(`frame ${n}: class ${Math.max(reference[n], estimate[n])} is not one of ${chords} chords`);
    matrix[index(reference[n])][index(estimate[n])]++;
  }
  return matrix;
}

/** Element-wise sum of confusion matrices of the same size (e.g. over test segments); 25×25 zeros for none. */
export function addConfusions(matrices: readonly number[][][]): number[][] {
  const size = matrices[0]?.length ?? NUM_CHORDS + 1;
  const out = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (const m of matrices) for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) out[i][j] += m[i][j];
  return out;
}

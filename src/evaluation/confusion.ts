/**
 * Chord confusion matrix (pure). 25×25: rows are reference classes, columns estimated classes;
 * index 0–23 are the chord classes (chordClasses.ts order), index 24 is no-chord (N).
 */
import { NO_CHORD, NUM_CHORDS } from "../annotations/chordClasses.js";
import { validate } from "./scores.js";

/** Row/column index of no-chord in the confusion matrix. */
export const CONFUSION_N = NUM_CHORDS;

/** Frame counts: `matrix[ref][est]`, with NO_CHORD mapped to index 24. */
export function confusionMatrix(reference: Int16Array, estimate: Int16Array): number[][] {
  validate(reference, estimate);
  const size = NUM_CHORDS + 1;
  const matrix = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const index = (c: number): number => (c === NO_CHORD ? CONFUSION_N : c);
  for (let n = 0; n < reference.length; n++) matrix[index(reference[n])][index(estimate[n])]++;
  return matrix;
}

/** Element-wise sum of confusion matrices of the same size (e.g. over test segments). */
export function addConfusions(matrices: readonly number[][][]): number[][] {
  const size = NUM_CHORDS + 1;
  const out = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (const m of matrices) for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) out[i][j] += m[i][j];
  return out;
}

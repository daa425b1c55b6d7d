/**
 * mir_eval.chord's comparison rules on encoded chords, one function per measure, and
 * `weighted_accuracy`. A comparison returns 1 (match), 0 (mismatch) or EXCLUDED (−1): the
 * reference chord is outside the measure's vocabulary and its duration is left out.
 *
 * | measure | compares (reference vs estimate) | reference chords left out |
 * |---|---|---|
 * | root | root pitch class | X |
 * | thirds | root, and whether bit 3 (minor third) is set | X |
 * | triads | root and bitmap bits 0–7 (up to the augmented fifth) | X |
 * | tetrads | root and the whole bitmap | X |
 * | majmin | root and bits 0–7 | X, and any chord whose bits 0–7 are not maj (0,4,7) or min (0,3,7) — dim, aug, sus, 5, 1, … (N is kept) |
 * | sevenths | root and the whole bitmap | X, and any chord whose bitmap is not maj, min, maj7, 7, min7 or N |
 * | mirex | at least 3 shared absolute pitch classes (N matches N) | X, and chords of 1 or 2 pitch classes |
 *
 * The `_inv` variants also require equal basses and, for majmin/sevenths, leave out a reference
 * whose bass is not in its bitmap (never the case after encoding, which adds the bass; kept for
 * fidelity). Quirks kept from mir_eval: `thirds` looks only at the minor-third bit (`C:maj` ≡
 * `C:sus4`); `root` and `mirex` count an estimated X as matching a reference N (both have no
 * root), and `mirex` gives an estimated X all 12 pitch classes.
 */
import { BITMAP_LENGTH, type EncodedChord } from "./encode.js";

export const EXCLUDED = -1;

export const COMPARISON_NAMES = [
  "root",
  "majmin",
  "majmin_inv",
  "thirds",
  "thirds_inv",
  "triads",
  "triads_inv",
  "tetrads",
  "tetrads_inv",
  "sevenths",
  "sevenths_inv",
  "mirex",
] as const;
export type ComparisonName = (typeof COMPARISON_NAMES)[number];

export type Comparison = (ref: EncodedChord, est: EncodedChord) => number;

const TRIAD_BITS = 8;
const MIN_SHARED_PITCH_CLASSES = 3;

/** mir_eval.chord.QUALITIES rows used by the vocabularies of majmin and sevenths. */
const bits = (...semitones: number[]): number[] =>
  Array.from({ length: BITMAP_LENGTH }, (_, i) => (semitones.includes(i) ? 1 : 0));
const MAJ = bits(0, 4, 7);
const MIN = bits(0, 3, 7);
const SEVENTHS_VOCABULARY = [MAJ, MIN, bits(0, 4, 7, 11), bits(0, 4, 7, 10), bits(0, 3, 7, 10), bits()];

const isX = (c: EncodedChord): boolean => c.bitmap.some((b) => b < 0);
const isN = (c: EncodedChord): boolean => c.root < 0 && c.bitmap.every((b) => b === 0);
const sameBits = (a: readonly number[], b: readonly number[], upTo = BITMAP_LENGTH): boolean => {
  for (let i = 0; i < upTo; i++) if (a[i] !== b[i]) return false;
  return true;
};
const score = (match: boolean): number => (match ? 1 : 0);
const sameRoot = (r: EncodedChord, e: EncodedChord): boolean => r.root === e.root;
const sameBass = (r: EncodedChord, e: EncodedChord): boolean => r.bass === e.bass;
/** majmin_inv / sevenths_inv: a bass outside the reference's bitmap is not an inversion of it. */
const bassInChord = (r: EncodedChord): boolean => r.bass < 0 || r.bitmap[r.bass] === 1;

/** Leaves X references out of `compare`. */
const unlessX =
  (compare: Comparison): Comparison =>
  (r, e) =>
    isX(r) ? EXCLUDED : compare(r, e);

const isMajMinOrN = (r: EncodedChord): boolean =>
  sameBits(r.bitmap, MAJ, TRIAD_BITS) || sameBits(r.bitmap, MIN, TRIAD_BITS) || isN(r);
const inSeventhsVocabulary = (r: EncodedChord): boolean => SEVENTHS_VOCABULARY.some((q) => sameBits(r.bitmap, q));

/** Absolute pitch classes of a chord (mir_eval `rotate_bitmap_to_root`: every non-zero bit counts). */
function absolutePitchClasses(c: EncodedChord): Set<number> {
  const out = new Set<number>();
  c.bitmap.forEach((b, i) => {
    if (b !== 0) out.add((((i + c.root) % BITMAP_LENGTH) + BITMAP_LENGTH) % BITMAP_LENGTH);
  });
  return out;
}

function mirex(r: EncodedChord, e: EncodedChord): number {
  const size = r.bitmap.filter((b) => b > 0).length;
  if (isX(r) || (size > 0 && size < MIN_SHARED_PITCH_CLASSES)) return EXCLUDED;
  if (r.root < 0 && e.root < 0) return 1;
  const est = absolutePitchClasses(e);
  let shared = 0;
  for (const pc of absolutePitchClasses(r)) if (est.has(pc)) shared++;
  return score(shared >= MIN_SHARED_PITCH_CLASSES);
}

export const COMPARISONS: Readonly<Record<ComparisonName, Comparison>> = {
  root: unlessX((r, e) => score(sameRoot(r, e))),
  thirds: unlessX((r, e) => score(sameRoot(r, e) && r.bitmap[3] === e.bitmap[3])),
  thirds_inv: unlessX((r, e) => score(sameRoot(r, e) && r.bitmap[3] === e.bitmap[3] && sameBass(r, e))),
  triads: unlessX((r, e) => score(sameRoot(r, e) && sameBits(r.bitmap, e.bitmap, TRIAD_BITS))),
  triads_inv: unlessX((r, e) => score(sameRoot(r, e) && sameBits(r.bitmap, e.bitmap, TRIAD_BITS) && sameBass(r, e))),
  tetrads: unlessX((r, e) => score(sameRoot(r, e) && sameBits(r.bitmap, e.bitmap))),
  tetrads_inv: unlessX((r, e) => score(sameRoot(r, e) && sameBits(r.bitmap, e.bitmap) && sameBass(r, e))),
  majmin: (r, e) => (isMajMinOrN(r) ? score(sameRoot(r, e) && sameBits(r.bitmap, e.bitmap, TRIAD_BITS)) : EXCLUDED),
  majmin_inv: (r, e) =>
    isMajMinOrN(r) && bassInChord(r)
      ? score(sameRoot(r, e) && sameBass(r, e) && sameBits(r.bitmap, e.bitmap, TRIAD_BITS))
      : EXCLUDED,
  sevenths: (r, e) => (inSeventhsVocabulary(r) ? score(sameRoot(r, e) && sameBits(r.bitmap, e.bitmap)) : EXCLUDED),
  sevenths_inv: (r, e) =>
    inSeventhsVocabulary(r) && bassInChord(r)
      ? score(sameRoot(r, e) && sameBass(r, e) && sameBits(r.bitmap, e.bitmap))
      : EXCLUDED,
  mirex,
};

/** A weighted accuracy and the weight it was computed over. */
export interface WeightedScore {
  score: number;
  /** Sum of the weights of the included (not EXCLUDED) comparisons. */
  weight: number;
}

/**
 * mir_eval `weighted_accuracy`: Σ comparison·weight / Σ weight over the included comparisons;
 * 0 when every weight is 0 or nothing is included (mir_eval warns and returns 0 there too).
 */
export function weightedAccuracy(comparisons: readonly number[], weights: readonly number[]): WeightedScore {
  if (comparisons.length !== weights.length) {
    throw new Error(`${comparisons.length} comparisons but ${weights.length} weights`);
  }
  let weight = 0;
  let matched = 0;
  comparisons.forEach((c, i) => {
    if (weights[i] < 0) throw new Error(`weight ${i} is negative (${weights[i]})`);
    if (c < 0) return;
    weight += weights[i];
    matched += c * weights[i];
  });
  return { score: weight > 0 ? matched / weight : 0, weight };
}

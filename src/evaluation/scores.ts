/**
 * Frame-wise chord recognition scores (pure, no tfjs).
 *
 * Conventions (FMP textbook, Müller 2021, §5.2.2; libfmp.c5 `compute_eval_measures`):
 * - the items are (frame, chord) pairs over the 24 maj/min classes; a frame's reference or
 *   estimate is one class 0..23 or NO_CHORD (-1);
 * - TP = frames whose reference chord is estimated; FP = estimated (frame, chord) pairs not in the
 *   reference; FN = reference pairs not estimated;
 * - a reference no-chord frame contributes no reference item, but a chord estimated there is a
 *   false positive (dChord always estimates a chord, so N frames lower the precision);
 * - P = TP/(TP+FP), R = TP/(TP+FN), F = 2PR/(P+R); each is 0 when its denominator (or TP) is 0;
 * - the context model's classes: a class is one of its vocabulary's (0..59 with sevenths, where
 *   "estimated" means that exact chord, C:7 ≠ C:maj); a reference frame OUT_OF_VOCABULARY (a chord
 *   the vocabulary cannot name) is left out of every score, as mir_eval leaves it out.
 */
import { chordQuality, isMinor, NO_CHORD, OUT_OF_VOCABULARY, triadClass } from "../annotations/chordClasses.js";
import type { Vocabulary, VocabularyName } from "../annotations/vocabulary.js";

/** Classes a frame may hold: the sevenths vocabulary's 60 chords include the 24 major/minor ones. */
const MAX_CHORDS = 60;

export interface FrameScores {
  precision: number;
  recall: number;
  f: number;
  tp: number;
  fp: number;
  fn: number;
  /** Number of frames compared. */
  frames: number;
}

/** The `Scores` of metrics.json: frame scores, majmin accuracy and per-quality recall. */
export interface Scores extends FrameScores, QualityRecall {
  majmin: number;
  /** The context model's scores in its output vocabulary (absent for dChord). */
  vocabulary?: VocabularyScores;
}

/**
 * Frame scores in the context model's vocabulary, mir_eval's way (its comparisons on frames):
 * every reference frame in the vocabulary counts, N included (an N reference needs an N estimate);
 * OUT_OF_VOCABULARY frames are left out.
 */
export interface VocabularyScores {
  name: VocabularyName;
  /** Frames whose estimate is exactly the reference class (mir_eval `sevenths` for sevenths, `majmin` for majmin). */
  accuracy: number;
  /** Frames whose estimate has the reference's root and major/minor triad (mir_eval `majmin`'s rule: C:7 = C:maj). */
  majmin: number;
  /** Recall per quality of the vocabulary and N: reference frames of it estimated exactly (null without any). */
  recall: Record<string, number | null>;
}

/** The chord qualities of the 24-class vocabulary (NO_CHORD is not a quality). */
export const QUALITIES = ["major", "minor"] as const;
export type Quality = (typeof QUALITIES)[number];

/** Frame counts of one quality: in the reference, in the estimate, and estimated correctly. */
export interface QualityCount {
  reference: number;
  estimated: number;
  /** Frames whose reference is of this quality and whose estimate is exactly the reference chord. */
  correct: number;
}

/**
 * Per-quality recall, the figure that shows a collapsed template: `minorRecall` is the fraction of
 * reference minor frames whose estimate is that exact chord (null when the reference has none);
 * `minorShare` is the fraction of all compared frames estimated as some minor chord (0 when the
 * model never predicts minor, whatever the reference holds).
 */
export interface QualityRecall {
  majorRecall: number | null;
  minorRecall: number | null;
  minorShare: number;
}

/** One evaluated excerpt: its song and per-frame reference/estimate classes. */
export interface ScoredItem {
  song: string;
  reference: Int16Array;
  estimate: Int16Array;
}

/** Throws when the arrays differ in length or hold a value outside NO_CHORD..59 (the reference: also OUT_OF_VOCABULARY). */
export function validate(reference: Int16Array, estimate: Int16Array): void {
  if (reference.length !== estimate.length) {
    throw new Error(`reference has ${reference.length} frames but estimate has ${estimate.length}`);
  }
  for (const [name, seq, lowest] of [["reference", reference, OUT_OF_VOCABULARY], ["estimate", estimate, NO_CHORD]] as const) {
    for (let n = 0; n < seq.length; n++) {
      if (seq[n] < lowest || seq[n] >= MAX_CHORDS) {
        throw new Error(`${name} frame ${n} has class ${seq[n]}; expected ${lowest === OUT_OF_VOCABULARY ? "-2 (outside the vocabulary), " : ""}-1 (no chord) or 0..${MAX_CHORDS - 1}`);
      }
    }
  }
}

/** Precision, recall and F-measure over (frame, chord) items (FMP §5.2.2; see module comment). */
export function frameScores(reference: Int16Array, estimate: Int16Array): FrameScores {
  validate(reference, estimate);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let n = 0; n < reference.length; n++) {
    const ref = reference[n];
    const est = estimate[n];
    if (ref === OUT_OF_VOCABULARY) continue;
    if (ref !== NO_CHORD && est === ref) tp++;
    else {
      if (est !== NO_CHORD) fp++;
      if (ref !== NO_CHORD) fn++;
    }
  }
  return { ...prf(tp, fp, fn), tp, fp, fn, frames: reference.length };
}

function prf(tp: number, fp: number, fn: number): { precision: number; recall: number; f: number } {
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f = tp > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f };
}

/**
 * mir_eval-style majmin accuracy: the fraction of frames with a reference maj/min chord whose
 * estimate is that chord (frames are uniform, so frame counts are the duration weights).
 * Unlike mir_eval, reference no-chord frames are left out (dChord's NO_CHORD also stands for X
 * and for chords outside maj/min, which mir_eval excludes); 0 when no frame has a reference chord,
 * as mir_eval's `weighted_accuracy` returns 0 for all-zero weights. Seventh chords count as their
 * triad (C:7 = C:maj, as mir_eval's majmin compares them); OUT_OF_VOCABULARY frames are left out.
 */
export function majminAccuracy(reference: Int16Array, estimate: Int16Array): number {
  validate(reference, estimate);
  let scored = 0;
  let correct = 0;
  for (let n = 0; n < reference.length; n++) {
    if (reference[n] < 0) continue;
    scored++;
    if (triadClass(estimate[n]) === triadClass(reference[n])) correct++;
  }
  return scored > 0 ? correct / scored : 0;
}

const qualityOf = (c: number): Quality | undefined => (c < 0 ? undefined : isMinor(c) ? "minor" : "major");

/** Frame counts per chord quality (reference, estimated, correct). */
export function qualityCounts(reference: Int16Array, estimate: Int16Array): Record<Quality, QualityCount> {
  validate(reference, estimate);
  const counts = { major: { reference: 0, estimated: 0, correct: 0 }, minor: { reference: 0, estimated: 0, correct: 0 } };
  for (let n = 0; n < reference.length; n++) {
    const ref = qualityOf(reference[n]);
    const est = qualityOf(estimate[n]);
    if (ref) counts[ref].reference++;
    if (est) counts[est].estimated++;
    if (ref && estimate[n] === reference[n]) counts[ref].correct++;
  }
  return counts;
}

/** Recall per quality and the share of frames estimated minor (see `QualityRecall`). */
export function qualityRecall(reference: Int16Array, estimate: Int16Array): QualityRecall {
  const c = qualityCounts(reference, estimate);
  const recall = (q: QualityCount) => (q.reference > 0 ? q.correct / q.reference : null);
  return {
    majorRecall: recall(c.major),
    minorRecall: recall(c.minor),
    minorShare: reference.length > 0 ? c.minor.estimated / reference.length : 0,
  };
}

/**
 * One line per quality that the reference holds but the estimate never does, e.g.
 * "no minor chord predicted on the test set (426 reference minor frames)": a collapsed template.
 */
export function neverPredicted(counts: Record<Quality, QualityCount>, where: string): string[] {
  return QUALITIES.filter((q) => counts[q].reference > 0 && counts[q].estimated === 0).map(
    (q) => `no ${q} chord predicted on ${where} (${counts[q].reference} reference ${q} frames)`,
  );
}

/** The scores in a vocabulary (`VocabularyScores`). */
export function vocabularyScores(reference: Int16Array, estimate: Int16Array, vocabulary: Vocabulary): VocabularyScores {
  validate(reference, estimate);
  const names = [...vocabulary.qualities, "N"];
  const counts = new Map(names.map((q) => [q, { reference: 0, correct: 0 }]));
  let scored = 0;
  let exact = 0;
  let triad = 0;
  for (let n = 0; n < reference.length; n++) {
    const ref = reference[n];
    if (ref === OUT_OF_VOCABULARY) continue;
    if (ref >= vocabulary.chords || estimate[n] >= vocabulary.chords) {
      throw new Error(`frame ${n}: class ${Math.max(ref, estimate[n])} is not in the ${vocabulary.name} vocabulary`);
    }
    scored++;
    const hit = estimate[n] === ref;
    if (hit) exact++;
    if (triadClass(estimate[n]) === triadClass(ref)) triad++;
    const count = counts.get(ref === NO_CHORD ? "N" : chordQuality(ref))!;
    count.reference++;
    if (hit) count.correct++;
  }
  const share = (k: number) => (scored > 0 ? k / scored : 0);
  const recall = Object.fromEntries(names.map((q) => [q, counts.get(q)!.reference > 0 ? counts.get(q)!.correct / counts.get(q)!.reference : null]));
  return { name: vocabulary.name, accuracy: share(exact), majmin: share(triad), recall };
}

/** Frame scores, majmin accuracy and per-quality recall of one reference/estimate pair; with a vocabulary (the context model) also its `vocabulary` scores. */
export function scores(reference: Int16Array, estimate: Int16Array, vocabulary?: Vocabulary): Scores {
  return {
    ...frameScores(reference, estimate),
    majmin: majminAccuracy(reference, estimate),
    ...qualityRecall(reference, estimate),
    ...(vocabulary ? { vocabulary: vocabularyScores(reference, estimate, vocabulary) } : {}),
  };
}

/** Scores of several excerpts pooled frame by frame (micro average: counts are summed). */
export function pooledScores(items: readonly ScoredItem[], vocabulary?: Vocabulary): Scores {
  const [reference, estimate] = pooled(items);
  return scores(reference, estimate, vocabulary);
}

/** Quality counts of several excerpts pooled frame by frame. */
export function pooledQualityCounts(items: readonly ScoredItem[]): Record<Quality, QualityCount> {
  return qualityCounts(...pooled(items));
}

function pooled(items: readonly ScoredItem[]): [Int16Array, Int16Array] {
  return [concat(items.map((i) => i.reference)), concat(items.map((i) => i.estimate))];
}

/** Pooled scores per song, keyed by song name in order of first appearance. */
export function perSongScores(items: readonly ScoredItem[], vocabulary?: Vocabulary): Record<string, Scores> {
  const bySong = new Map<string, ScoredItem[]>();
  for (const item of items) {
    const list = bySong.get(item.song) ?? [];
    list.push(item);
    bySong.set(item.song, list);
  }
  const out: Record<string, Scores> = {};
  for (const [song, list] of bySong) out[song] = pooledScores(list, vocabulary);
  return out;
}

function concat(parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

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
 * - P = TP/(TP+FP), R = TP/(TP+FN), F = 2PR/(P+R); each is 0 when its denominator (or TP) is 0.
 */
import { NO_CHORD, NUM_CHORDS } from "../annotations/chordClasses.js";

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

/** The `Scores` of metrics.json: frame scores plus majmin accuracy. */
export interface Scores extends FrameScores {
  majmin: number;
}

/** One evaluated excerpt: its song and per-frame reference/estimate classes. */
export interface ScoredItem {
  song: string;
  reference: Int16Array;
  estimate: Int16Array;
}

/** Throws when the arrays differ in length or hold a value outside NO_CHORD..23. */
export function validate(reference: Int16Array, estimate: Int16Array): void {
  if (reference.length !== estimate.length) {
    throw new Error(`reference has ${reference.length} frames but estimate has ${estimate.length}`);
  }
  for (const [name, seq] of [["reference", reference], ["estimate", estimate]] as const) {
    for (let n = 0; n < seq.length; n++) {
      if (seq[n] < NO_CHORD || seq[n] >= NUM_CHORDS) {
        throw new Error(`${name} frame ${n} has class ${seq[n]}; expected -1 (no chord) or 0..23`);
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
 * Unlike mir_eval, reference no-chord frames are left out (our NO_CHORD also stands for X and
 * for chords outside maj/min, which mir_eval excludes); 0 when no frame has a reference chord,
 * as mir_eval's `weighted_accuracy` returns 0 for all-zero weights.
 */
export function majminAccuracy(reference: Int16Array, estimate: Int16Array): number {
  validate(reference, estimate);
  let scored = 0;
  let correct = 0;
  for (let n = 0; n < reference.length; n++) {
    if (reference[n] === NO_CHORD) continue;
    scored++;
    if (estimate[n] === reference[n]) correct++;
  }
  return scored > 0 ? correct / scored : 0;
}

/** Frame scores and majmin accuracy of one reference/estimate pair. */
export function scores(reference: Int16Array, estimate: Int16Array): Scores {
  return { ...frameScores(reference, estimate), majmin: majminAccuracy(reference, estimate) };
}

/** Scores of several excerpts pooled frame by frame (micro average: counts are summed). */
export function pooledScores(items: readonly ScoredItem[]): Scores {
  return scores(concat(items.map((i) => i.reference)), concat(items.map((i) => i.estimate)));
}

/** Pooled scores per song, keyed by song name in order of first appearance. */
export function perSongScores(items: readonly ScoredItem[]): Record<string, Scores> {
  const bySong = new Map<string, ScoredItem[]>();
  for (const item of items) {
    const list = bySong.get(item.song) ?? [];
    list.push(item);
    bySong.set(item.song, list);
  }
  const out: Record<string, Scores> = {};
  for (const [song, list] of bySong) out[song] = pooledScores(list);
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

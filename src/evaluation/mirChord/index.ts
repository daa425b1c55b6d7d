/**
 * mir_eval-compatible chord evaluation (mir_eval.chord.evaluate), on Harte-labelled intervals.
 *
 *   1. tidy both annotations (drop zero-length segments, close ≤ 1 µs overlaps: intervals.ts);
 *   2. fit the estimate to the reference's span, padding or replacing with N (`adjust_intervals`);
 *   3. cut both at every boundary of either (`merge_labeled_intervals`); piece durations are the weights;
 *   4. compare the labels of each piece under the 12 rules of measures.ts; a reference chord a rule
 *      cannot judge is left out of that rule (weighted_accuracy);
 *   5. overseg / underseg / seg from the directional Hamming distance between the two
 *      annotations after joining equal neighbouring chords (`merge_chord_intervals`).
 *
 * `evaluateChords` returns the 15 scores under mir_eval's key names; `evaluateChordsWeighted` also
 * returns the duration each score was computed over, which `totalChordScores` uses to pool files.
 */
import { InputError } from "../../errors.js";
import { encodeChords } from "./encode.js";
import {
  adjustToSpan,
  mergeChordIntervals,
  mergeLabeledIntervals,
  tidySegments,
  type LabeledSegment,
} from "./intervals.js";
import { COMPARISON_NAMES, COMPARISONS, weightedAccuracy } from "./measures.js";
import { overSegmentation, underSegmentation } from "./segmentation.js";

export const SEGMENTATION_NAMES = ["overseg", "underseg", "seg"] as const;
/** The 15 keys of mir_eval.chord.evaluate, in the order chordtrain prints them. */
export const CHORD_SCORE_NAMES = [...COMPARISON_NAMES, ...SEGMENTATION_NAMES] as const;
export type ChordScoreName = (typeof CHORD_SCORE_NAMES)[number];
export type ChordScores = Record<ChordScoreName, number>;

/** Scores plus, per score, the reference duration (seconds) it was computed over. */
export interface WeightedChordScores {
  scores: ChordScores;
  /** Comparisons: the duration of reference chords the measure includes; segmentation: the reference span. */
  weights: ChordScores;
}

export type { LabeledSegment } from "./intervals.js";
export { encodeChord, encodeChords, type EncodedChord } from "./encode.js";
export { COMPARISONS, COMPARISON_NAMES, EXCLUDED, weightedAccuracy, type ComparisonName } from "./measures.js";
export { directionalHammingDistance, overSegmentation, underSegmentation, segmentation } from "./segmentation.js";
export { adjustToSpan, mergeChordIntervals, mergeLabeledIntervals, tidySegments } from "./intervals.js";

/** mir_eval.chord.evaluate(ref, est): the 15 scores. Labels must be Harte (InputError otherwise). */
export function evaluateChords(ref: readonly LabeledSegment[], est: readonly LabeledSegment[]): ChordScores {
  return evaluateChordsWeighted(ref, est).scores;
}

export function evaluateChordsWeighted(
  reference: readonly LabeledSegment[],
  estimate: readonly LabeledSegment[],
): WeightedChordScores {
  const ref = tidySegments(reference, "reference");
  if (ref.length === 0) throw new InputError("reference: no segment of positive duration");
  const tMinSec = ref[0].startSec;
  const tMaxSec = ref[ref.length - 1].endSec;
  const est = adjustToSpan(tidySegments(estimate, "estimate"), tMinSec, tMaxSec);

  const merged = mergeLabeledIntervals(ref, est);
  const refChords = encodeChords(merged.refLabels);
  const estChords = encodeChords(merged.estLabels);
  const scores = {} as ChordScores;
  const weights = {} as ChordScores;
  for (const name of COMPARISON_NAMES) {
    const compare = COMPARISONS[name];
    const result = weightedAccuracy(
      refChords.map((r, i) => compare(r, estChords[i])),
      merged.durations,
    );
    scores[name] = result.score;
    weights[name] = result.weight;
  }
  const refIntervals = mergeChordIntervals(ref);
  const estIntervals = mergeChordIntervals(est);
  scores.overseg = overSegmentation(refIntervals, estIntervals);
  scores.underseg = underSegmentation(refIntervals, estIntervals);
  scores.seg = Math.min(scores.overseg, scores.underseg);
  const span = tMaxSec - tMinSec;
  for (const name of SEGMENTATION_NAMES) weights[name] = span;
  return { scores, weights };
}

/**
 * Pools per-file results: each score's total is the weighted mean of the files' scores, weighted by
 * the reference duration that score included in each file (so a file's excluded chords weigh
 * nothing, and the total equals scoring all files as one long annotation). 0 where no file
 * included anything, as mir_eval's weighted_accuracy.
 */
export function totalChordScores(items: readonly WeightedChordScores[]): WeightedChordScores {
  const scores = {} as ChordScores;
  const weights = {} as ChordScores;
  for (const name of CHORD_SCORE_NAMES) {
    let weight = 0;
    let sum = 0;
    for (const item of items) {
      weight += item.weights[name];
      sum += item.scores[name] * item.weights[name];
    }
    scores[name] = weight > 0 ? sum / weight : 0;
    weights[name] = weight;
  }
  return { scores, weights };
}

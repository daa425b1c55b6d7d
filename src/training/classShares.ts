/**
 * Collapse detection from what the weak labels know (issue 16 item 6): the share of training
 * frames the model predicts minor against the share the chord sequences imply.
 *
 * Implied minor share: each training segment's reduced chord sequence stretched uniformly over
 * its frames (every chord of the n gets 1/n of the segment), so the share is the mean over
 * segments with a chord of (minor chords in the sequence) / n. No frame label is used.
 * Predicted minor share: the frames of every training segment whose most probable chord (argmax
 * of the 24 chord outputs, as predictions decode) is minor.
 *
 * A run is flagged when, at the kept epoch, the predicted share is below COLLAPSE_RATIO times the
 * implied one while the sequences imply at least MIN_IMPLIED minor (soft-DTW's minor-chord
 * collapse: README, issue 16).
 */
import { isMinor, NUM_CHORDS } from "../annotations/chordClasses.js";
import { reduceLabels } from "../dataset/targets.js";
import { argmaxPath } from "../model/predict.js";
import type { PreparedSet } from "./batches.js";

/** Flag when predicted < COLLAPSE_RATIO · implied … */
export const COLLAPSE_RATIO = 0.25;
/** … and implied ≥ MIN_IMPLIED (a corpus with almost no minor chord cannot collapse). */
export const MIN_IMPLIED = 0.05;

/** The minor share the training segments' reduced chord sequences imply (module comment); NaN without any chord. */
export function impliedMinorShare(segments: PreparedSet["segments"]): number {
  let total = 0;
  let counted = 0;
  for (const s of segments) {
    const reduced = reduceLabels(s.trainLabels);
    if (reduced.length === 0) continue;
    let minor = 0;
    for (const c of reduced) if (isMinor(c)) minor++;
    total += minor / reduced.length;
    counted++;
  }
  return counted === 0 ? NaN : total / counted;
}

/** Share of frames of `probabilities` [frames][24] whose argmax is a minor chord (first maximum on ties). */
export function predictedMinorShare(probabilities: ArrayLike<number>): number {
  const decoded = argmaxPath(probabilities, NUM_CHORDS); // predictions' own decision (lowest class on ties)
  let minor = 0;
  for (const c of decoded) if (isMinor(c)) minor++;
  return decoded.length === 0 ? NaN : minor / decoded.length;
}

/** The class-share check's rule: the sequences imply at least MIN_IMPLIED minor and the model predicts under COLLAPSE_RATIO of it. */
export function collapsedShare(predicted: number, implied: number): boolean {
  return implied >= MIN_IMPLIED && predicted < COLLAPSE_RATIO * implied;
}

/** The run note for a minor-chord collapse at the kept epoch, or undefined. */
export function minorCollapseNote(record: { epoch: number; trainMinorShare: number; impliedMinorShare: number }): string | undefined {
  const { trainMinorShare: predicted, impliedMinorShare: implied } = record;
  if (!collapsedShare(predicted, implied)) return undefined;
  const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
  return (
    `warning: minor-chord collapse at the kept epoch ${record.epoch}: the model predicts minor on ${pct(predicted)} of the training frames, ` +
    `the chord sequences imply ${pct(implied)} (history.csv train_minor_share, implied_minor_share)`
  );
}

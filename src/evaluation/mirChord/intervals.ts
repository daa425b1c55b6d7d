/**
 * Labelled time intervals as mir_eval.util handles them before chord comparison:
 * `adjust_intervals` (fit the estimate to the reference's span), `merge_labeled_intervals`
 * (common boundaries) and mir_eval.chord's `merge_chord_intervals` (join equal neighbours).
 *
 * Two inputs mir_eval chokes on are tidied first (`tidySegments`), without changing any score it
 * does compute: zero-length segments are dropped (they weigh nothing; mir_eval's loader warns and
 * its segmentation measures raise), and a segment that starts up to 1 µs before its predecessor
 * ends (microsecond rounding in published annotations) starts at that end instead.
 */
import { OVERLAP_TOLERANCE_SEC } from "../../annotations/spans.js";
import { InputError } from "../../errors.js";
import { encodeChords, type EncodedChord } from "./encode.js";

/** One labelled interval: `[startSec, endSec)` with a Harte label. ChordSpan fits. */
export interface LabeledSegment {
  startSec: number;
  endSec: number;
  label: string;
}

/** Two annotations cut at the union of their boundaries (mir_eval `merge_labeled_intervals`). */
export interface MergedIntervals {
  /** [n] interval durations, seconds (> 0): the comparison weights. */
  durations: number[];
  refLabels: string[];
  estLabels: string[];
}

export const NO_CHORD_LABEL = "N";

/** Drops zero-length segments and closes overlaps of ≤ 1 µs; InputError for anything else out of order. */
export function tidySegments(segments: readonly LabeledSegment[], what: string): LabeledSegment[] {
  const out: LabeledSegment[] = [];
  for (const s of segments) {
    if (!(s.endSec >= s.startSec) || s.startSec < 0 || !Number.isFinite(s.endSec)) {
      throw new InputError(`${what}: segment [${s.startSec}, ${s.endSec}] "${s.label}" is not a valid time interval`);
    }
    const previous = out[out.length - 1];
    let startSec = s.startSec;
    if (previous && startSec < previous.endSec) {
      if (previous.endSec - startSec > OVERLAP_TOLERANCE_SEC * (1 + 1e-6)) {
        throw new InputError(`${what}: segment "${s.label}" starts at ${startSec}, before the previous one ends at ${previous.endSec}`);
      }
      startSec = previous.endSec;
    }
    if (s.endSec > startSec) out.push({ startSec, endSec: s.endSec, label: s.label });
  }
  return out;
}

/**
 * mir_eval `adjust_intervals(est, labels, t_min, t_max, "N", "N")`: segments ending before
 * `tMinSec` or starting after `tMaxSec` are removed, the rest clipped to the range, and an `N`
 * segment is added where the estimate starts late or ends early. Zero-length pieces left by the
 * clipping (a segment ending exactly at `tMinSec`) are dropped, as `tidySegments` does.
 */
export function adjustToSpan(segments: readonly LabeledSegment[], tMinSec: number, tMaxSec: number): LabeledSegment[] {
  if (segments.length === 0) return [{ startSec: tMinSec, endSec: tMaxSec, label: NO_CHORD_LABEL }];
  const clipped = segments
    .filter((s) => s.endSec >= tMinSec && s.startSec <= tMaxSec)
    .map((s) => ({ startSec: Math.max(tMinSec, s.startSec), endSec: Math.min(tMaxSec, s.endSec), label: s.label }))
    .filter((s) => s.endSec > s.startSec);
  if (clipped.length === 0) return [{ startSec: tMinSec, endSec: tMaxSec, label: NO_CHORD_LABEL }];
  const out = [...clipped];
  if (out[0].startSec > tMinSec) out.unshift({ startSec: tMinSec, endSec: out[0].startSec, label: NO_CHORD_LABEL });
  const lastEnd = out[out.length - 1].endSec;
  if (lastEnd < tMaxSec) out.push({ startSec: lastEnd, endSec: tMaxSec, label: NO_CHORD_LABEL });
  return out;
}

/**
 * mir_eval `merge_labeled_intervals`: both annotations (already spanning the same range) are cut
 * at every boundary of either; each piece takes, from each annotation, the label of the last
 * segment starting at or before it — so a gap inside an annotation carries the label before it.
 */
export function mergeLabeledIntervals(ref: readonly LabeledSegment[], est: readonly LabeledSegment[]): MergedIntervals {
  const times = [...new Set([...ref, ...est].flatMap((s) => [s.startSec, s.endSec]))].sort((a, b) => a - b);
  const out: MergedIntervals = { durations: [], refLabels: [], estLabels: [] };
  let r = 0;
  let e = 0;
  for (let k = 0; k + 1 < times.length; k++) {
    const t0 = times[k];
    while (r + 1 < ref.length && ref[r + 1].startSec <= t0) r++;
    while (e + 1 < est.length && est[e + 1].startSec <= t0) e++;
    out.durations.push(times[k + 1] - t0);
    out.refLabels.push(ref[r].label);
    out.estLabels.push(est[e].label);
  }
  return out;
}

/** A plain interval `[startSec, endSec]`. */
export type Interval = readonly [number, number];

/**
 * mir_eval.chord `merge_chord_intervals`: consecutive segments whose chords encode identically
 * with extended chords reduced (`C:maj` = `C:(1,3,5)`, but `C:7` ≠ `C:9`) become one interval.
 */
export function mergeChordIntervals(segments: readonly LabeledSegment[]): Interval[] {
  const encoded = encodeChords(
    segments.map((s) => s.label),
    { reduceExtended: true },
  );
  const out: [number, number][] = [];
  let previous: EncodedChord | undefined;
  segments.forEach((s, k) => {
    if (previous && sameChord(previous, encoded[k])) out[out.length - 1][1] = s.endSec;
    else out.push([s.startSec, s.endSec]);
    previous = encoded[k];
  });
  return out;
}

export function sameChord(a: EncodedChord, b: EncodedChord): boolean {
  return a.root === b.root && a.bass === b.bass && a.bitmap.every((bit, i) => bit === b.bitmap[i]);
}

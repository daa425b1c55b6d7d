/**
 * Segmentation quality from the directional Hamming distance (Harte 2010, §8.3; MIREX ACE's
 * OverSeg, UnderSeg and MeanSeg; mir_eval.chord `directional_hamming_distance`, `overseg`,
 * `underseg`, `seg`).
 *
 * For every interval of A, the longest stretch of it that no boundary of B cuts is "explained";
 * the rest is the distance: h(A‖B) = Σ_A (duration − longest uncut piece) / (end of A − start of A).
 * overseg = 1 − h(ref‖est) (the estimate cuts reference chords), underseg = 1 − h(est‖ref)
 * (the estimate's chords straddle reference boundaries), seg = min of the two. Boundaries of B
 * count when they fall in [start, end) of an A interval.
 */
import type { Interval } from "./intervals.js";

/** h(a‖b): the fraction of a's span not explained by the best-matching piece of each a interval. */
export function directionalHammingDistance(a: readonly Interval[], b: readonly Interval[]): number {
  checkIntervals(a, "first");
  checkIntervals(b, "second");
  const boundaries = [...new Set(b.flat())].sort((x, y) => x - y);
  let distance = 0;
  for (const [start, end] of a) {
    let longest = 0;
    let piece = start;
    for (const t of boundaries) {
      if (t < start) continue;
      if (t >= end) break;
      longest = Math.max(longest, t - piece);
      piece = t;
    }
    longest = Math.max(longest, end - piece);
    distance += end - start - longest;
  }
  return distance / (a[a.length - 1][1] - a[0][0]);
}

/** 1 − h(ref‖est): 1 when no estimated boundary falls inside a reference interval. */
export function overSegmentation(ref: readonly Interval[], est: readonly Interval[]): number {
  return 1 - directionalHammingDistance(ref, est);
}

/** 1 − h(est‖ref): 1 when no reference boundary falls inside an estimated interval. */
export function underSegmentation(ref: readonly Interval[], est: readonly Interval[]): number {
  return 1 - directionalHammingDistance(est, ref);
}

/** min(overseg, underseg). */
export function segmentation(ref: readonly Interval[], est: readonly Interval[]): number {
  return Math.min(overSegmentation(ref, est), underSegmentation(ref, est));
}

/** mir_eval.util.validate_intervals plus the no-overlap rule of directional_hamming_distance. */
function checkIntervals(intervals: readonly Interval[], which: string): void {
  if (intervals.length === 0) throw new Error(`directional Hamming distance: the ${which} interval list is empty`);
  intervals.forEach(([start, end], k) => {
    if (!(start >= 0 && end > start)) throw new Error(`directional Hamming distance: ${which} interval ${k} is [${start}, ${end}]`);
    if (k > 0 && intervals[k - 1][1] > start) throw new Error(`directional Hamming distance: ${which} intervals ${k - 1} and ${k} overlap`);
  });
}

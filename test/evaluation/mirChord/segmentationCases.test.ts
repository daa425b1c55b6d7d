/**
 * overseg / underseg / seg in two situations the other tests do not reach, every expected value
 * worked out by hand in the comments (mir_eval.chord conventions, read from mir_eval 0.7's
 * chord.py: `evaluate` fits the estimate to the reference span with `adjust_intervals`, then both
 * go through `merge_chord_intervals`, which joins *consecutive segments whose encodings are
 * identical* — root, bass and the 12-bit pitch set with extended chords reduced, so the 9th of
 * C:9 is bit 2 — not segments that merely share a root; `directional_hamming_distance(A, B)`
 * sums, over A's intervals, duration minus the longest piece no boundary of B in [start, end)
 * cuts, and divides by A's span, last end − first start).
 *
 *   overseg  = 1 − h(ref‖est)   underseg = 1 − h(est‖ref)   seg = min(overseg, underseg)
 */
import { describe, expect, it } from "vitest";
import { evaluateChords, mergeChordIntervals, type LabeledSegment } from "../../../src/evaluation/mirChord/index.js";

/** "0 2 C:maj, 2 4 A:min" → segments. */
const ann = (text: string): LabeledSegment[] =>
  text.split(/,\s+/).map((row) => {
    const [start, end, label] = row.trim().split(/\s+/);
    return { startSec: Number(start), endSec: Number(end), label };
  });

describe("same-root extended chords side by side in the reference", () => {
  it("C:7 then C:9 stay two reference chords: one estimated C:7 across both under-segments", () => {
    // ref intervals after merging: [0,2] C:7, [2,4] C:9 (C:9 has the D bit, C:7 not), [4,6] G.
    // est: [0,4] C:7, [4,6] G.
    // h(ref‖est): est boundaries {0, 4, 6}. [0,2]: cut only at its start → 0 unexplained;
    //   [2,4]: no est boundary in [2,4) → 0; [4,6]: cut at its start → 0. overseg = 1 − 0/6 = 1.
    // h(est‖ref): ref boundaries {0, 2, 4, 6}. [0,4] is cut at 2 into 2 + 2 → 2 s unexplained;
    //   [4,6] → 0. underseg = 1 − 2/6 = 2/3. seg = min(1, 2/3) = 2/3.
    const s = evaluateChords(ann("0 2 C:7, 2 4 C:9, 4 6 G:maj"), ann("0 4 C:7, 4 6 G:maj"));
    expect(s.overseg).toBe(1);
    expect(s.underseg).toBeCloseTo(2 / 3, 12);
    expect(s.seg).toBeCloseTo(2 / 3, 12);
  });

  it("and the other way round: an estimated C:7 | C:9 boundary inside one reference C:7 over-segments", () => {
    // ref: [0,4] C:7, [4,6] G. est after merging: [0,2], [2,4], [4,6].
    // h(ref‖est): [0,4] cut at 2 → 2 s unexplained; overseg = 1 − 2/6 = 2/3. h(est‖ref) = 0 → underseg = 1.
    const s = evaluateChords(ann("0 4 C:7, 4 6 G:maj"), ann("0 2 C:7, 2 4 C:9, 4 6 G:maj"));
    expect(s.overseg).toBeCloseTo(2 / 3, 12);
    expect(s.underseg).toBe(1);
    expect(s.seg).toBeCloseTo(2 / 3, 12);
  });

  it("identical neighbours are joined: C:7 then C:7 is one reference chord (seg = 1)", () => {
    // ref merges to [0,4] C:7, [4,6] G = the estimate's intervals: no boundary cuts anything.
    const s = evaluateChords(ann("0 2 C:7, 2 4 C:7, 4 6 G:maj"), ann("0 4 C:7, 4 6 G:maj"));
    expect([s.overseg, s.underseg, s.seg]).toEqual([1, 1, 1]);
  });

  it("the same chord spelt two ways is joined: C:9 = C:7(9) = C, E, G, B♭, D", () => {
    // Both encode to root 0, bass 0, bits {0, 2, 4, 7, 10}: one interval [0,4], so as above seg = 1.
    expect(mergeChordIntervals(ann("0 2 C:9, 2 4 C:7(9), 4 6 G:maj"))).toEqual([[0, 4], [4, 6]]);
    const s = evaluateChords(ann("0 2 C:9, 2 4 C:7(9), 4 6 G:maj"), ann("0 4 C:7, 4 6 G:maj"));
    expect([s.overseg, s.underseg, s.seg]).toEqual([1, 1, 1]);
  });

  it("mergeChordIntervals keeps apart what differs in pitch set or bass, and joins nothing across a change", () => {
    // C:7 | C:9 (9th), C:9 | C:7/3 (pitch set and bass), C:7/3 | C:7 (bass only), C:7 | C:maj7 (B vs B♭).
    expect(mergeChordIntervals(ann("0 1 C:7, 1 2 C:9, 2 3 C:7/3, 3 4 C:7, 4 5 C:maj7, 5 6 C:maj7"))).toEqual([
      [0, 1], [1, 2], [2, 3], [3, 4], [4, 6],
    ]);
  });
});

describe("a reference that starts after 0", () => {
  // ref: [0.5,2] C, [2,4] G — span 4 − 0.5 = 3.5 s, not 4.
  // est: [0,1] C, [1,3] G, [3,4] F — adjust_intervals clips it to the reference span:
  //   [0.5,1] C, [1,3] G, [3,4] F.
  const s = evaluateChords(ann("0.5 2 C:maj, 2 4 G:maj"), ann("0 1 C:maj, 1 3 G:maj, 3 4 F:maj"));

  it("overseg divides by the reference span (3.5 s): 1 − 1.5/3.5 = 4/7", () => {
    // est boundaries {0.5, 1, 3, 4}. ref [0.5,2]: cuts at 0.5 and 1 → pieces 0.5, 1 → longest 1,
    //   0.5 s unexplained. ref [2,4]: cut at 3 → pieces 1, 1 → 1 s unexplained. Sum 1.5 s.
    expect(s.overseg).toBeCloseTo(1 - 1.5 / 3.5, 12);
    expect(s.overseg).toBeCloseTo(4 / 7, 12);
  });

  it("underseg divides by the clipped estimate's span (3.5 s): 1 − 1/3.5 = 5/7", () => {
    // ref boundaries {0.5, 2, 4}. est [0.5,1]: uncut → 0. [1,3]: cut at 2 → 1 + 1 → 1 s unexplained.
    //   [3,4]: uncut → 0. Sum 1 s. Had the estimate kept [0,1], [0,1] would be cut at 0.5 (another
    //   0.5 s) and the span would be 4 s: 1 − 1.5/4 — a different number.
    expect(s.underseg).toBeCloseTo(5 / 7, 12);
    expect(s.seg).toBeCloseTo(4 / 7, 12);
  });

  it("majmin weighs only the reference span: (0.5 + 1) / 3.5 = 3/7", () => {
    // pieces [0.5,1] C|C ✓ 0.5 s, [1,2] C|G ✗, [2,3] G|G ✓ 1 s, [3,4] G|F ✗.
    expect(s.majmin).toBeCloseTo(3 / 7, 12);
  });

  it("an estimate that starts late is padded with N from 0.5 s, which cuts nothing extra", () => {
    // est [1,4] G → adjust → [0.5,1] N, [1,4] G. Boundaries {0.5, 1, 4}.
    // h(ref‖est): ref [0.5,2] cut at 0.5 and 1 → pieces 0.5, 1 → 0.5 s; ref [2,4] uncut → 0.
    //   overseg = 1 − 0.5/3.5 = 6/7.
    // h(est‖ref): ref boundaries {0.5, 2, 4}. est [0.5,1] uncut → 0; [1,4] cut at 2 → pieces 1, 2
    //   → 1 s. underseg = 1 − 1/3.5 = 5/7.
    const late = evaluateChords(ann("0.5 2 C:maj, 2 4 G:maj"), ann("1 4 G:maj"));
    expect(late.overseg).toBeCloseTo(6 / 7, 12);
    expect(late.underseg).toBeCloseTo(5 / 7, 12);
    expect(late.seg).toBeCloseTo(5 / 7, 12);
  });
});

/**
 * The twelve comparison rules, one label pair at a time. Rows marked "mir_eval" are the published
 * expectations of mir_eval's tests/test_chord.py (test_mirex, test_thirds, …, and the *_nocomp
 * tests, where the reference is out of the measure's vocabulary → EXCLUDED); the others are
 * hand-derived from the rule in measures.ts's table.
 */
import { describe, expect, it } from "vitest";
import { encodeChord } from "../../../src/evaluation/mirChord/encode.js";
import { COMPARISONS, EXCLUDED, weightedAccuracy, type ComparisonName } from "../../../src/evaluation/mirChord/measures.js";

const X = EXCLUDED;
type Row = [ref: string, est: string, expected: number];

function check(name: ComparisonName, rows: Row[]): void {
  describe(name, () => {
    it.each(rows)("%s vs %s → %d", (ref, est, expected) => {
      expect(COMPARISONS[name](encodeChord(ref), encodeChord(est))).toBe(expected);
    });
  });
}

check("mirex", [
  // mir_eval
  ["N", "N", 1], ["C:maj", "N", 0], ["C:maj", "C:aug", 0], ["C:maj", "C:dim", 0], ["C:min", "C:dim", 0],
  ["C:maj", "C:5", 0], ["C:maj", "C:sus4", 0], ["G:min", "G:sus2", 0], ["C:maj", "G:maj", 0],
  ["C:min", "C:hdim7", 0], ["C:min", "C:min7", 1], ["C:maj", "C:maj6", 1], ["F:maj", "F:min6", 0],
  ["C:maj7", "C:minmaj7", 1], ["A:maj", "A:7", 1], ["A:maj", "A:9", 1], ["C:5", "C:maj", X], ["X", "N", X],
  // hand-derived: ≥ 3 shared pitch classes, whatever the roots
  ["A:min7", "C:maj", 1], // {A,C,E,G} ∩ {C,E,G} = 3
  ["A:min", "C:maj", 0], // {A,C,E} ∩ {C,E,G} = 2
  ["C:maj", "A:min7", 1],
  ["D:(1)", "D:maj", X], // one pitch class
  ["N", "X", 1], // mir_eval quirk: neither has a root
  ["C:maj", "X", 1], // mir_eval quirk: X rotates to all 12 pitch classes
]);

check("thirds", [
  // mir_eval
  ["N", "N", 1], ["C:maj", "N", 0], ["C:maj", "C:aug", 1], ["C:maj", "C:dim", 0], ["C:min", "C:dim", 1],
  ["C:maj", "C:sus4", 1], ["G:min", "G:sus2", 0], ["C:maj", "G:maj", 0], ["C:min", "C:hdim7", 1],
  ["C:min", "C:min7", 1], ["C:maj", "C:maj6", 1], ["F:maj", "F:min6", 0], ["C:maj", "C:minmaj7", 0],
  ["A:maj", "A:7", 1], ["A:maj", "A:9", 1], ["X", "N", X],
]);

check("thirds_inv", [
  // mir_eval
  ["C:maj/5", "C:sus4/5", 1], ["G:min", "G:min/b3", 0], ["C:maj", "C:maj/5", 0], ["C:min/b3", "C:hdim7/b3", 1],
  ["C:min", "C:dim", 1], ["X", "N", X],
]);

check("triads", [
  // mir_eval
  ["C:min", "C:min7", 1], ["C:maj", "C:7", 1], ["C:maj", "C:aug", 0], ["C:min", "C:dim", 0], ["C:maj", "C:sus2", 0],
  ["C:maj", "C:sus4", 0], ["G:min", "G:minmaj7", 1], ["C:maj", "G:maj", 0], ["C:min", "C:hdim7", 0],
  ["C:min", "C:min6", 1], ["X", "N", X],
  // hand-derived: enharmonic roots are the same pitch class
  ["C#:min", "Db:min", 1], ["Cb:maj", "B:maj", 1],
]);

check("triads_inv", [
  // mir_eval
  ["C:maj/5", "C:maj7/5", 1], ["G:min", "G:min7/5", 0], ["C:maj", "C:7/5", 0], ["C:min/b3", "C:min6/b3", 1],
  ["C:min/b3", "C:dim/b3", 0], ["X", "N", X],
]);

check("tetrads", [
  // mir_eval
  ["C:min", "C:min7", 0], ["C:maj", "C:maj6", 0], ["C:7", "C:9", 1], ["C:maj7", "C:maj7/5", 1],
  ["C:sus2", "C:sus2/2", 1], ["C:7/3", "C:11/b7", 1], ["G:min", "G:sus2", 0], ["C:maj", "G:maj", 0],
  ["C:min", "C:hdim7", 0], ["C:min", "C:minmaj7", 0], ["X", "N", X],
]);

check("tetrads_inv", [
  // mir_eval
  ["C:maj7/5", "C:maj7/3", 0], ["G:min", "G:min/b3", 0], ["C:7/5", "C:13/5", 1], ["C:min/b3", "C:hdim7/b3", 0],
  ["C:min9", "C:min7", 1], ["X", "N", X],
]);

check("root", [
  // hand-derived (mir_eval has no unit test for root)
  ["C:maj", "C:min", 1], ["C:maj", "C:sus4/5", 1], ["C#:maj", "Db:min7", 1], ["C:maj", "G:maj", 0],
  ["N", "N", 1], ["C:maj", "N", 0], ["N", "C:maj", 0], ["X", "C:maj", X], ["N", "X", 1],
]);

check("majmin", [
  // mir_eval
  ["N", "N", 1], ["C:maj", "N", 0], ["C:maj", "C:aug", 0], ["C:min", "C:dim", 0], ["G:maj7", "G", 1],
  ["C:aug", "C:maj", X], ["X", "N", X],
  // hand-derived: only the first 8 semitones count, so C:7 ≡ C:maj; sus, dim, 5 are left out
  ["C:7", "C:maj", 1], ["C:maj", "C:7", 1], ["C:maj", "C:min", 0], ["C:sus4", "C:sus4", X], ["C:sus2", "C:maj", X],
  ["C:dim", "C:min", X], ["C:5", "C:maj", X], ["C:maj/b7", "C:maj", 1], ["C:maj/3", "C:maj", 1],
  ["Db:maj", "C#:maj", 1],
]);

check("majmin_inv", [
  // mir_eval
  ["C:maj/5", "C:sus4/5", 0], ["G:min", "G:min/b3", 0], ["C:maj/5", "C:maj/5", 1], ["C:min7", "C:min", 1],
  ["G:min/b3", "G:min/b3", 1], ["C:maj7/5", "C:maj/5", 1], ["C:7", "C:maj", 1],
  ["C:hdim7/b3", "C:min/b3", X], ["C:maj/4", "C:maj/4", X], ["C:maj/2", "C:sus2/2", X], ["X", "N", X],
  // hand-derived: the bass must match
  ["C:maj/3", "C:maj", 0], ["C:maj/3", "C:maj/3", 1], ["N", "N", 1],
]);

check("sevenths", [
  // mir_eval
  ["C:min", "C:min7", 0], ["C:maj", "C:maj6", 0], ["C:7", "C:9", 1], ["C:maj7", "C:maj7/5", 1],
  ["C:7/3", "C:11/b7", 1], ["G:min", "G:sus2", 0], ["C:maj", "G:maj", 0], ["C:7", "C:maj7", 0],
  ["C:sus2", "C:sus2/2", X], ["C:hdim7", "C:hdim7", X], ["X", "N", X],
  // hand-derived: C:7 vs C:maj differ here; N is in the vocabulary
  ["C:7", "C:maj", 0], ["C:maj", "C:7", 0], ["C:min7", "C:min7", 1], ["N", "N", 1], ["C:maj6", "C:maj6", X],
]);

check("sevenths_inv", [
  // mir_eval
  ["C:maj7/5", "C:maj7/3", 0], ["G:min", "G:min/b3", 0], ["C:7/5", "C:13/5", 1], ["C:min7/b7", "C:min7/b7", 1],
  ["C:dim7/b3", "C:dim7/b3", X], ["X", "N", X],
]);

describe("weightedAccuracy", () => {
  it("weights by duration and leaves EXCLUDED comparisons out of both sums", () => {
    // (1·2 + 0·1) / (2 + 1); the excluded 5-second piece weighs nothing.
    expect(weightedAccuracy([1, 0, X], [2, 1, 5])).toEqual({ score: 2 / 3, weight: 3 });
  });
  it("is 0 when nothing is comparable or every weight is 0 (mir_eval returns 0 there)", () => {
    expect(weightedAccuracy([X, X], [1, 2])).toEqual({ score: 0, weight: 0 });
    expect(weightedAccuracy([1, 0, 1], [0, 0, 0])).toEqual({ score: 0, weight: 0 });
  });
  it("refuses mismatched lengths and negative weights (mir_eval test_weighted_accuracy)", () => {
    expect(() => weightedAccuracy([1, 0, 1], [1, 1])).toThrow();
    expect(() => weightedAccuracy([1, 1], [-1, -1])).toThrow();
  });
});

/**
 * evaluateChords end to end on small annotations whose scores are worked out by hand in the
 * comments (merged pieces, included durations, boundaries), plus the segmentation examples
 * published in mir_eval's tests/test_chord.py, and a property test: a perfect estimate scores 1
 * on every measure that includes anything.
 */
import { describe, expect, it } from "vitest";
import {
  CHORD_SCORE_NAMES,
  COMPARISONS,
  COMPARISON_NAMES,
  EXCLUDED,
  encodeChord,
  adjustToSpan,
  directionalHammingDistance,
  evaluateChords,
  evaluateChordsWeighted,
  mergeChordIntervals,
  mergeLabeledIntervals,
  overSegmentation,
  segmentation,
  tidySegments,
  totalChordScores,
  underSegmentation,
  type LabeledSegment,
} from "../../../src/evaluation/mirChord/index.js";
import { createRng } from "../../../src/util/random.js";

/** "0 2 C:maj, 2 4 A:min" → segments (rows end at ", "; labels have no spaces). */
const ann = (text: string): LabeledSegment[] =>
  text.split(/,\s+/).map((row) => {
    const [start, end, label] = row.trim().split(/\s+/);
    return { startSec: Number(start), endSec: Number(end), label };
  });

describe("evaluateChords: hand-derived scores", () => {
  // Pieces: [0,1] C:maj|C:maj, [1,2] C:maj|C:7, [2,3] A:min|C:7, [3,4] A:min|A:min, [4,5] N|A:min.
  const ref = ann("0 2 C:maj, 2 4 A:min, 4 5 N");
  const est = ann("0 1 C:maj, 1 3 C:7, 3 5 A:min");
  const s = evaluateChords(ref, est);

  it("majmin: C:7 counts as C:maj; the reference N needs an estimated N (3 of 5 s)", () => {
    expect(s.majmin).toBeCloseTo(3 / 5, 12);
  });
  it("sevenths: C:7 is not C:maj (2 of 5 s)", () => {
    expect(s.sevenths).toBeCloseTo(2 / 5, 12);
  });
  it("root: right root on [0,2] and [3,4] (3 of 5 s)", () => {
    expect(s.root).toBeCloseTo(3 / 5, 12);
  });
  it("mirex: C:maj and C:7 share C, E, G; A:min and C:7 share only C, E (3 of 5 s)", () => {
    expect(s.mirex).toBeCloseTo(3 / 5, 12);
  });
  it("tetrads 2/5 and thirds 3/5 (bit 3 is off in both C:maj and C:7)", () => {
    expect(s.tetrads).toBeCloseTo(2 / 5, 12);
    expect(s.thirds).toBeCloseTo(3 / 5, 12);
  });
  it("segmentation: every reference chord is cut once and every estimated chord straddles one boundary", () => {
    // ref [0,2] cut at 1 → 1 s unexplained; [2,4] cut at 3 → 1 s; [4,5] uncut. overseg = 1 − 2/5.
    expect(s.overseg).toBeCloseTo(1 - 2 / 5, 12);
    // est [0,1] uncut; [1,3] cut at 2 → 1 s; [3,5] cut at 4 → 1 s. underseg = 1 − 2/5.
    expect(s.underseg).toBeCloseTo(1 - 2 / 5, 12);
    expect(s.seg).toBeCloseTo(1 - 2 / 5, 12);
  });
  it("returns exactly the 15 keys of mir_eval.chord.evaluate", () => {
    expect(Object.keys(s).sort()).toEqual(
      [
        "root", "majmin", "majmin_inv", "thirds", "thirds_inv", "triads", "triads_inv", "tetrads",
        "tetrads_inv", "sevenths", "sevenths_inv", "mirex", "overseg", "underseg", "seg",
      ].sort(),
    );
  });
});

describe("evaluateChords: the estimate is fitted to the reference span", () => {
  it("an estimate that starts early and ends early is trimmed, then padded with N", () => {
    // est → [1,2] C, [2,4] G, [4,5] N. Pieces: [1,2] C|C ✓, [2,3] C|G ✗, [3,4] G|G ✓, [4,5] G|N ✗.
    const s = evaluateChords(ann("1 3 C, 3 5 G"), ann("0 2 C, 2 4 G"));
    expect(s.majmin).toBeCloseTo(2 / 4, 12);
    expect(s.root).toBeCloseTo(2 / 4, 12);
  });
  it("an estimate longer than the reference is cut at the reference end", () => {
    // est → [0,1] C, [1,2] G. overseg: ref [0,2] cut at 1 → 1 − 1/2; underseg: nothing straddles → 1.
    const s = evaluateChords(ann("0 2 C"), ann("0 1 C, 1 3 G, 3 6 F"));
    expect(s.majmin).toBeCloseTo(1 / 2, 12);
    expect(s.overseg).toBeCloseTo(1 / 2, 12);
    expect(s.underseg).toBe(1);
    expect(s.seg).toBeCloseTo(1 / 2, 12);
  });
  it("an empty estimate is all N", () => {
    const s = evaluateChords(ann("0 1 N, 1 4 C"), []);
    expect(s.majmin).toBeCloseTo(1 / 4, 12);
    expect(s.root).toBeCloseTo(1 / 4, 12);
  });
  it("adjustToSpan follows mir_eval.util.adjust_intervals", () => {
    expect(adjustToSpan(ann("0 2 C, 2 4 G, 5 9 F"), 1, 4.5)).toEqual(ann("1 2 C, 2 4 G, 4 4.5 N"));
    expect(adjustToSpan(ann("2 3 C"), 1, 4)).toEqual(ann("1 2 N, 2 3 C, 3 4 N"));
    expect(adjustToSpan(ann("0 1 C, 1 3 G"), 1, 3)).toEqual(ann("1 3 G")); // [1,1] C is dropped
  });
});

describe("evaluateChords: N and X", () => {
  it("a reference X is left out of every comparison measure", () => {
    // Only [1,3] C counts (2 s), and it is right; without the exclusion root would be 2/3.
    const w = evaluateChordsWeighted(ann("0 1 X, 1 3 C"), ann("0 3 C"));
    for (const name of ["root", "majmin", "majmin_inv", "thirds", "triads", "tetrads", "sevenths", "mirex"] as const) {
      expect(w.scores[name]).toBe(1);
      expect(w.weights[name]).toBe(2);
    }
  });
  it("a reference N is scored by majmin and root: only an estimated N matches it", () => {
    expect(evaluateChords(ann("0 1 N, 1 2 C"), ann("0 2 C")).majmin).toBeCloseTo(1 / 2, 12);
    expect(evaluateChords(ann("0 1 N, 1 2 C"), ann("0 1 N, 1 2 C")).majmin).toBe(1);
  });
  it("a reference sus4 is left out of majmin but scored by root", () => {
    const w = evaluateChordsWeighted(ann("0 1 C:sus4, 1 4 C"), ann("0 4 C"));
    expect(w.weights.majmin).toBe(3);
    expect(w.scores.majmin).toBe(1);
    expect(w.weights.root).toBe(4);
    expect(w.scores.root).toBe(1);
    expect(w.scores.tetrads).toBeCloseTo(3 / 4, 12);
  });
  it("inversions: the _inv measures need the bass, the others do not", () => {
    const s = evaluateChords(ann("0 1 C/3, 1 2 G"), ann("0 1 C, 1 2 G"));
    expect(s.majmin).toBe(1);
    expect(s.majmin_inv).toBeCloseTo(1 / 2, 12);
    expect(s.triads_inv).toBeCloseTo(1 / 2, 12);
  });
  it("a reference without any included chord scores 0 on that measure (mir_eval's weighted_accuracy)", () => {
    const w = evaluateChordsWeighted(ann("0 2 C:sus4"), ann("0 2 C:sus4"));
    expect(w.scores.majmin).toBe(0);
    expect(w.weights.majmin).toBe(0);
    expect(w.scores.tetrads).toBe(1);
  });
});

describe("merging and segmentation (mir_eval tests/test_chord.py)", () => {
  const iv = (pairs: number[][]) => pairs.map(([a, b]) => [a, b] as const);
  it("directional Hamming distance: test_directional_hamming_distance", () => {
    const ref = iv([[0, 1], [1, 2], [2, 3]]);
    const est = iv([[0, 0.9], [0.9, 1.8], [1.8, 2.5]]);
    expect(directionalHammingDistance(ref, est)).toBeCloseTo((0.1 + 0.2 + 0.5) / 3, 12);
    expect(directionalHammingDistance(est, ref)).toBeCloseTo((0 + 0.1 + 0.2) / 2.5, 12);
    expect(directionalHammingDistance(ref, ref)).toBe(0);
    expect(() => directionalHammingDistance(iv([[0, 1], [0.9, 2]]), est)).toThrow(/overlap/);
  });
  it("overseg / underseg / seg: test_segmentation_functions", () => {
    const ref = iv([[0, 2], [2, 2.5], [2.5, 3.2]]);
    const cases: [number[][], number, number][] = [
      [[[0, 3], [3, 3.5]], 1 - 0.2 / 3.2, 1 - (1 + 0.2) / 3.5],
      [[[0, 2], [2, 2.5], [2.5, 3.2]], 1, 1],
      [[[0, 3.2]], 1, 1 - 1.2 / 3.2],
      [[[3.2, 3.5]], 1, 1],
    ];
    for (const [est, over, under] of cases) {
      expect(overSegmentation(ref, iv(est))).toBeCloseTo(over, 12);
      expect(underSegmentation(ref, iv(est))).toBeCloseTo(under, 12);
      expect(segmentation(ref, iv(est))).toBeCloseTo(Math.min(over, under), 12);
    }
  });
  it("mergeChordIntervals joins equal encodings: test_merge_chord_intervals", () => {
    const segs = ann("0 1 C:maj, 1 2 C:(1,3,5), 2 3 A:maj, 3 4 A:maj7, 4 5 A:maj7/3");
    expect(mergeChordIntervals(segs)).toEqual([[0, 2], [2, 3], [3, 4], [4, 5]]);
  });
  it("mergeLabeledIntervals cuts at every boundary; a gap keeps the label before it", () => {
    const m = mergeLabeledIntervals(ann("0 2 C, 3 4 G"), ann("0 1 A, 1 4 D"));
    expect(m.durations).toEqual([1, 1, 1, 1]);
    expect(m.refLabels).toEqual(["C", "C", "C", "G"]);
    expect(m.estLabels).toEqual(["A", "D", "D", "D"]);
  });
  it("tidySegments drops zero-length segments and closes overlaps of at most 1 µs", () => {
    expect(tidySegments(ann("0 1 C, 1 1 G, 0.9999995 2 F"), "x")).toEqual(ann("0 1 C, 1 2 F"));
    expect(() => tidySegments(ann("0 1 C, 0.5 2 F"), "reference")).toThrow(/reference/);
  });
});

describe("totalChordScores", () => {
  it("weights each file by the reference duration each measure included", () => {
    const a = evaluateChordsWeighted(ann("0 1 C:sus4, 1 2 C"), ann("0 2 C")); // majmin 1 over 1 s
    const b = evaluateChordsWeighted(ann("0 3 G"), ann("0 3 C")); // majmin 0 over 3 s
    const total = totalChordScores([a, b]);
    expect(total.scores.majmin).toBeCloseTo(1 / 4, 12);
    expect(total.weights.majmin).toBe(4);
    expect(total.scores.root).toBeCloseTo(2 / 5, 12);
    // the same as scoring both songs as one annotation
    const joined = evaluateChords(ann("0 1 C:sus4, 1 2 C, 2 5 G"), ann("0 2 C, 2 5 C"));
    expect(total.scores.majmin).toBeCloseTo(joined.majmin, 12);
  });
});

describe("property: a perfect estimate scores 1 wherever a measure includes anything", () => {
  const ROOTS = ["C", "C#", "Db", "D", "Eb", "E", "F", "F#", "Gb", "G", "Ab", "A", "Bb", "B", "Cb", "B#"];
  const QUALITIES = ["", ":maj", ":min", ":7", ":maj7", ":min7", ":dim", ":aug", ":sus4", ":sus2", ":hdim7", ":9", ":min6", ":5", ":(1,b3)"];
  const BASSES = ["", "", "", "/3", "/5", "/b7", "/2"];
  /** Spell a root differently when it has an enharmonic twin here. */
  const RESPELL: Record<string, string> = { "C#": "Db", Db: "C#", "F#": "Gb", Gb: "F#", Cb: "B", "B#": "C" };

  function randomAnnotation(seed: number): { ref: LabeledSegment[]; est: LabeledSegment[] } {
    const rng = createRng(seed);
    const ref: LabeledSegment[] = [];
    const est: LabeledSegment[] = [];
    let t = rng.next() * 2;
    const n = 1 + rng.int(12);
    for (let k = 0; k < n; k++) {
      const r = rng.next();
      const root = ROOTS[rng.int(ROOTS.length)];
      const body = QUALITIES[rng.int(QUALITIES.length)] + BASSES[rng.int(BASSES.length)];
      const label = r < 0.1 ? "N" : r < 0.15 ? "X" : root + body;
      const end = t + 0.1 + rng.next() * 3;
      ref.push({ startSec: t, endSec: end, label });
      // The estimate may spell the root enharmonically and split the segment in two.
      const estLabel = label.length > 1 && RESPELL[root] && label.startsWith(root) ? RESPELL[root] + body : label;
      if (label !== "X" && rng.next() < 0.3) {
        const mid = (t + end) / 2;
        est.push({ startSec: t, endSec: mid, label: estLabel }, { startSec: mid, endSec: end, label: estLabel });
      } else est.push({ startSec: t, endSec: end, label: estLabel });
      t = end;
    }
    return { ref, est };
  }

  it.each(Array.from({ length: 40 }, (_, i) => i))("random annotation %d", (seed) => {
    const { ref, est } = randomAnnotation(seed);
    const { scores, weights } = evaluateChordsWeighted(ref, est);
    for (const name of CHORD_SCORE_NAMES) {
      if (weights[name] > 0) expect(scores[name], `${name} of ${JSON.stringify(ref)}`).toBeCloseTo(1, 12);
    }
  });
});

describe("property: interval handling agrees with brute-force time sampling", () => {
  // Random reference and an unrelated random estimate (starting later or earlier, ending
  // anywhere); every comparison measure against the accuracy over a dense grid of time points.
  const LABELS = ["N", "X", "C", "C:min", "C:7", "G", "G/3", "A:min", "A:min7", "F:sus4", "Db:maj", "C#:min/b3", "E:dim", "B:hdim7"];
  function random(rng: ReturnType<typeof createRng>, start: number): LabeledSegment[] {
    const out: LabeledSegment[] = [];
    let t = start;
    for (let k = 0, n = 1 + rng.int(8); k < n; k++) {
      const end = t + 0.2 + rng.next() * 2;
      out.push({ startSec: t, endSec: end, label: LABELS[rng.int(LABELS.length)] });
      t = end;
    }
    return out;
  }
  const cache = new Map<string, ReturnType<typeof encodeChord>>();
  const encoded = (label: string) => cache.get(label) ?? cache.set(label, encodeChord(label)).get(label)!;
  const at = (segs: LabeledSegment[], t: number) => segs.find((s) => s.startSec <= t && t < s.endSec)?.label ?? "N";

  it.each(Array.from({ length: 20 }, (_, i) => i))("random pair %d", (seed) => {
    const rng = createRng(seed, 7);
    const ref = random(rng, rng.next());
    const est = random(rng, rng.next() * 2);
    const scores = evaluateChords(ref, est);
    const dt = 1e-3;
    const pairs: [ReturnType<typeof encodeChord>, ReturnType<typeof encodeChord>][] = [];
    for (let t = ref[0].startSec + dt / 2; t < ref[ref.length - 1].endSec; t += dt) {
      pairs.push([encoded(at(ref, t)), encoded(at(est, t))]);
    }
    for (const name of COMPARISON_NAMES) {
      const compared = pairs.map(([r, e]) => COMPARISONS[name](r, e)).filter((c) => c !== EXCLUDED);
      const included = compared.length;
      const matched = compared.reduce((a, b) => a + b, 0);
      expect(scores[name], name).toBeCloseTo(included > 0 ? matched / included : 0, 2);
    }
  });
});

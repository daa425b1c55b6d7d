import { vocabularyOf } from "../../src/annotations/vocabulary.js";
import { describe, expect, it } from "vitest";
import {
  confusionMatrix,
  addConfusions,
  frameScores,
  majminAccuracy,
  neverPredicted,
  perSongScores,
  pooledQualityCounts,
  qualityCounts,
  qualityRecall,
  pooledScores,
  scores,
  vocabularyScores,
} from "../../src/evaluation/index.js";
import { createRng } from "../../src/util/random.js";

const i16 = (xs: number[]): Int16Array => Int16Array.from(xs);

/** Hand-computed cases (FMP §5.2.2 item counting; N = -1). */
const cases = [
  {
    name: "all frames correct",
    ref: [0, 0, 12, 5],
    est: [0, 0, 12, 5],
    tp: 4, fp: 0, fn: 0, precision: 1, recall: 1, f: 1, majmin: 1,
  },
  {
    name: "all frames wrong",
    ref: [0, 1],
    est: [2, 3],
    tp: 0, fp: 2, fn: 2, precision: 0, recall: 0, f: 0, majmin: 0,
  },
  {
    name: "chords estimated on reference N frames are false positives",
    ref: [-1, -1, 0, 0],
    est: [0, 0, 0, 1],
    tp: 1, fp: 3, fn: 1, precision: 1 / 4, recall: 1 / 2, f: 1 / 3, majmin: 1 / 2,
  },
  {
    name: "estimated N frames are misses, not false positives",
    ref: [0, 0, 0],
    est: [-1, 0, -1],
    tp: 1, fp: 0, fn: 2, precision: 1, recall: 1 / 3, f: 1 / 2, majmin: 1 / 3,
  },
  {
    name: "N against N scores nothing",
    ref: [-1, -1],
    est: [-1, -1],
    tp: 0, fp: 0, fn: 0, precision: 0, recall: 0, f: 0, majmin: 0,
  },
  {
    name: "empty input",
    ref: [],
    est: [],
    tp: 0, fp: 0, fn: 0, precision: 0, recall: 0, f: 0, majmin: 0,
  },
  {
    name: "mixed: major/minor confusions and an N frame",
    ref: [0, 0, 0, 0, 12, 12, -1, 7, 7, 7],
    est: [0, 0, 7, 7, 12, 0, 0, 7, 7, 19],
    tp: 5, fp: 5, fn: 4, precision: 1 / 2, recall: 5 / 9, f: 10 / 19, majmin: 5 / 9,
  },
];

describe("frameScores / majminAccuracy", () => {
  for (const c of cases) {
    it(c.name, () => {
      const s = scores(i16(c.ref), i16(c.est));
      expect({ tp: s.tp, fp: s.fp, fn: s.fn, frames: s.frames }).toEqual({
        tp: c.tp, fp: c.fp, fn: c.fn, frames: c.ref.length,
      });
      expect(s.precision).toBeCloseTo(c.precision, 12);
      expect(s.recall).toBeCloseTo(c.recall, 12);
      expect(s.f).toBeCloseTo(c.f, 12);
      expect(s.majmin).toBeCloseTo(c.majmin, 12);
    });
  }

  it("agrees with libfmp's binary (chord × frame) matrix formulation on random data", () => {
    const rng = createRng(7, 0);
    const n = 500;
    const ref = new Int16Array(n).map(() => rng.int(25) - 1); // -1..23
    const est = new Int16Array(n).map(() => rng.int(25) - 1);
    for (let k = 0; k < n; k += 3) est[k] = ref[k]; // a third agree by construction
    // libfmp.c5: I_ref, I_est are 24×N 0/1 matrices; TP = Σ I_ref·I_est, FP = Σ I_est − TP, FN = Σ I_ref − TP
    let sumRef = 0;
    let sumEst = 0;
    let tp = 0;
    for (let k = 0; k < n; k++) {
      for (let c = 0; c < 24; c++) {
        const r = ref[k] === c ? 1 : 0;
        const e = est[k] === c ? 1 : 0;
        sumRef += r;
        sumEst += e;
        tp += r * e;
      }
    }
    const s = frameScores(ref, est);
    expect([s.tp, s.fp, s.fn]).toEqual([tp, sumEst - tp, sumRef - tp]);
    expect(s.tp).toBeGreaterThan(100);
  });

  it("rejects arrays of different length or out-of-range classes", () => {
    expect(() => frameScores(i16([0, 1]), i16([0]))).toThrow(/2 frames.*1/);
    expect(() => frameScores(i16([0, 60]), i16([0, 1]))).toThrow(/reference frame 1 has class 60/);
    expect(() => frameScores(i16([0, -3]), i16([0, 1]))).toThrow(/reference frame 1 has class -3/);
    // OUT_OF_VOCABULARY (-2) is a reference label only; a model never estimates it
    expect(() => majminAccuracy(i16([0]), i16([-2]))).toThrow(/estimate frame 0 has class -2/);
  });
});

describe("the context model's classes: sevenths and frames outside the vocabulary (hand-derived)", () => {
  const X = -2;
  // reference: C:7 C:7 X C:maj A:min7 N X ; estimate: C:7 C:maj G C:maj A:min N C
  const [c7, c, g, am7] = [24, 0, 7, 57];
  const reference = i16([c7, c7, X, c, am7, -1, X]);
  const estimate = i16([c7, c, g, c, am7, -1, c]);

  it("frame scores leave the out-of-vocabulary frames out and need the exact chord", () => {
    // 5 frames count: TP = C7, C, Am7 = 3; frame 1 (C for C7): FP + FN; frame 5 (N for N): nothing
    expect(frameScores(reference, estimate)).toMatchObject({ tp: 3, fp: 1, fn: 1, frames: 7 });
  });

  it("majmin compares triads (C:7 = C:maj), over the chord frames in the vocabulary", () => {
    expect(majminAccuracy(reference, estimate)).toBe(4 / 4);
  });

  it("vocabulary scores count N frames, as mir_eval's comparisons do, with recall per quality", () => {
    const v = vocabularyScores(reference, estimate, vocabularyOf("sevenths"));
    expect(v.accuracy).toBe(4 / 5); // C7, C, Am7, N of 5 in-vocabulary frames
    expect(v.majmin).toBe(5 / 5);
    expect(v.recall).toEqual({ maj: 1, min: null, "7": 1 / 2, maj7: null, min7: 1, N: 1 });
  });

  it("the confusion is 61 × 61 with N last and without the out-of-vocabulary frames", () => {
    const m = confusionMatrix(reference, estimate, 60);
    expect(m.length).toBe(61);
    expect(m.flat().reduce((a, b) => a + b, 0)).toBe(5);
    expect([m[c7][c7], m[c7][c], m[c][c], m[am7][am7], m[60][60]]).toEqual([1, 1, 1, 1, 1]);
  });
});

describe("pooled and per-song scores", () => {
  const items = [
    { song: "a", reference: i16([0, 0, 0]), estimate: i16([0, 0, 1]) },
    { song: "b", reference: i16([12, -1]), estimate: i16([12, 12]) },
    { song: "a", reference: i16([5, 5]), estimate: i16([5, 7]) },
  ];

  it("pools frames of the same song (counts summed, not scores averaged)", () => {
    const per = perSongScores(items);
    expect(Object.keys(per)).toEqual(["a", "b"]);
    expect([per.a.tp, per.a.fp, per.a.fn, per.a.frames]).toEqual([3, 2, 2, 5]);
    expect(per.a.f).toBeCloseTo(0.6, 12);
    expect([per.b.tp, per.b.fp, per.b.fn]).toEqual([1, 1, 0]);
    expect(per.b.majmin).toBe(1);
  });

  it("pools all items", () => {
    const s = pooledScores(items);
    expect([s.tp, s.fp, s.fn, s.frames]).toEqual([4, 3, 2, 7]);
    expect(s.precision).toBeCloseTo(4 / 7, 12);
    expect(s.recall).toBeCloseTo(4 / 6, 12);
    expect(s.majmin).toBeCloseTo(4 / 6, 12);
  });
});

describe("confusionMatrix", () => {
  it("counts frames by (reference, estimate), N at index 24", () => {
    const m = confusionMatrix(i16([0, 0, -1, 12, 0]), i16([0, 1, 0, -1, 0]));
    expect(m).toHaveLength(25);
    expect(m.every((row) => row.length === 25)).toBe(true);
    expect(m[0][0]).toBe(2);
    expect(m[0][1]).toBe(1);
    expect(m[24][0]).toBe(1);
    expect(m[12][24]).toBe(1);
    expect(m.flat().reduce((a, b) => a + b, 0)).toBe(5);
  });

  it("adds matrices element-wise", () => {
    const a = confusionMatrix(i16([0]), i16([1]));
    const b = confusionMatrix(i16([0, 3]), i16([1, 3]));
    const sum = addConfusions([a, b]);
    expect(sum[0][1]).toBe(2);
    expect(sum[3][3]).toBe(1);
    expect(sum.flat().reduce((x, y) => x + y, 0)).toBe(3);
  });
});

describe("per-quality recall (a collapsed template made visible)", () => {
  // Classes: 0 = C, 7 = G (major); 12 = Cm, 21 = Am (minor); -1 = N.
  const qualityCases = [
    {
      name: "hand-counted mix: a minor frame estimated as its parallel major is a minor miss",
      ref: [0, 0, 7, 12, 12, 21, -1, -1],
      est: [0, 7, 7, 12, 0, 21, 12, 0],
      // major ref frames 0,1,2 → correct 0,2; minor ref 3,4,5 → correct 3,5;
      // estimated major: frames 0,1,2,4,7; estimated minor: 3,5,6
      counts: { major: { reference: 3, estimated: 5, correct: 2 }, minor: { reference: 3, estimated: 3, correct: 2 } },
      majorRecall: 2 / 3, minorRecall: 2 / 3, minorShare: 3 / 8,
    },
    {
      name: "right quality, wrong root is not a hit",
      ref: [12, 21],
      est: [21, 12],
      counts: { major: { reference: 0, estimated: 0, correct: 0 }, minor: { reference: 2, estimated: 2, correct: 0 } },
      majorRecall: null, minorRecall: 0, minorShare: 1,
    },
    {
      name: "no reference minor frame: minor recall is unknown (null), not 0 or 1",
      ref: [0, 0, -1],
      est: [0, 12, 12],
      counts: { major: { reference: 2, estimated: 1, correct: 1 }, minor: { reference: 0, estimated: 2, correct: 0 } },
      majorRecall: 1 / 2, minorRecall: null, minorShare: 2 / 3,
    },
    {
      name: "empty input",
      ref: [],
      est: [],
      counts: { major: { reference: 0, estimated: 0, correct: 0 }, minor: { reference: 0, estimated: 0, correct: 0 } },
      majorRecall: null, minorRecall: null, minorShare: 0,
    },
  ];
  for (const c of qualityCases) {
    it(c.name, () => {
      expect(qualityCounts(i16(c.ref), i16(c.est))).toEqual(c.counts);
      const q = qualityRecall(i16(c.ref), i16(c.est));
      for (const key of ["majorRecall", "minorRecall", "minorShare"] as const) {
        if (c[key] === null) expect(q[key]).toBeNull();
        else expect(q[key]).toBeCloseTo(c[key] as number, 12);
      }
      expect(scores(i16(c.ref), i16(c.est))).toMatchObject({ minorShare: q.minorShare, minorRecall: q.minorRecall });
    });
  }

  it("plant a collapse: an estimate that never predicts minor has minor recall 0 and a warning naming the count", () => {
    // A reference with 5 minor frames among 12, estimated with the major chord of the same root
    // (what a model with a dead minor template does).
    const ref = i16([0, 0, 12, 12, 12, 5, 5, 21, 21, -1, 7, 7]);
    const est = ref.map((c) => (c >= 12 ? c - 12 : c === -1 ? 0 : c));
    const s = scores(ref, est);
    expect(s.minorRecall).toBe(0);
    expect(s.minorShare).toBe(0);
    expect(s.majorRecall).toBe(1);
    expect(neverPredicted(qualityCounts(ref, est), "the test set")).toEqual([
      "no minor chord predicted on the test set (5 reference minor frames)",
    ]);
    // The same reference with one minor frame predicted: no warning.
    est[2] = 12;
    expect(neverPredicted(qualityCounts(ref, est), "the test set")).toEqual([]);
  });

  it("warns about a quality only when the reference has it", () => {
    const counts = qualityCounts(i16([12, 12, 21]), i16([21, 21, 21]));
    expect(neverPredicted(counts, "x")).toEqual([]);
    expect(neverPredicted(qualityCounts(i16([0, 12]), i16([-1, -1])), "the validation set")).toEqual([
      "no major chord predicted on the validation set (1 reference major frames)",
      "no minor chord predicted on the validation set (1 reference minor frames)",
    ]);
  });

  it("pools quality counts over items by summing frames", () => {
    const items = [
      { song: "a", reference: i16([12, 0]), estimate: i16([12, 12]) },
      { song: "b", reference: i16([21, 21, 7]), estimate: i16([9, 21, 7]) },
    ];
    expect(pooledQualityCounts(items)).toEqual({
      major: { reference: 2, estimated: 2, correct: 1 },
      minor: { reference: 3, estimated: 3, correct: 2 },
    });
    expect(pooledScores(items).minorRecall).toBeCloseTo(2 / 3, 12);
  });
});

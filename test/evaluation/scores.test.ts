import { describe, expect, it } from "vitest";
import {
  confusionMatrix,
  addConfusions,
  frameScores,
  majminAccuracy,
  perSongScores,
  pooledScores,
  scores,
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
    expect(() => frameScores(i16([0, 24]), i16([0, 1]))).toThrow(/reference frame 1 has class 24/);
    expect(() => majminAccuracy(i16([0]), i16([-2]))).toThrow(/estimate frame 0 has class -2/);
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

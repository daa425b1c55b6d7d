import { describe, expect, it } from "vitest";
import { NO_CHORD as N } from "../../src/annotations/chordClasses.js";
import { InputError } from "../../src/errors.js";
import { padLast, padUniform, reduceLabels, softTargets, strongTargets } from "../../src/dataset/targets.js";

const i16 = (xs: number[]): Int16Array => Int16Array.from(xs);
const where = { song: "let_it_be", segment: 3 };

describe("strongTargets", () => {
  it("one-hot rows for chords, zero rows masked out for N", () => {
    const { target, mask } = strongTargets(i16([0, 23, N, 12]));
    expect(target).toHaveLength(4 * 24);
    expect(Array.from(mask)).toEqual([1, 1, 0, 1]);
    const row = (n: number): number[] => Array.from(target.subarray(n * 24, (n + 1) * 24));
    expect(row(0).indexOf(1)).toBe(0);
    expect(row(1).indexOf(1)).toBe(23);
    expect(row(2).every((v) => v === 0)).toBe(true);
    expect(row(3).indexOf(1)).toBe(12);
    for (const n of [0, 1, 3]) expect(row(n).reduce((a, b) => a + b, 0)).toBe(1);
  });
});

describe("reduceLabels", () => {
  const cases = [
    { name: "adjacent repetitions merged", labels: [0, 0, 0, 7, 7, 5, 0, 0], want: [0, 7, 5, 0] },
    { name: "N dropped", labels: [N, 3, 3, N, 4, N], want: [3, 4] },
    { name: "the same chord around an N merges (N dropped first)", labels: [2, 2, N, N, 2, 9], want: [2, 9] },
    { name: "all N → empty", labels: [N, N], want: [] },
    { name: "empty", labels: [], want: [] },
    { name: "no repetitions: unchanged", labels: [1, 2, 1, 2], want: [1, 2, 1, 2] },
  ];
  for (const c of cases) it(c.name, () => expect(Array.from(reduceLabels(i16(c.labels)))).toEqual(c.want));
});

describe("padUniform: element ⌊j·n/L⌋ at position j", () => {
  it("L = n is the identity", () => {
    expect(Array.from(padUniform(i16([4, 1, 9]), 3))).toEqual([4, 1, 9]);
  });
  it("a worked example: 3 → 8", () => {
    // j·3/8 = 0, .375, .75, 1.125, 1.5, 1.875, 2.25, 2.625
    expect(Array.from(padUniform(i16([4, 1, 9]), 8))).toEqual([4, 4, 4, 1, 1, 1, 9, 9]);
  });
  it("extra copies are spread evenly, not given to the first elements: 4 → 6", () => {
    // j·4/6 = 0, .67, 1.33, 2, 2.67, 3.33 → runs 2,1,2,1 (not 2,2,1,1)
    expect(Array.from(padUniform(i16([1, 2, 3, 4]), 6))).toEqual([1, 1, 2, 3, 3, 4]);
  });
  it("each element repeated ⌊L/n⌋ or ⌈L/n⌉ times, in order, for all n ≤ L ≤ 80", () => {
    const failures: string[] = [];
    for (let lengthL = 1; lengthL <= 80; lengthL++) {
      for (let n = 1; n <= lengthL; n++) {
        const reduced = Int16Array.from({ length: n }, (_, i) => i); // distinct, increasing
        const out = padUniform(reduced, lengthL);
        const runs = new Array(n).fill(0);
        for (const v of out) runs[v]++;
        const ordered = out.every((v, j) => j === 0 || v === out[j - 1] || v === out[j - 1] + 1);
        const runsOk = runs.every((r) => r === Math.floor(lengthL / n) || r === Math.ceil(lengthL / n));
        if (out.length !== lengthL || out[0] !== 0 || out[lengthL - 1] !== n - 1 || !ordered || !runsOk) {
          failures.push(`n=${n} L=${lengthL}: ${Array.from(out).join(",")}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

describe("padLast", () => {
  it("the sequence, then its last element", () => {
    expect(Array.from(padLast(i16([4, 1, 9]), 6))).toEqual([4, 1, 9, 9, 9, 9]);
    expect(Array.from(padLast(i16([4, 1, 9]), 3))).toEqual([4, 1, 9]);
  });
});

describe("softTargets", () => {
  const labels = i16([N, 0, 0, 0, 7, 7, 12, 12, 12, 12, N]); // reduced: 0 7 12
  it("uniform, last and none", () => {
    expect(Array.from(softTargets(labels, { softLength: 6, padding: "uniform", overflow: "error" }, where).sequence)).toEqual([0, 0, 7, 7, 12, 12]);
    expect(Array.from(softTargets(labels, { softLength: 6, padding: "last", overflow: "error" }, where).sequence)).toEqual([0, 7, 12, 12, 12, 12]);
    const none = softTargets(labels, { softLength: 2, padding: "none", overflow: "error" }, where);
    expect(Array.from(none.sequence)).toEqual([0, 7, 12]); // variable length: no overflow check
    expect(none.truncated).toBe(false);
  });
  it("overflow error names song, segment and both lengths", () => {
    const run = (): unknown => softTargets(labels, { softLength: 2, padding: "uniform", overflow: "error" }, where);
    expect(run).toThrow(InputError);
    expect(run).toThrow(/segment 3 of "let_it_be".*3 chords.*softLength = 2/);
  });
  it("overflow truncate keeps the first softLength elements and flags it", () => {
    const t = softTargets(labels, { softLength: 2, padding: "last", overflow: "truncate" }, where);
    expect(Array.from(t.sequence)).toEqual([0, 7]);
    expect(t.truncated).toBe(true);
    expect(softTargets(labels, { softLength: 3, padding: "last", overflow: "truncate" }, where).truncated).toBe(false);
  });
  it("no chord at all → empty sequence (the caller skips the segment), never an error", () => {
    for (const padding of ["uniform", "last", "none"] as const) {
      const t = softTargets(i16([N, N, N]), { softLength: 4, padding, overflow: "error" }, where);
      expect(t.sequence).toHaveLength(0);
      expect(t.truncated).toBe(false);
    }
  });
});

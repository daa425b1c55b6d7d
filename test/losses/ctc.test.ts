import { describe, expect, it } from "vitest";
import { ctcLoss, ctcMinimumFrames } from "../../src/losses/ctc.js";
import { createLossWorkspace } from "../../src/losses/workspace.js";
import { createRng } from "../../src/util/random.js";
import { bruteForceCtc, finiteDifferences, flat, naiveCtc, relativeError } from "./reference.js";

const rng = createRng(11, 3);

/** Random log-probabilities [T][C] (log-softmax of normal logits with spread `scale`). */
function randomLogProbs(T: number, C: number, scale = 1): number[][] {
  return Array.from({ length: T }, () => {
    const z = Array.from({ length: C }, () => scale * rng.normal());
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
    return z.map((v) => v - lse);
  });
}

/** Every label sequence over the non-blank classes up to length maxL. */
function allLabelSequences(C: number, blank: number, maxL: number): number[][] {
  const classes = Array.from({ length: C }, (_, k) => k).filter((k) => k !== blank);
  let level: number[][] = [[]];
  const out: number[][] = [[]];
  for (let L = 1; L <= maxL; L++) {
    level = level.flatMap((seq) => classes.map((k) => [...seq, k]));
    out.push(...level);
  }
  return out;
}

describe("ctcLoss equals the log-sum over every alignment (brute force over all C^T paths)", () => {
  for (const [T, C, blank] of [
    [1, 3, 0],
    [2, 3, 2],
    [3, 3, 1],
    [4, 3, 0],
    [5, 3, 2],
    [4, 4, 3],
  ] as const) {
    it(`T = ${T}, C = ${C}, blank = ${blank}: every label sequence up to length ${Math.min(T + 1, 3)} (repeats, empty, infeasible)`, () => {
      const logp = randomLogProbs(T, C, 1.5);
      for (const labels of allLabelSequences(C, blank, Math.min(T + 1, 3))) {
        const bf = bruteForceCtc(logp, labels, blank);
        const { value, grad } = ctcLoss(logp, labels, { blank });
        if (bf.value === Infinity) {
          expect(value).toBe(Infinity);
          expect(flat(grad).every((g) => g === 0)).toBe(true);
          expect(ctcMinimumFrames(labels)).toBeGreaterThan(T);
        } else {
          expect(Math.abs(value - bf.value)).toBeLessThan(1e-12 * Math.max(1, bf.value));
          expect(relativeError(flat(grad), flat(bf.grad), 1)).toBeLessThan(1e-12);
        }
      }
    });
  }
});

describe("ctcLoss agrees with a naive α/β implementation (plain exp/log)", () => {
  it.each([
    [150, 25, [3, 8, 8, 15, 0, 3, 20, 21, 22, 1, 1, 1, 5, 9, 13, 17], 24],
    [40, 6, [0, 1, 2, 1, 0], 5],
    [30, 5, [], 0],
    [16, 25, Array.from({ length: 16 }, (_, n) => n), 24],
  ])("T = %i, C = %i, to 1e-12", (T, C, labels, blank) => {
    const logp = randomLogProbs(T, C, 3);
    const ref = naiveCtc(logp, labels, blank);
    const { value, grad } = ctcLoss(logp, labels, { blank });
    expect(Math.abs(value - ref.value) / ref.value).toBeLessThan(1e-12);
    expect(relativeError(flat(grad), flat(ref.grad))).toBeLessThan(1e-12);
    // occupancy: each frame's gradient row sums to −1
    for (const row of grad) expect(row.reduce((s, g) => s + g, 0)).toBeCloseTo(-1, 12);
  });
});

describe("ctcLoss gradient matches finite differences", () => {
  it.each([
    [[1, 1, 2], 0],
    [[2, 0, 2], 3],
    [[], 1],
  ])("labels %j, blank %i, to 1e-7", (labels, blank) => {
    const T = 8;
    const C = 4;
    const logp = Float64Array.from(flat(randomLogProbs(T, C)));
    const f = (x: Float64Array): number => ctcLoss({ data: x, rows: T, cols: C }, labels, { blank }).value;
    const fd = finiteDifferences(f, logp);
    const { grad } = ctcLoss({ data: logp, rows: T, cols: C }, labels, { blank });
    expect(relativeError(grad.data, fd)).toBeLessThan(1e-7);
  });
});

describe("edge cases", () => {
  it("empty labels: NLL = −Σ_t logp(t, blank)", () => {
    const logp = randomLogProbs(6, 4);
    const { value, grad } = ctcLoss(logp, [], { blank: 2 });
    expect(value).toBeCloseTo(-logp.reduce((s, row) => s + row[2], 0), 12);
    for (const row of grad) expect(row).toEqual([0, 0, -1, 0]);
  });

  it("repeated labels need a blank between them: [1, 1] needs 3 frames, [1, 2] needs 2", () => {
    const logp2 = randomLogProbs(2, 3);
    expect(ctcLoss(logp2, [1, 1], { blank: 0 }).value).toBe(Infinity);
    expect(Number.isFinite(ctcLoss(logp2, [1, 2], { blank: 0 }).value)).toBe(true);
    expect(Number.isFinite(ctcLoss(randomLogProbs(3, 3), [1, 1], { blank: 0 }).value)).toBe(true);
  });

  it("infeasible: Infinity by default, 0 with zero gradient under zeroInfinity", () => {
    const logp = randomLogProbs(3, 5);
    const inf = ctcLoss(logp, [1, 2, 3, 4], { blank: 0 });
    expect(inf.value).toBe(Infinity);
    const zero = ctcLoss(logp, [1, 2, 3, 4], { blank: 0, zeroInfinity: true });
    expect(zero.value).toBe(0);
    expect(flat(zero.grad).every((g) => g === 0)).toBe(true);
  });

  it("−∞ log-probabilities: impossible classes are avoided; all paths impossible → Infinity", () => {
    const logp = randomLogProbs(4, 3);
    logp[1][1] = -Infinity;
    const bf = bruteForceCtc(logp, [1, 2], 0);
    const { value, grad } = ctcLoss(logp, [1, 2], { blank: 0 });
    expect(value).toBeCloseTo(bf.value, 12);
    expect(relativeError(flat(grad), flat(bf.grad))).toBeLessThan(1e-12);
    for (const row of logp) row[2] = -Infinity;
    expect(ctcLoss(logp, [1, 2], { blank: 0 }).value).toBe(Infinity);
    expect(ctcLoss(logp, [1, 2], { blank: 0, zeroInfinity: true }).value).toBe(0);
  });

  it("very peaked inputs (log-probs down to −1e4) stay finite and exact", () => {
    const logp = randomLogProbs(20, 5, 3000);
    const ref = naiveCtc(logp, [1, 2, 3], 0);
    const { value, grad } = ctcLoss(logp, [1, 2, 3], { blank: 0 });
    expect(Number.isFinite(value)).toBe(true);
    expect(Math.abs(value - ref.value) / ref.value).toBeLessThan(1e-12);
    expect(flat(grad).every(Number.isFinite)).toBe(true);
  });

  it("a reused workspace gives identical results; DenseMatrix in, DenseMatrix out", () => {
    const workspace = createLossWorkspace();
    for (const [T, labels] of [
      [50, [1, 2, 3, 3]],
      [10, [4]],
      [50, [1, 2, 3, 3]],
    ] as const) {
      const logp = randomLogProbs(T, 6);
      const a = ctcLoss(logp, [...labels], { blank: 0 });
      const b = ctcLoss({ data: Float64Array.from(flat(logp)), rows: T, cols: 6 }, [...labels], { blank: 0, workspace });
      expect(b.value).toBe(a.value);
      expect(Array.from(b.grad.data)).toEqual(flat(a.grad));
    }
  });
});

describe("input validation", () => {
  const logp = randomLogProbs(4, 5);
  it("labels ≥ C, negative, fractional or equal to the blank", () => {
    expect(() => ctcLoss(logp, [1, 5], { blank: 0 })).toThrow(/labels\[1\] = 5 is not a class index in \[0, 5\)/);
    expect(() => ctcLoss(logp, [-1], { blank: 0 })).toThrow(RangeError);
    expect(() => ctcLoss(logp, [1.5], { blank: 0 })).toThrow(/labels\[0\] = 1.5/);
    expect(() => ctcLoss(logp, [1, 4, 2], { blank: 4 })).toThrow(/labels\[1\] = 4 is the blank; pass the reduced label sequence/);
  });
  it("misspelt options", () => {
    expect(() => ctcLoss(logp, [1], { blank: 0, zeroInfinty: true } as never)).toThrow(/unknown option "zeroInfinty"/);
  });
  it("bad blank, NaN or +∞ log-probabilities, ragged input", () => {
    expect(() => ctcLoss(logp, [1], { blank: 5 })).toThrow(/blank must be an integer class index in \[0, 5\), got 5/);
    expect(() => ctcLoss(logp, [1], {} as { blank: number })).toThrow(/blank must be/);
    expect(() => ctcLoss([[0, Number.NaN]], [1], { blank: 0 })).toThrow(/logProbs\[0\]\[1\] is NaN/);
    expect(() => ctcLoss([[0, Infinity]], [1], { blank: 0 })).toThrow(/is Infinity/);
    expect(() => ctcLoss([[0, 0], [0]], [1], { blank: 0 })).toThrow(/ragged/);
    expect(() => ctcLoss([], [1], { blank: 0 })).toThrow(/empty/);
  });
});

import { describe, expect, it } from "vitest";
import { softDtwDivergence } from "../../src/losses/divergence.js";
import { softDtw } from "../../src/losses/softDtw.js";
import { createRng } from "../../src/util/random.js";
import { finiteDifferences, flat, relativeError } from "./reference.js";

const rng = createRng(8, 6);
const randomSeq = (n: number, k: number): number[][] => Array.from({ length: n }, () => Array.from({ length: k }, () => rng.normal()));
const sq = (a: number[][], b: number[][]): number[][] => a.map((ai) => b.map((bj) => ai.reduce((s, v, k) => s + (v - bj[k]) ** 2, 0)));

describe("soft-DTW divergence D(x,y) − ½(D(x,x) + D(y,y))", () => {
  it("equals the definition computed from three softDtw calls", () => {
    const x = randomSeq(9, 3);
    const y = randomSeq(5, 3);
    const d = (a: number[][], b: number[][]): number => softDtw(sq(b, a), { gamma: 0.5 }).value;
    expect(softDtwDivergence(x, y, { gamma: 0.5 }).value).toBeCloseTo(d(x, y) - 0.5 * (d(x, x) + d(y, y)), 12);
  });

  it("is ≥ 0 on random pairs (unit weights, no band) and exactly 0 for equal inputs under every option", () => {
    for (let n = 0; n < 30; n++) {
      const x = randomSeq(1 + rng.int(8), 2);
      const y = randomSeq(1 + rng.int(8), 2);
      for (const gamma of [0.01, 0.3, 3]) expect(softDtwDivergence(x, y, { gamma }).value).toBeGreaterThanOrEqual(0);
    }
    const x = randomSeq(7, 3);
    for (const opts of [{}, { band: 0.1 }, { stepWeights: [1, 0, 1] as [number, number, number] }, { normalize: "n+m" as const }]) {
      const { value, grad } = softDtwDivergence(x, x, { gamma: 0.4, ...opts });
      expect(value).toBe(0);
      // x = y is the minimum (gradient 0) when the steps are symmetric (w_v = w_h); with
      // [1, 0, 1] the divergence is still 0 there but not stationary.
      const symmetric = !("stepWeights" in opts);
      if (symmetric) expect(relativeError(flat(grad), new Array(21).fill(0), 1)).toBeLessThan(1e-12);
    }
  });

  it("gradient w.r.t. x matches finite differences for every option combination", () => {
    const N = 6;
    const K = 2;
    const x = Float64Array.from(flat(randomSeq(N, K)));
    const y = randomSeq(4, K);
    for (const band of [undefined, 0.25])
      for (const normalize of ["none", "n", "m", "n+m"] as const)
        for (const stepWeights of [
          [1, 1, 1],
          [1, 0, 1],
          [2, 1, 0.5],
        ] as Array<[number, number, number]>) {
          const opts = { gamma: 0.3, band, normalize, stepWeights };
          const f = (v: Float64Array): number => softDtwDivergence({ data: v, rows: N, cols: K }, y, opts).value;
          const { grad } = softDtwDivergence({ data: x, rows: N, cols: K }, y, opts);
          expect(relativeError(grad.data, finiteDifferences(f, x))).toBeLessThan(1e-7);
        }
  });

  it("normalisation divides the whole divergence by the (x, y) factor", () => {
    const x = randomSeq(8, 2);
    const y = randomSeq(3, 2);
    const raw = softDtwDivergence(x, y, { gamma: 0.2 }).value;
    expect(softDtwDivergence(x, y, { gamma: 0.2, normalize: "n" }).value).toBeCloseTo(raw / 8, 13);
    expect(softDtwDivergence(x, y, { gamma: 0.2, normalize: "m" }).value).toBeCloseTo(raw / 3, 13);
    expect(softDtwDivergence(x, y, { gamma: 0.2, normalize: "n+m" }).value).toBeCloseTo(raw / 11, 13);
  });

  it("rejects mismatched feature sizes", () => {
    expect(() => softDtwDivergence([[1, 2]], [[1]], { gamma: 1 })).toThrow(/x has 2 features per frame but y has 1/);
  });
});

describe("sparse targets (one-hot y takes the expanded-cost path)", () => {
  it("sparseRows finds the nonzeros of one-hot rows and declines dense ones", async () => {
    const { sparseRows } = await import("../../src/losses/sequences.js");
    const data = Float64Array.from([0, 1, 0, 0, 0, 0.5, 0, 0, 0]);
    const rows = sparseRows({ data, offset: 0, length: 3 }, 3);
    expect(rows && Array.from(rows.start)).toEqual([0, 1, 2, 2]);
    expect(rows && Array.from(rows.index)).toEqual([1, 2]);
    expect(rows && Array.from(rows.squaredNorm)).toEqual([1, 0.25, 0]);
    expect(sparseRows({ data: Float64Array.from([1, 2, 3, 4]), offset: 0, length: 2 }, 2)).toBeUndefined();
  });

  it("value and gradient agree with the dense computation (softDtw on Σ(y − x)²) and with finite differences", () => {
    const N = 9;
    const K = 6;
    const x = randomSeq(N, K);
    const y = Array.from({ length: 4 }, (_, i) => Array.from({ length: K }, (_, k) => (k === (i * 5) % K ? 1 : 0)));
    for (const opts of [{ gamma: 0.3 }, { gamma: 0.3, stepWeights: [1, 0, 1] as [number, number, number], band: 0.3 }]) {
      const sparse = softDtwDivergence(x, y, opts);
      const d = (a: number[][], b: number[][]): number => softDtw(sq(b, a), opts).value;
      expect(sparse.value).toBeCloseTo(d(x, y) - 0.5 * (d(x, x) + d(y, y)), 12);
      const data = Float64Array.from(flat(x));
      const f = (v: Float64Array): number => softDtwDivergence({ data: v, rows: N, cols: K }, y, opts).value;
      expect(relativeError(flat(sparse.grad), finiteDifferences(f, data))).toBeLessThan(1e-7);
    }
  });
});

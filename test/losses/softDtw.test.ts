import { describe, expect, it } from "vitest";
import { softDtw, softDtwValue } from "../../src/losses/softDtw.js";
import { bandIntervals } from "../../src/losses/band.js";
import { dtwPath } from "../../src/losses/dtwPath.js";
import { createLossWorkspace } from "../../src/losses/workspace.js";
import type { DenseMatrix } from "../../src/losses/matrix.js";
import { createRng } from "../../src/util/random.js";
import {
  allPaths,
  bruteForceDtw,
  bruteForceSoftDtw,
  finiteDifferences,
  flat,
  naiveSoftDtw,
  relativeError,
  softminList,
  type StepWeights,
} from "./reference.js";

const rng = createRng(3, 1);
const randomCost = (M: number, N: number, scale = 1): number[][] =>
  Array.from({ length: M }, () => Array.from({ length: N }, () => scale * rng.next()));
const weightSets: Array<[number, number, number]> = [
  [1, 1, 1],
  [1, 0, 1],
  [1, 1, 2],
  [0.5, 2, 0],
];
const asWeights = ([wv, wh, wd]: readonly number[]): StepWeights => ({ wv, wh, wd });

describe("softDtw equals the soft-min over every monotone path (brute force)", () => {
  for (let M = 1; M <= 4; M++) {
    for (let N = 1; N <= 5; N++) {
      it(`${M} × ${N}, all step-weight sets, γ ∈ {0.05, 1}`, () => {
        for (const sw of weightSets) {
          for (const gamma of [0.05, 1]) {
            const cost = randomCost(M, N, 2);
            const bf = bruteForceSoftDtw(cost, gamma, asWeights(sw));
            const { value, grad } = softDtw(cost, { gamma, stepWeights: sw });
            expect(Math.abs(value - bf.value)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(bf.value)));
            expect(relativeError(flat(grad), flat(bf.grad), 1)).toBeLessThan(1e-12);
          }
        }
      });
    }
  }

  it("with a band: the soft-min over the paths that stay inside it", () => {
    for (const [M, N, band] of [
      [4, 5, 0.1],
      [3, 5, 0],
      [4, 4, 0.25],
      [2, 5, 0.05],
      [4, 2, 0.3],
    ] as const) {
      const cost = randomCost(M, N);
      const iv = bandIntervals(M, N, band);
      const allowed = (i: number, j: number): boolean => j >= iv.lo[i] && j <= iv.hi[i];
      const bf = bruteForceSoftDtw(cost, 0.5, undefined, allowed);
      expect(bf.paths).toBeGreaterThan(0);
      const { value, grad } = softDtw(cost, { gamma: 0.5, band });
      expect(value).toBeCloseTo(bf.value, 12);
      expect(relativeError(flat(grad), flat(bf.grad), 1)).toBeLessThan(1e-12);
      // cells outside the band get exactly zero gradient
      for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) if (!allowed(i, j)) expect(grad[i][j]).toBe(0);
    }
  });
});

describe("softDtw agrees with a naive Algorithm 1/2 implementation (exponentials in the backward)", () => {
  it.each([
    [16, 150, 0.3],
    [30, 30, 1],
    [7, 40, 0.01],
    [40, 7, 5],
    [20, 30, 100], // σ passes 2^10 often: exercises the deferred-log fold-back
  ])("%i × %i, γ = %f, all step-weight sets, to 1e-12", (M, N, gamma) => {
    for (const sw of weightSets) {
      const cost = randomCost(M, N, 2);
      const ref = naiveSoftDtw(cost, gamma, asWeights(sw));
      const { value, grad } = softDtw(cost, { gamma, stepWeights: sw });
      expect(Math.abs(value - ref.value) / Math.abs(ref.value)).toBeLessThan(1e-12);
      expect(relativeError(flat(grad), flat(ref.grad))).toBeLessThan(1e-12);
    }
  });

  it("equal costs (every path ties; σ folds back constantly), to 1e-12", () => {
    const cost = Array.from({ length: 25 }, () => new Array<number>(40).fill(0.5));
    for (const gamma of [0.01, 1, 50]) {
      const ref = naiveSoftDtw(cost, gamma);
      const { value, grad } = softDtw(cost, { gamma });
      expect(Math.abs(value - ref.value) / Math.abs(ref.value)).toBeLessThan(1e-12);
      expect(relativeError(flat(grad), flat(ref.grad))).toBeLessThan(1e-12);
    }
  });

  it("with a band on 16 × 150 (scaled diagonal), to 1e-12", () => {
    const cost = randomCost(16, 150);
    for (const band of [0, 0.02, 0.1]) {
      const iv = bandIntervals(16, 150, band);
      const ref = naiveSoftDtw(cost, 0.3, undefined, (i, j) => j >= iv.lo[i] && j <= iv.hi[i]);
      const { value, grad } = softDtw(cost, { gamma: 0.3, band });
      expect(Math.abs(value - ref.value) / ref.value).toBeLessThan(1e-12);
      expect(relativeError(flat(grad), flat(ref.grad))).toBeLessThan(1e-12);
    }
  });
});

describe("soft-DTW gradient matches finite differences on every option combination", () => {
  const M = 4;
  const N = 7;
  const cost = randomCost(M, N);
  const combos: Array<{ band?: number; normalize: "none" | "n" | "m" | "n+m"; stepWeights: [number, number, number] }> = [];
  for (const band of [undefined, 0.2])
    for (const normalize of ["none", "n", "m", "n+m"] as const)
      for (const stepWeights of weightSets) combos.push({ band, normalize, stepWeights });
  it(`${combos.length} combinations (band × normalisation × step weights), to 1e-7`, () => {
    for (const opts of combos) {
      const data = Float64Array.from(flat(cost));
      const f = (x: Float64Array): number => softDtwValue({ data: x, rows: M, cols: N }, { gamma: 0.4, ...opts });
      const fd = finiteDifferences(f, data);
      const { grad } = softDtw({ data, rows: M, cols: N }, { gamma: 0.4, ...opts });
      expect(relativeError(grad.data, fd)).toBeLessThan(1e-7);
    }
  });
});

describe("limits: γ → 0, huge costs, tiny γ", () => {
  it("γ = 1e-300 gives exactly the hard-DTW value (brute force and dtwPath)", () => {
    for (const [M, N] of [
      [3, 4],
      [4, 5],
      [1, 5],
    ]) {
      for (const sw of weightSets) {
        const cost = randomCost(M, N, 3);
        const hard = bruteForceDtw(cost, asWeights(sw));
        expect(softDtw(cost, { gamma: 1e-300, stepWeights: sw }).value).toBeCloseTo(hard, 14);
        expect(softDtw(cost, { gamma: 1e-300, stepWeights: sw }).value).toBe(dtwPath(cost, { stepWeights: sw }).value);
      }
    }
  });

  it("γ = 5e-324 (1/γ overflows) still gives the hard-DTW value with a finite gradient", () => {
    const cost = randomCost(16, 150);
    const { value, grad } = softDtw(cost, { gamma: 5e-324 });
    expect(value).toBe(dtwPath(cost).value);
    expect(flat(grad).every(Number.isFinite)).toBe(true);
  });

  it("value rises monotonically to hard DTW as γ decreases", () => {
    const cost = randomCost(6, 9);
    const hard = bruteForceDtw(cost);
    let last = -Infinity;
    for (const gamma of [1, 0.1, 0.01, 0.001, 1e-6]) {
      const v = softDtw(cost, { gamma }).value;
      expect(v).toBeGreaterThanOrEqual(last);
      expect(v).toBeLessThanOrEqual(hard);
      last = v;
    }
    expect(softDtw(cost, { gamma: 1 }).value).toBeLessThan(hard - 0.1);
    expect(hard - last).toBeLessThan(1e-12);
  });

  it("costs up to 1e4 with γ = 1e-3 give finite values and gradients (E entries in [0, 1])", () => {
    const cost = randomCost(16, 150, 1e4);
    const { value, grad } = softDtw(cost, { gamma: 1e-3 });
    expect(Number.isFinite(value)).toBe(true);
    for (const g of flat(grad)) {
      expect(Number.isFinite(g)).toBe(true);
      expect(g).toBeGreaterThanOrEqual(0);
      expect(g).toBeLessThanOrEqual(1 + 1e-12);
    }
    expect(Math.abs(value - dtwPath(cost).value) / value).toBeLessThan(1e-6);
  });

  it("every column and row is crossed by the expected alignment (E sums ≥ 1 per column)", () => {
    const cost = randomCost(5, 12);
    const { grad } = softDtw(cost, { gamma: 0.2 });
    for (let j = 0; j < 12; j++) expect(grad.reduce((s, row) => s + row[j], 0)).toBeGreaterThanOrEqual(1 - 1e-12);
  });
});

describe("forms, workspace, memory limits", () => {
  it("nested arrays give nested gradients, a DenseMatrix gives a DenseMatrix (same numbers)", () => {
    const cost = randomCost(3, 4);
    const a = softDtw(cost, { gamma: 0.7 });
    const dense: DenseMatrix = { data: Float64Array.from(flat(cost)), rows: 3, cols: 4 };
    const b = softDtw(dense, { gamma: 0.7 });
    expect(Array.isArray(a.grad)).toBe(true);
    expect(b.grad.data).toBeInstanceOf(Float64Array);
    expect(b.grad.rows).toBe(3);
    expect(b.value).toBe(a.value);
    expect(Array.from(b.grad.data)).toEqual(flat(a.grad));
  });

  it("a reused workspace gives identical results across different shapes", () => {
    const workspace = createLossWorkspace();
    for (const [M, N] of [
      [16, 150],
      [3, 4],
      [40, 40],
      [16, 150],
    ]) {
      const cost = randomCost(M, N);
      const fresh = softDtw(cost, { gamma: 0.3, band: 0.2 });
      const reused = softDtw(cost, { gamma: 0.3, band: 0.2, workspace });
      expect(reused.value).toBe(fresh.value);
      expect(reused.grad).toEqual(fresh.grad);
    }
    expect(workspace.bytes).toBeGreaterThan(0);
  });

  it("softDtwValue equals softDtw().value", () => {
    const cost = randomCost(9, 13);
    expect(softDtwValue(cost, { gamma: 0.2, normalize: "n+m" })).toBe(softDtw(cost, { gamma: 0.2, normalize: "n+m" }).value);
  });

  it("refuses 10000 × 10000 (1e8 cells) by default before allocating anything of that size", () => {
    // data is deliberately empty: the size check comes before the entries are read
    const huge = { data: new Float64Array(0), rows: 10_000, cols: 10_000 };
    expect(() => softDtw(huge, { gamma: 1 })).toThrow(/10000 × 10000 cost matrix has 100000000 cells in its band, more than maxCells = 16777216/);
    // with a band of 1% it fits (2.0e6 cells) — and then the short data is reported
    expect(() => softDtw(huge, { gamma: 1, band: 0.01 })).toThrow(/0 elements, expected rows × cols/);
  });

  it("1000 × 1000 needs only a few times the 8 MB of one float64 matrix", () => {
    const workspace = createLossWorkspace();
    const M = 1000;
    const cost = { data: new Float64Array(M * M).fill(1), rows: M, cols: M };
    const { value, grad } = softDtw(cost, { gamma: 0.3, workspace });
    expect(Number.isFinite(value)).toBe(true);
    expect(grad.data.length).toBe(M * M);
    // soft-argmin weights (3 × 8 MB) plus O(M) buffers; the gradient itself is the 8 MB result
    expect(workspace.bytes).toBeLessThan(3 * 8 * M * M + 1e6);
  });

  it("refuses a gradient beyond maxCells with a message naming the size; a band makes it fit", () => {
    const cost = { data: new Float64Array(300 * 400), rows: 300, cols: 400 };
    expect(() => softDtw(cost, { gamma: 1, maxCells: 100_000 })).toThrow(/300 × 400 .*120000 cells.*maxCells = 100000/);
    expect(() => softDtw(cost, { gamma: 1, maxCells: 100_000, band: 0.05 })).not.toThrow();
    expect(Number.isFinite(softDtwValue(cost, { gamma: 1, maxCells: 100_000 }))).toBe(true);
  });
});

describe("input validation (one-line errors naming the value)", () => {
  const ok = [
    [1, 2],
    [3, 4],
  ];
  it.each([
    [0, /gamma must be a positive finite number, got 0/],
    [-1, /got -1/],
    [Number.NaN, /got NaN/],
    [Infinity, /got Infinity/],
  ])("gamma = %s", (gamma, re) => {
    expect(() => softDtw(ok, { gamma })).toThrow(RangeError);
    expect(() => softDtw(ok, { gamma })).toThrow(re);
  });
  it("empty, ragged, NaN and non-numeric costs", () => {
    expect(() => softDtw([], { gamma: 1 })).toThrow(/cost is empty \(0 rows\)/);
    expect(() => softDtw([[]], { gamma: 1 })).toThrow(/cost is empty \(0 columns\)/);
    expect(() => softDtw([[1, 2], [3]], { gamma: 1 })).toThrow(/cost\[1\] has 1 columns, expected 2 \(ragged/);
    expect(() => softDtw([[1, Number.NaN]], { gamma: 1 })).toThrow(/cost\[0\]\[1\] is NaN/);
    expect(() => softDtw([[1, Infinity]], { gamma: 1 })).toThrow(/cost\[0\]\[1\] is Infinity/);
    expect(() => softDtw([[1, "2" as unknown as number]], { gamma: 1 })).toThrow(TypeError);
    expect(() => softDtw({ data: new Float64Array(3), rows: 2, cols: 2 }, { gamma: 1 })).toThrow(/3 elements, expected rows × cols = 2 × 2 = 4/);
    expect(() => softDtw({ data: new Float64Array(0), rows: 0, cols: 0 }, { gamma: 1 })).toThrow(/positive integer rows and cols/);
  });
  it("misspelt options and foreign workspaces", () => {
    expect(() => softDtw(ok, { gamma: 1, normalise: "n" } as never)).toThrow(/unknown option "normalise" \(expected one of gamma, band, normalize/);
    expect(() => softDtw(ok, { gamma: 1, workspace: {} } as never)).toThrow(/workspace must come from createLossWorkspace\(\), got Object/);
  });
  it("bad band, normalisation and step weights", () => {
    expect(() => softDtw(ok, { gamma: 1, band: -0.1 })).toThrow(/band must be a number ≥ 0/);
    expect(() => softDtw(ok, { gamma: 1, normalize: "N" as "n" })).toThrow(/normalize must be one of none, n, m, n\+m, got "N"/);
    expect(() => softDtw(ok, { gamma: 1, stepWeights: [1, -1, 1] })).toThrow(/stepWeights must be/);
    expect(() => softDtw(ok, { gamma: 1, stepWeights: [1, 1] as unknown as [number, number, number] })).toThrow(/stepWeights/);
  });
});

describe("a vertical step weight of 10,000 (configs/softdtw.yaml): every frame takes one target element of its own", () => {
  // Without vertical steps a path moves one frame per step (horizontal: same element; diagonal:
  // next element), so each frame is aligned to exactly one element and each element to ≥ 1 frame
  // (the HMM topology of PRIOR-ART.md 1.3). With costs ≥ 0.1 a vertical step adds ≥ 1,000 to a
  // path, whose Gibbs weight e^(−1000/γ) vanishes: the value and gradient are those of the
  // soft-min over the paths with no vertical step, computed here by enumerating them.
  const W = 10_000;
  const noVertical = (M: number, N: number, cost: number[][], gamma: number) => {
    const paths = allPaths(M, N).filter((p) => p.every(([, , step]) => step !== "v"));
    const costs = paths.map((p) => p.reduce((s, [i, j]) => s + cost[i][j], 0));
    const value = softminList(costs, gamma);
    const grad = Array.from({ length: M }, () => new Array<number>(N).fill(0));
    paths.forEach((p, k) => {
      const prob = Math.exp(-(costs[k] - value) / gamma);
      for (const [i, j] of p) grad[i][j] += prob;
    });
    return { value, grad };
  };

  for (const [M, N] of [[2, 4], [3, 5], [4, 6], [4, 4]] as const) {
    it(`${M} × ${N}: value and gradient equal the soft-min over paths without a vertical step`, () => {
      for (const gamma of [0.3, 1]) {
        const cost = randomCost(M, N, 2).map((row) => row.map((c) => 0.1 + c));
        const ref = noVertical(M, N, cost, gamma);
        const { value, grad } = softDtw(cost, { gamma, stepWeights: [W, 1, 1] });
        expect(Math.abs(value - ref.value)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ref.value)));
        expect(relativeError(flat(grad), flat(ref.grad), 1)).toBeLessThan(1e-12);
      }
    });
  }

  it("a rare chord's elements keep a frame each, where unit weights stack them on one frame", () => {
    // Targets A m m m B (a rare chord m padded to three elements, as uniform padding does) over 8
    // frames; the model gives m a low cost on frame 3 only (cost 2 elsewhere), A and B cost 0.1.
    const N = 8;
    const cheap = new Array(N).fill(0.1);
    const rare = Array.from({ length: N }, (_, j) => (j === 3 ? 0.1 : 2));
    const cost = [cheap, rare, rare, rare, cheap];
    const gamma = 0.3;
    const columnSums = (g: number[][]) => Array.from({ length: N }, (_, j) => g.reduce((s, row) => s + row[j], 0));
    const unit = softDtw(cost, { gamma }).grad;
    const heavy = softDtw(cost, { gamma, stepWeights: [W, 1, 1] }).grad;
    // Unit weights: the cheapest paths take all three m elements on frame 3 by vertical steps
    // (cost 0.3 instead of ≥ 4.1 on three frames), so frame 3 carries about three elements and
    // the rare chord is pulled on one frame only.
    expect(columnSums(unit)[3]).toBeGreaterThan(2.5);
    // Heavy vertical weight: every frame carries exactly one element …
    for (const s of columnSums(heavy)) expect(s).toBeCloseTo(1, 10);
    // … so the three m elements are aligned to at least three frames between them: each of the
    // rare chord's rows holds gradient mass ≥ 1 (the expected number of frames pulled towards it).
    const rowMass = heavy.map((row) => row.reduce((s, x) => s + x, 0));
    for (const i of [1, 2, 3]) expect(rowMass[i]).toBeGreaterThanOrEqual(1 - 1e-10);
    expect(rowMass[1] + rowMass[2] + rowMass[3]).toBeGreaterThanOrEqual(3 - 1e-10);
  });
});

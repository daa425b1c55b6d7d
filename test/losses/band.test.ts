import { describe, expect, it } from "vitest";
import { bandIntervals } from "../../src/losses/band.js";
import { softDtw } from "../../src/losses/softDtw.js";

/** Can (M−1, N−1) be reached from (0, 0) through allowed cells, and is every allowed cell on such a path? */
function everyCellOnAFeasiblePath(M: number, N: number, band: number): boolean {
  const { lo, hi } = bandIntervals(M, N, band);
  const ok = (i: number, j: number): boolean => i >= 0 && j >= 0 && i < M && j < N && j >= lo[i] && j <= hi[i];
  const fwd = Array.from({ length: M }, () => new Array<boolean>(N).fill(false));
  const bwd = Array.from({ length: M }, () => new Array<boolean>(N).fill(false));
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++)
      fwd[i][j] = ok(i, j) && ((i === 0 && j === 0) || (i > 0 && fwd[i - 1][j]) || (j > 0 && fwd[i][j - 1]) || (i > 0 && j > 0 && fwd[i - 1][j - 1]));
  for (let i = M - 1; i >= 0; i--)
    for (let j = N - 1; j >= 0; j--)
      bwd[i][j] =
        ok(i, j) && ((i === M - 1 && j === N - 1) || (i + 1 < M && bwd[i + 1][j]) || (j + 1 < N && bwd[i][j + 1]) || (i + 1 < M && j + 1 < N && bwd[i + 1][j + 1]));
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) if (ok(i, j) && !(fwd[i][j] && bwd[i][j])) return false;
  return fwd[M - 1][N - 1];
}

describe("Sakoe–Chiba band on the scaled diagonal", () => {
  it("contains exactly the cells with |i/M − j/N| ≤ b plus the staircase (16 × 150, b = 0.1)", () => {
    const M = 16;
    const N = 150;
    const b = 0.1;
    const { lo, hi, cells } = bandIntervals(M, N, b);
    let count = 0;
    for (let i = 0; i < M; i++) {
      const stairLo = Math.floor((i * N) / M);
      const stairHi = Math.max(stairLo, Math.floor(((i + 1) * N) / M) - 1);
      for (let j = 0; j < N; j++) {
        const expected = Math.abs(i / M - j / N) <= b + 1e-12 || (j >= stairLo && j <= stairHi);
        expect([i, j, j >= lo[i] && j <= hi[i]]).toEqual([i, j, expected]);
        if (expected) count++;
      }
    }
    expect(cells).toBe(count);
  });

  it("keeps (0,0) → (M−1,N−1) feasible and every allowed cell on a path, for any width and shape", () => {
    for (const [M, N] of [
      [16, 150],
      [150, 16],
      [1, 7],
      [7, 1],
      [5, 5],
      [3, 11],
      [75, 150],
    ]) {
      for (const b of [0, 0.001, 0.01, 0.05, 0.2, 0.5, 1]) expect([M, N, b, everyCellOnAFeasiblePath(M, N, b)]).toEqual([M, N, b, true]);
    }
  });

  it("a band ≥ 1 (or none) allows every cell; b = 0 is the staircase alone (one cell per column for M ≤ N... at least)", () => {
    expect(bandIntervals(16, 150, 1).cells).toBe(16 * 150);
    expect(bandIntervals(16, 150, undefined).cells).toBe(16 * 150);
    expect(bandIntervals(16, 150, 0).cells).toBe(150);
    expect(bandIntervals(150, 16, 0).cells).toBe(150);
  });

  it("soft-DTW with a band ≥ the whole matrix equals soft-DTW without one; a narrow band never gives Infinity", () => {
    const cost = Array.from({ length: 16 }, (_, i) => Array.from({ length: 150 }, (_, j) => ((i * 7 + j * 3) % 11) / 11));
    expect(softDtw(cost, { gamma: 0.3, band: 1 }).value).toBe(softDtw(cost, { gamma: 0.3 }).value);
    for (const band of [0, 0.001, 0.02]) expect(Number.isFinite(softDtw(cost, { gamma: 0.3, band }).value)).toBe(true);
  });
});

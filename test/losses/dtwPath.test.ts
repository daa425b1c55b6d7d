import { describe, expect, it } from "vitest";
import { dtwPath } from "../../src/losses/dtwPath.js";
import { bandIntervals } from "../../src/losses/band.js";
import { createRng } from "../../src/util/random.js";
import { bruteForceDtw } from "./reference.js";

const rng = createRng(4, 5);
const randomCost = (M: number, N: number): number[][] => Array.from({ length: M }, () => Array.from({ length: N }, () => rng.next()));

describe("dtwPath", () => {
  it("value equals the brute-force minimum and the path's own cost, for all shapes up to 4 × 5 and step weights", () => {
    for (let M = 1; M <= 4; M++)
      for (let N = 1; N <= 5; N++)
        for (const [wv, wh, wd] of [
          [1, 1, 1],
          [1, 0, 1],
          [2, 1, 0.5],
        ]) {
          const cost = randomCost(M, N);
          const { value, path } = dtwPath(cost, { stepWeights: [wv, wh, wd] });
          expect(value).toBeCloseTo(bruteForceDtw(cost, { wv, wh, wd }), 14);
          expect(path[0]).toEqual([0, 0]);
          expect(path[path.length - 1]).toEqual([M - 1, N - 1]);
          let sum = cost[0][0];
          for (let n = 1; n < path.length; n++) {
            const di = path[n][0] - path[n - 1][0];
            const dj = path[n][1] - path[n - 1][1];
            expect([0, 1]).toContain(di);
            expect([0, 1]).toContain(dj);
            expect(di + dj).toBeGreaterThan(0);
            sum += (di && dj ? wd : di ? wv : wh) * cost[path[n][0]][path[n][1]];
          }
          expect(sum).toBeCloseTo(value, 14);
        }
  });

  it("follows an obvious diagonal and stays inside a band", () => {
    const cost = Array.from({ length: 4 }, (_, i) => Array.from({ length: 4 }, (_, j) => (i === j ? 0 : 1)));
    expect(dtwPath(cost)).toEqual({ value: 0, path: [[0, 0], [1, 1], [2, 2], [3, 3]] });
    const big = randomCost(16, 150);
    const iv = bandIntervals(16, 150, 0.05);
    for (const [i, j] of dtwPath(big, { band: 0.05 }).path) expect(j >= iv.lo[i] && j <= iv.hi[i]).toBe(true);
  });

  it("the JSDoc example", () => {
    expect(dtwPath([[0, 1, 4], [1, 0, 1]])).toEqual({ value: 1, path: [[0, 0], [1, 1], [1, 2]] });
  });
});

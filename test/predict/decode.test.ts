/**
 * The decoding math against independent derivations: Viterbi against brute force over every
 * state sequence, the p = 1/K case against frame-wise argmax, log-softmax against its definition,
 * the median filter against hand-worked columns.
 */
import { describe, expect, it } from "vitest";
import { argmaxPath, logPosteriors, medianPosteriors, viterbiUniform } from "../../src/predict/decode.js";
import { createRng } from "../../src/util/random.js";

/** log P(path, observations) under the uniform-transition HMM, written out from the definition. */
function pathScore(path: number[], logE: number[], k: number, p: number): number {
  let s = Math.log(1 / k) + logE[path[0]];
  for (let n = 1; n < path.length; n++) {
    s += Math.log(path[n] === path[n - 1] ? p : (1 - p) / (k - 1)) + logE[n * k + path[n]];
  }
  return s;
}

function bruteForce(logE: number[], k: number, p: number): { path: number[]; score: number } {
  const frames = logE.length / k;
  let best = { path: [] as number[], score: -Infinity };
  for (let code = 0; code < k ** frames; code++) {
    const path = Array.from({ length: frames }, (_, n) => Math.floor(code / k ** n) % k);
    const score = pathScore(path, logE, k, p);
    if (score > best.score) best = { path, score };
  }
  return best;
}

function randomLogEmissions(frames: number, k: number, seed: number): number[] {
  const rng = createRng(seed, 1);
  const scores = Array.from({ length: frames * k }, () => 3 * rng.normal());
  return Array.from(logPosteriors(scores, k));
}

describe("viterbiUniform", () => {
  const cases = [
    { k: 2, frames: 5, p: 0.7 },
    { k: 3, frames: 5, p: 0.9 },
    { k: 3, frames: 4, p: 0.1 }, // p < 1/K: leaving is more likely than staying
    { k: 4, frames: 4, p: 0.5 },
    { k: 5, frames: 3, p: 0.99 },
  ];
  for (const { k, frames, p } of cases) {
    for (let seed = 0; seed < 8; seed++) {
      it(`equals brute force: K=${k}, T=${frames}, p=${p}, seed ${seed}`, () => {
        const logE = randomLogEmissions(frames, k, seed * 31 + k);
        const expected = bruteForce(logE, k, p);
        const path = Array.from(viterbiUniform(logE, k, p));
        expect(pathScore(path, logE, k, p)).toBeCloseTo(expected.score, 10);
        expect(path).toEqual(expected.path);
      });
    }
  }

  it("with p = 1/K all transitions are equal, so the path is the frame-wise argmax", () => {
    for (const k of [2, 3, 24]) {
      const logE = randomLogEmissions(200, k, k);
      expect(Array.from(viterbiUniform(logE, k, 1 / k))).toEqual(Array.from(argmaxPath(logE, k)));
    }
  });

  it("a large self-transition removes a one-frame flip that argmax keeps", () => {
    // class 0 clearly for 5 frames, one frame slightly prefers class 1
    const frames = [0.9, 0.9, 0.4, 0.9, 0.9].map((a) => [Math.log(a), Math.log(1 - a)]).flat();
    expect(Array.from(argmaxPath(frames, 2))).toEqual([0, 0, 1, 0, 0]);
    expect(Array.from(viterbiUniform(frames, 2, 0.9))).toEqual([0, 0, 0, 0, 0]);
  });

  it("handles zero and one frame", () => {
    expect(viterbiUniform([], 3, 0.9)).toHaveLength(0);
    expect(Array.from(viterbiUniform([-2, -0.1, -3], 3, 0.9))).toEqual([1]);
  });
});

describe("logPosteriors", () => {
  it("is the log of the softmax: rows exponentiate to 1 and keep score differences", () => {
    const scores = [1, 2, 3, -1000, 0, 1000];
    const lp = logPosteriors(scores, 3);
    expect(Math.exp(lp[0]) + Math.exp(lp[1]) + Math.exp(lp[2])).toBeCloseTo(1, 12);
    expect(lp[2] - lp[0]).toBeCloseTo(2, 12);
    expect(lp[5]).toBeCloseTo(0, 12); // 1000 dominates without overflow
    expect(lp[3]).toBeCloseTo(-2000, 9);
  });
});

describe("argmaxPath", () => {
  it("takes the lowest class on ties, as numpy's argmax", () => {
    expect(Array.from(argmaxPath([1, 1, 0, 0, 2, 2], 3))).toEqual([0, 1]);
  });
});

describe("medianPosteriors", () => {
  it("filters each class over time, shrinking the window at the edges", () => {
    // one class, values 5 1 4 2 3; window 3: [5,1]→3, [5,1,4]→4, [1,4,2]→2, [4,2,3]→3, [2,3]→2.5
    expect(Array.from(medianPosteriors([5, 1, 4, 2, 3], 1, 3))).toEqual([3, 4, 2, 3, 2.5]);
  });
  it("treats classes independently", () => {
    // two interleaved classes: class 0 = 0 9 0, class 1 = 1 1 8
    const out = medianPosteriors([0, 1, 9, 1, 0, 8], 2, 3);
    expect(Array.from(out)).toEqual([4.5, 1, 0, 1, 4.5, 4.5]);
  });
  it("length 1 is the identity", () => {
    expect(Array.from(medianPosteriors([0.2, 0.8, 0.6, 0.4], 2, 1))).toEqual([0.2, 0.8, 0.6, 0.4]);
  });
});

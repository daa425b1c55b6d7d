/**
 * Label-prior-scaled CTC (CtcOptions.priorScale, Huang et al. 2024): the forward–backward on
 * log p − α·log P̂ with P̂ the item's mean posterior held constant.
 */
import { describe, expect, it } from "vitest";
import { ctcLoss, CTC_LOG_PRIOR_FLOOR } from "../../src/losses/ctc.js";
import { ctcBatch, logSoftmaxRows } from "../../src/losses/batched.js";
import { checkCtcOptions } from "../../src/losses/options.js";
import { createRng } from "../../src/util/random.js";
import { bruteForceCtc, ctcForwardFree, finiteDifferences, flat, logSoftmaxRow, relativeError } from "./reference.js";

const rng = createRng(16, 3);


/** The item's mean posterior per class, computed here from the rows (independently of ctc.ts). */
function meanPosterior(logp: number[][]): number[] {
  const C = logp[0].length;
  return Array.from({ length: C }, (_, k) => logp.reduce((s, row) => s + Math.exp(row[k]), 0) / logp.length);
}

describe("label-prior CTC, a case by hand: T = 2, blank 0, labels [1]", () => {
  // p_0 = (0.8, 0.2), p_1 = (0.6, 0.4): P̂ = (0.7, 0.3). With α = 1, p̃_t(k) = p_t(k)/P̂(k):
  // p̃_0 = (8/7, 2/3), p̃_1 = (6/7, 4/3). Alignments of [1] in 2 frames: (1,1), (b,1), (1,b):
  // Σ = 2/3·4/3 + 8/7·4/3 + 2/3·6/7 = 8/9 + 32/21 + 12/21 = 188/63.
  const logp = [
    [Math.log(0.8), Math.log(0.2)],
    [Math.log(0.6), Math.log(0.4)],
  ];
  it("value −log(188/63)", () => {
    const { value } = ctcLoss(logp, [1], { blank: 0, priorScale: 1 });
    expect(value).toBeCloseTo(-Math.log(188 / 63), 12);
  });
  it("gradient −γ̃ (occupancy under the shifted scores): frame 0 blank 96/188, label 92/188", () => {
    // frame 0 is blank only in (b,1): 32/21 = 96/63; label in (1,1) and (1,b): 8/9 + 12/21 = 92/63.
    // frame 1 is blank only in (1,b): 12/21 = 36/63; label in (1,1), (b,1): 8/9 + 32/21 = 152/63.
    const { grad } = ctcLoss(logp, [1], { blank: 0, priorScale: 1 });
    expect(grad[0][0]).toBeCloseTo(-96 / 188, 12);
    expect(grad[0][1]).toBeCloseTo(-92 / 188, 12);
    expect(grad[1][0]).toBeCloseTo(-36 / 188, 12);
    expect(grad[1][1]).toBeCloseTo(-152 / 188, 12);
  });
  it("α = 0.5 scales by √P̂; α = 0 is plain CTC", () => {
    const sq = (t: number, k: number): number => Math.exp(logp[t][k]) / Math.sqrt([0.7, 0.3][k]);
    const sum = sq(0, 1) * sq(1, 1) + sq(0, 0) * sq(1, 1) + sq(0, 1) * sq(1, 0);
    expect(ctcLoss(logp, [1], { blank: 0, priorScale: 0.5 }).value).toBeCloseTo(-Math.log(sum), 12);
    // plain: 0.2·0.4 + 0.8·0.4 + 0.2·0.6 = 0.52
    expect(ctcLoss(logp, [1], { blank: 0, priorScale: 0 }).value).toBeCloseTo(-Math.log(0.52), 12);
  });
});

describe("label-prior CTC equals brute-force CTC over every path of the shifted scores", () => {
  it.each([
    [4, 3, 0, [1, 2], 1],
    [5, 4, 3, [0, 0, 2], 0.3],
    [5, 3, 2, [1], 2],
  ] as const)("T = %i, C = %i, blank = %i, labels %j, α = %f", (T, C, blank, labels, alpha) => {
    const logp = Array.from({ length: T }, () => logSoftmaxRow(Array.from({ length: C }, () => 2 * rng.normal())));
    const prior = meanPosterior(logp);
    const shifted = logp.map((row) => row.map((v, k) => v - alpha * Math.log(prior[k])));
    const bf = bruteForceCtc(shifted, [...labels], blank);
    const { value, grad } = ctcLoss(logp, [...labels], { blank, priorScale: alpha });
    expect(Math.abs(value - bf.value)).toBeLessThan(1e-12 * Math.max(1, Math.abs(bf.value)));
    expect(relativeError(flat(grad), flat(bf.grad), 1)).toBeLessThan(1e-12);
  });

  it("a class never predicted is boosted by α·12 at most (log P̂ floored at −12)", () => {
    // class 2 has probability e^−40 on every frame: P̂ = e^−40, floored to e^−12
    const row = (a: number): number[] => {
      const tiny = Math.exp(-40);
      return [Math.log(a * (1 - tiny)), Math.log((1 - a) * (1 - tiny)), -40];
    };
    const logp = [row(0.5), row(0.3), row(0.9)];
    const alpha = 0.7;
    const prior = meanPosterior(logp).map((p) => Math.max(Math.log(p), CTC_LOG_PRIOR_FLOOR));
    expect(prior[2]).toBe(-12);
    const shifted = logp.map((r) => r.map((v, k) => v - alpha * prior[k]));
    expect(ctcLoss(logp, [2, 1], { blank: 0, priorScale: alpha }).value).toBeCloseTo(bruteForceCtc(shifted, [2, 1], 0).value, 10);
  });
});

describe("label-prior CTC through the log-softmax (the training path): ∂/∂logits = p − γ̃", () => {
  it("matches central finite differences with P̂ held at its value (stop-gradient)", () => {
    const T = 12;
    const C = 5;
    const blank = 4;
    const labels = [0, 2, 1, 2];
    const alpha = 0.8;
    const logits = Float64Array.from({ length: T * C }, () => 1.5 * rng.normal());
    const rows = (z: ArrayLike<number>): number[][] => Array.from({ length: T }, (_, t) => logSoftmaxRow(Array.from({ length: C }, (_, k) => z[t * C + k])));
    const prior = meanPosterior(rows(logits)); // held constant under the perturbations
    const f = (z: Float64Array): number =>
      ctcForwardFree(rows(z).map((row) => row.map((v, k) => v - alpha * Math.log(prior[k]))), labels, blank);
    const numeric = finiteDifferences(f, logits, 1e-6);

    const logp = new Float64Array(T * C);
    const probs = new Float64Array(T * C);
    logSoftmaxRows({ x: logits, dims: { B: 1, T, C }, lengths: [T], logp, probs, input: "logits", who: "test" });
    const checked = checkCtcOptions({ blank, priorScale: alpha }, C, "test");
    const grad = new Float64Array(T * C);
    const values = new Float64Array(1);
    ctcBatch({ logp, probs, dims: { B: 1, T, C }, lengths: [T], labels: [Int32Array.from(labels)], checked, reduction: "sum", values, grad, who: "test" });
    expect(values[0]).toBeCloseTo(f(logits), 10);
    expect(relativeError(grad, numeric, 1e-3)).toBeLessThan(1e-6);
    // each frame's gradient sums to 0 (p − γ̃, both distributions over the classes)
    for (let t = 0; t < T; t++) {
      let s = 0;
      for (let k = 0; k < C; k++) s += grad[t * C + k];
      expect(Math.abs(s)).toBeLessThan(1e-12);
    }
  });
});


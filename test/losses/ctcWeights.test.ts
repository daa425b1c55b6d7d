/**
 * CTC class weights (CtcOptions.classWeights: emission weights w_k on log p, loss.ctcClassBalance /
 * loss.ctcBlankWeight) and the label-proportion term (CtcOptions.proportionWeight,
 * loss.ctcProportionWeight): values by hand and by enumerating every path, gradients by central
 * finite differences through the log-softmax (the training path).
 */
import { describe, expect, it } from "vitest";
import { ctcLoss } from "../../src/losses/ctc.js";
import { ctcBatch, logSoftmaxRows } from "../../src/losses/batched.js";
import { checkCtcOptions } from "../../src/losses/options.js";
import { classBalanceWeights } from "../../src/training/classBalance.js";
import { createRng } from "../../src/util/random.js";
import { bruteForceCtc, ctcForwardFree, finiteDifferences, flat, logSoftmaxRow, relativeError } from "./reference.js";

const rng = createRng(16, 4);


describe("class-weighted CTC, a case by hand: T = 2, blank 0, labels [1]", () => {
  // p_0 = (0.8, 0.2), p_1 = (0.6, 0.4); weights w = (2, 3): a path scores Π_t p_t(π_t)^w(π_t).
  // (1,1): 0.2³·0.4³ = 0.000512; (b,1): 0.8²·0.4³ = 0.04096; (1,b): 0.2³·0.6² = 0.00288.
  const logp = [
    [Math.log(0.8), Math.log(0.2)],
    [Math.log(0.6), Math.log(0.4)],
  ];
  const paths = { ll: 0.2 ** 3 * 0.4 ** 3, bl: 0.8 ** 2 * 0.4 ** 3, lb: 0.2 ** 3 * 0.6 ** 2 };
  const total = paths.ll + paths.bl + paths.lb;
  it("value −log Σ_paths Π p^w", () => {
    expect(ctcLoss(logp, [1], { blank: 0, classWeights: [2, 3] }).value).toBeCloseTo(-Math.log(total), 12);
  });
  it("gradient −w_k·(occupancy of k under the weighted scores)", () => {
    const { grad } = ctcLoss(logp, [1], { blank: 0, classWeights: [2, 3] });
    expect(grad[0][0]).toBeCloseTo((-2 * paths.bl) / total, 12);
    expect(grad[0][1]).toBeCloseTo((-3 * (paths.ll + paths.lb)) / total, 12);
    expect(grad[1][0]).toBeCloseTo((-2 * paths.lb) / total, 12);
    expect(grad[1][1]).toBeCloseTo((-3 * (paths.ll + paths.bl)) / total, 12);
  });
  it("weights all 1 give plain CTC exactly", () => {
    const plain = ctcLoss(logp, [1], { blank: 0 });
    const ones = ctcLoss(logp, [1], { blank: 0, classWeights: [1, 1] });
    expect(ones.value).toBe(plain.value);
    expect(flat(ones.grad)).toEqual(flat(plain.grad));
  });
});

describe("class-weighted CTC equals brute-force CTC over every path of w·log p (with and without the label prior)", () => {
  it.each([
    [4, 3, 0, [1, 2], [1.5, 0.5, 2], 0],
    [5, 4, 3, [0, 0, 2], [0.7, 1, 1.3, 2], 0],
    [5, 4, 3, [1, 2], [1, 2, 0.5, 1.2], 1],
  ] as const)("T = %i, C = %i, blank = %i, labels %j, w %j, α = %f", (T, C, blank, labels, w, alpha) => {
    const logp = Array.from({ length: T }, () => logSoftmaxRow(Array.from({ length: C }, () => 2 * rng.normal())));
    const prior = Array.from({ length: C }, (_, k) => logp.reduce((s, row) => s + Math.exp(row[k]), 0) / T);
    const scores = logp.map((row) => row.map((v, k) => w[k] * (v - alpha * Math.log(prior[k]))));
    const bf = bruteForceCtc(scores, [...labels], blank); // its grad is ∂/∂scores
    const { value, grad } = ctcLoss(logp, [...labels], { blank, classWeights: [...w], priorScale: alpha });
    expect(Math.abs(value - bf.value)).toBeLessThan(1e-12 * Math.max(1, Math.abs(bf.value)));
    const expected = bf.grad.map((row) => row.map((g, k) => w[k] * g)); // chain rule, P̂ held constant
    expect(relativeError(flat(grad), flat(expected), 1)).toBeLessThan(1e-12);
  });
});

describe("the label-proportion term λ·KL(π ‖ p̄)", () => {
  it("by hand: T = 2, C = 3 (blank 2), labels [0, 1, 0]", () => {
    // non-blank posteriors renormalised: frame 0 (0.3, 0.1)/0.4 = (0.75, 0.25), frame 1 (0.2, 0.6)/0.8 = (0.25, 0.75)
    // p̄ = (0.5, 0.5); π = (2/3, 1/3); KL = 2/3·log(4/3) + 1/3·log(2/3)
    const logp = [
      [Math.log(0.3), Math.log(0.1), Math.log(0.6)],
      [Math.log(0.2), Math.log(0.6), Math.log(0.2)],
    ];
    const lambda = 0.7;
    const plain = ctcLoss(logp, [0, 1, 0], { blank: 2 }).value;
    const kl = (2 / 3) * Math.log(4 / 3) + (1 / 3) * Math.log(2 / 3);
    expect(ctcLoss(logp, [0, 1, 0], { blank: 2, proportionWeight: lambda }).value).toBeCloseTo(plain + lambda * kl, 12);
  });

  it("zero when the decoded shares already match the sequence's, whatever the blank does", () => {
    // every frame's non-blank posteriors are (0.5, 0.5), labels [0, 1]: π = p̄
    const row = (blankP: number): number[] => [Math.log((1 - blankP) / 2), Math.log((1 - blankP) / 2), Math.log(blankP)];
    const logp = [row(0.1), row(0.9), row(0.5)];
    const plain = ctcLoss(logp, [0, 1], { blank: 2 });
    const withTerm = ctcLoss(logp, [0, 1], { blank: 2, proportionWeight: 3 });
    expect(withTerm.value).toBeCloseTo(plain.value, 12);
    expect(relativeError(flat(withTerm.grad), flat(plain.grad), 1)).toBeLessThan(1e-12);
  });

  it("matches central finite differences through the log-softmax, with class weights and the label prior on too (P̂ held constant)", () => {
    const T = 10;
    const C = 5;
    const blank = 4;
    const labels = [0, 2, 1, 2];
    const w = [1.2, 0.8, 2, 1, 1.5];
    const lambda = 0.9;
    const alpha = 0.6;
    const logits = Float64Array.from({ length: T * C }, () => 1.5 * rng.normal());
    const rows = (z: ArrayLike<number>): number[][] => Array.from({ length: T }, (_, t) => logSoftmaxRow(Array.from({ length: C }, (_, k) => z[t * C + k])));
    const prior = Array.from({ length: C }, (_, k) => rows(logits).reduce((s, row) => s + Math.exp(row[k]), 0) / T);
    // the term from its definition, written here independently of ctc.ts
    const proportion = (lp: number[][]): number => {
      const pi = [0, 0, 0, 0];
      for (const l of labels) pi[l] += 1 / labels.length;
      const mean = [0, 0, 0, 0];
      for (const row of lp) {
        const z = row.slice(0, 4).reduce((s, v) => s + Math.exp(v), 0);
        for (let k = 0; k < 4; k++) mean[k] += Math.exp(row[k]) / z / T;
      }
      return pi.reduce((s, p, k) => (p > 0 ? s + p * Math.log(p / mean[k]) : s), 0);
    };
    const f = (z: Float64Array): number => {
      const lp = rows(z);
      const scores = lp.map((row) => row.map((v, k) => w[k] * (v - alpha * Math.log(prior[k]))));
      return ctcForwardFree(scores, labels, blank) + lambda * proportion(lp);
    };
    const numeric = finiteDifferences(f, logits, 1e-6);
    const logp = new Float64Array(T * C);
    const probs = new Float64Array(T * C);
    logSoftmaxRows({ x: logits, dims: { B: 1, T, C }, lengths: [T], logp, probs, input: "logits", who: "test" });
    const checked = checkCtcOptions({ blank, classWeights: w, priorScale: alpha, proportionWeight: lambda }, C, "test");
    const grad = new Float64Array(T * C);
    const values = new Float64Array(1);
    ctcBatch({ logp, probs, dims: { B: 1, T, C }, lengths: [T], labels: [Int32Array.from(labels)], checked, reduction: "sum", values, grad, who: "test" });
    expect(values[0]).toBeCloseTo(f(logits), 10);
    expect(relativeError(grad, numeric, 1e-3)).toBeLessThan(1e-6);
  });

  it('reduction "mean": the CTC part is divided by the label length, the term by the batch size only', () => {
    const T = 6;
    const C = 4;
    const labels = [[0, 1], [2]];
    const logits = Float64Array.from({ length: 2 * T * C }, () => rng.normal());
    const logp = new Float64Array(2 * T * C);
    const probs = new Float64Array(2 * T * C);
    logSoftmaxRows({ x: logits, dims: { B: 2, T, C }, lengths: [T, T], logp, probs, input: "logits", who: "test" });
    const item = (b: number, lambda: number): number =>
      ctcLoss(Array.from({ length: T }, (_, t) => Array.from(logp.subarray((b * T + t) * C, (b * T + t + 1) * C))), labels[b], { blank: 3, proportionWeight: lambda }).value;
    const values = new Float64Array(2);
    const checked = checkCtcOptions({ blank: 3, proportionWeight: 0.5 }, C, "test");
    ctcBatch({ logp, probs, dims: { B: 2, T, C }, lengths: [T, T], labels: labels.map((l) => Int32Array.from(l)), checked, reduction: "mean", values, grad: null, who: "test" });
    for (let b = 0; b < 2; b++) {
      const ctc = item(b, 0);
      const term = item(b, 0.5) - ctc;
      expect(values[b]).toBeCloseTo(ctc / labels[b].length + term, 12);
    }
  });
});

describe("option checks", () => {
  it.each([
    [{ classWeights: [1, 1] }, /classWeights must be 3 finite numbers > 0/],
    [{ classWeights: [1, 0, 1] }, /classWeights must be 3/],
    [{ proportionWeight: -1 }, /proportionWeight must be a finite number ≥ 0/],
  ])("%j is refused", (extra, message) => {
    expect(() => ctcLoss([[0, 0, 0]], [1], { blank: 2, ...extra })).toThrow(message);
  });
});

describe("loss.ctcClassBalance's weights: classBalanceWeights on the reduced label sequences", () => {
  it("β = 1: 3 major labels and 1 minor → major 1/(2·3/4) = 2/3, minor 1/(2·1/4) = 2", () => {
    const w = classBalanceWeights([Int32Array.from([0, 5]), Int32Array.from([7, 12])], 1);
    expect(w[0]).toBeCloseTo(2 / 3, 12);
    expect(w[12]).toBeCloseTo(2, 12);
    // the mean weight of a training label is 1
    expect((3 * w[0] + w[12]) / 4).toBeCloseTo(1, 12);
  });
});


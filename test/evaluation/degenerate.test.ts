/**
 * The degeneracy check (src/evaluation/degenerate.ts) on planted confusions. Every expected value
 * is worked out by hand in the comments from the FMP definitions (scores.ts): TP = frames whose
 * reference chord is estimated, FP = chords estimated elsewhere, FN = reference chords missed.
 */
import { describe, expect, it } from "vitest";
import { assessHealth, majorityClass, setHealth, DOMINANT_SHARE, REFERENCE_TOP_SHARE } from "../../src/evaluation/degenerate.js";
import { confusionMatrix } from "../../src/evaluation/confusion.js";
import { frameScores } from "../../src/evaluation/scores.js";

const C = 0, D = 2, DS = 3, G = 7, Am = 21, N = -1;

/** Frames from runs [class, count]. */
const frames = (...runs: [number, number][]) => Int16Array.from(runs.flatMap(([c, n]) => Array<number>(n).fill(c)));

describe("setHealth", () => {
  it("the issue's case: one chord (D#:maj) on every frame of a test set with four chords", () => {
    // Reference: C 40, G 30, Am 20, D 10 (100 frames, all chords). Estimate: D# everywhere.
    const reference = frames([C, 40], [G, 30], [Am, 20], [D, 10]);
    const estimate = frames([DS, 100]);
    const h = setHealth(confusionMatrix(reference, estimate), "test");
    // TP = 0 → F = 0. Best constant: C, TP = 40, FP = 60, FN = 60 → P = R = 0.4, F = 0.4.
    expect(h.f).toBe(0);
    expect(h.dominant).toEqual({ class: DS, share: 1 });
    expect(h.referenceTop).toEqual({ class: C, share: 0.4 });
    expect(h.constantBaseline?.class).toBe(C);
    expect(h.constantBaseline?.f).toBeCloseTo(0.4, 12);
    expect(h.reasons).toEqual([
      "predicts D#:maj on 100 % of test frames (the reference's largest chord, C:maj, covers 40 %)",
      "test F 0.000 is not above the constant-class baseline 0.400 (C:maj on every frame)",
    ]);
  });

  it("a healthy model does not alarm", () => {
    // Reference as above; the estimate gets C and G right, calls Am C (20 frames) and D right.
    const reference = frames([C, 40], [G, 30], [Am, 20], [D, 10]);
    const estimate = frames([C, 40], [G, 30], [C, 20], [D, 10]);
    const h = setHealth(confusionMatrix(reference, estimate), "test");
    // TP = 80, FP = 20, FN = 20 → F = 0.8 > 0.4; C is estimated on 60 % < 90 %.
    expect(h.f).toBeCloseTo(0.8, 12);
    expect(h.f).toBeCloseTo(frameScores(reference, estimate).f, 12);
    expect(h.dominant).toEqual({ class: C, share: 0.6 });
    expect(h.reasons).toEqual([]);
  });

  it("borderline: one class on exactly 90 % alarms, on 89 % does not", () => {
    // Reference: C 40, G 30, Am 30. Estimate: G on 90 frames, then C on 10 (which are Am frames).
    const reference = frames([C, 40], [G, 30], [Am, 30]);
    const at = setHealth(confusionMatrix(reference, frames([G, 90], [C, 10])), "test");
    expect(at.dominant).toEqual({ class: G, share: DOMINANT_SHARE });
    expect(at.reasons[0]).toBe("predicts G:maj on 90 % of test frames (the reference's largest chord, C:maj, covers 40 %)");
    // TP = 30 (the G frames) → F = 2·30/(100 + 100) = 0.3 < constant C: 2·40/200 = 0.4: rule 2 too.
    expect(at.f).toBeCloseTo(0.3, 12);
    expect(at.reasons).toHaveLength(2);
    const below = setHealth(confusionMatrix(reference, frames([C, 11], [G, 89])), "test");
    expect(below.dominant.share).toBe(0.89);
    expect(below.reasons.some((r) => r.startsWith("predicts"))).toBe(false);
  });

  it("one class everywhere is no alarm by rule 1 when the reference itself is mostly that class", () => {
    // Reference: C 60, G 40; estimate C everywhere. Largest reference class covers 60 % ≥ 50 %.
    const reference = frames([C, 60], [G, 40]);
    const h = setHealth(confusionMatrix(reference, frames([C, 100])), "test");
    expect(h.referenceTop).toEqual({ class: C, share: 0.6 });
    expect(REFERENCE_TOP_SHARE).toBe(0.5);
    expect(h.reasons.some((r) => r.startsWith("predicts"))).toBe(false);
    // But it IS the constant prediction: F = 2·60/200 = 0.6 = baseline → "not above": rule 2.
    expect(h.f).toBeCloseTo(0.6, 12);
    expect(h.constantBaseline?.f).toBeCloseTo(0.6, 12);
    expect(h.reasons).toEqual(["test F 0.600 is not above the constant-class baseline 0.600 (C:maj on every frame)"]);
  });

  it("rule 2 alone: several classes predicted, but worse than one chord everywhere", () => {
    // Reference: C 50, G 25, Am 25. Estimate: D 40, G 30 (5 right), D# 30: no class ≥ 90 %.
    const reference = frames([C, 50], [G, 25], [Am, 25]);
    const estimate = frames([D, 40], [DS, 10], [G, 25], [DS, 25]);
    const h = setHealth(confusionMatrix(reference, estimate), "test");
    // TP = 25 (G) → F = 2·25/(100 + 100) = 0.25; constant C: 2·50/200 = 0.5.
    expect(h.f).toBeCloseTo(0.25, 12);
    expect(h.constantBaseline?.f).toBeCloseTo(0.5, 12);
    expect(h.reasons).toEqual(["test F 0.250 is not above the constant-class baseline 0.500 (C:maj on every frame)"]);
  });

  it("no-chord reference frames: the constant baseline counts them as false positives", () => {
    // Reference: N 20, C 50, G 30 (n = 100, r = 80). Constant C: TP 50, FP 50, FN 30 →
    // P = 0.5, R = 0.625, F = 2·0.5·0.625/1.125 = 0.5556 = 2·50/(100 + 80).
    const reference = frames([N, 20], [C, 50], [G, 30]);
    const h = setHealth(confusionMatrix(reference, frames([C, 100])), "test", G);
    expect(h.constantBaseline?.f).toBeCloseTo(0.5 / 0.9, 12);
    expect(h.constantBaseline?.f).toBeCloseTo(frameScores(reference, frames([C, 100])).f, 12);
    // The training set's majority chord G everywhere: 2·30/180 = 1/3.
    expect(h.trainMajorityBaseline).toEqual({ class: G, f: expect.closeTo(1 / 3, 12) });
    // C covers 50/80 = 62.5 % of the reference chord frames (≥ 50 %): rule 1 stays quiet, rule 2 speaks.
    expect(h.reasons).toEqual([
      "test F 0.556 is not above the constant-class baseline 0.556 (C:maj on every frame; the training set's majority chord G:maj everywhere: 0.333)",
    ]);
  });

  it("no-chord estimated on no-chord frames is no true positive (a model may estimate N)", () => {
    // Reference: N 20, C 40, G 40; estimate: N 20, C 80. TP = 40, e = 80, r = 80 → F = 80/160 = 0.5.
    const reference = frames([N, 20], [C, 40], [G, 40]);
    const estimate = frames([N, 20], [C, 80]);
    const h = setHealth(confusionMatrix(reference, estimate), "test");
    expect(h.f).toBeCloseTo(0.5, 12);
    expect(h.f).toBeCloseTo(frameScores(reference, estimate).f, 12);
  });

  it("refuses a confusion matrix of the wrong size", () => {
    expect(() => setHealth([[1]], "test")).toThrow(/25×25/);
  });
});

describe("assessHealth", () => {
  it("a healthy test set with a degenerate validation set is degenerate, and says which set", () => {
    const reference = frames([C, 40], [G, 30], [Am, 30]);
    const h = assessHealth({ test: confusionMatrix(reference, reference), val: confusionMatrix(reference, frames([Am, 100])) });
    expect(h.degenerate).toBe(true);
    expect(h.test?.reasons).toEqual([]);
    expect(h.reasons[0]).toMatch(/^predicts A:min on 100 % of validation frames/);
  });

  it("healthy on both sets: not degenerate", () => {
    const reference = frames([C, 40], [G, 30], [Am, 30]);
    const h = assessHealth({ test: confusionMatrix(reference, reference), val: confusionMatrix(reference, reference) });
    expect(h).toMatchObject({ degenerate: false, reasons: [] });
  });
});

describe("majorityClass", () => {
  it("the most frequent chord over all sequences, no-chord left out", () => {
    expect(majorityClass([frames([N, 50], [C, 10]), frames([G, 8], [C, 1], [G, 4])])).toBe(G);
    expect(majorityClass([frames([N, 5])])).toBeUndefined();
  });
});

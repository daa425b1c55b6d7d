import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { compareCsv, compareMarkdown, pairedComparisons } from "../../src/experiment/compare.js";
import { pairedDifference } from "../../src/util/seedStats.js";
import type { RunSummary } from "../../src/experiment/table.js";
import { runSummary } from "../helpers/runSummary.js";

const run = (row: string, seed: number, f: number, extra: Partial<RunSummary> = {}): RunSummary =>
  runSummary(row, seed, f, { loss: "bce", padding: "", targetLength: 150, bestEpoch: 1, seconds: 1, stoppedEpoch: 1, ...extra });

describe("pairedDifference (paired t interval)", () => {
  it("matches a hand computation: differences 0.02, 0.04, 0.03, 0.05", () => {
    // mean 0.035; deviations ∓0.015, ±0.005 → sd = √(0.0005/3); t(0.975, 3) = 3.182 (tables)
    const d = pairedDifference([0.82, 0.84, 0.83, 0.85], [0.8, 0.8, 0.8, 0.8]);
    const sd = Math.sqrt(0.0005 / 3);
    expect(d.n).toBe(4);
    expect(d.mean).toBeCloseTo(0.035, 12);
    expect(d.sd).toBeCloseTo(sd, 12);
    expect(d.ci95).toBeCloseTo((3.182 * sd) / 2, 12);
  });

  it("two pairs use t(0.975, 1) = 12.706; one pair has no interval", () => {
    const d = pairedDifference([1, 3], [0, 0]);
    expect(d.mean).toBe(2);
    expect(d.sd).toBeCloseTo(Math.SQRT2, 12);
    expect(d.ci95).toBeCloseTo((12.706 * Math.SQRT2) / Math.SQRT2, 12);
    expect(Number.isNaN(pairedDifference([1], [0]).ci95)).toBe(true);
  });

  it("rejects samples of different length", () => {
    expect(() => pairedDifference([1, 2], [1])).toThrow(/2 vs 1/);
  });
});

describe("pairedComparisons", () => {
  it("pairs by seed, so a seed effect shared by both rows cancels", () => {
    // Row a = row b + 0.01 exactly, on top of a large per-seed effect.
    const seedEffect = [0, 0.2, -0.15, 0.1];
    const runs = seedEffect.flatMap((e, seed) => [run("a", seed, 0.6 + e + 0.01), run("b", seed, 0.6 + e)]);
    const [f1] = pairedComparisons(runs.reverse(), [{ a: "a", b: "b" }]);
    expect(f1).toMatchObject({ a: "a", b: "b", metric: "test_f1", unpaired: 0 });
    expect(f1.diff.n).toBe(4);
    expect(f1.diff.mean).toBeCloseTo(0.01, 12);
    expect(f1.diff.sd).toBeCloseTo(0, 12);
    expect(f1.meanA - f1.meanB).toBeCloseTo(0.01, 12);
  });

  it("pairs leave-one-song-out runs by (seed, fold), leaving out failed and unmatched runs", () => {
    const runs = [
      run("a", 0, 0.9, { fold: 0 }), run("b", 0, 0.7, { fold: 0 }), // d = 0.2
      run("a", 0, 0.5, { fold: 1 }), run("b", 0, 0.4, { fold: 1 }), // d = 0.1
      run("a", 1, 0.8, { fold: 0 }), run("b", 1, 0.5, { fold: 0 }), // d = 0.3
      run("a", 1, 0.1, { fold: 1 }), run("b", 1, 0, { fold: 1, status: "FAILED" }), // b failed: a unpaired
      run("b", 2, 0.3, { fold: 0 }), // no partner
    ];
    const [f1, majmin, minor] = pairedComparisons(runs, [{ a: "a", b: "b" }]);
    expect(f1.diff.n).toBe(3);
    expect(f1.diff.mean).toBeCloseTo(0.2, 12);
    expect(f1.diff.sd).toBeCloseTo(0.1, 12);
    expect(f1.diff.ci95).toBeCloseTo((4.303 * 0.1) / Math.sqrt(3), 12);
    expect(f1.meanA).toBeCloseTo((0.9 + 0.5 + 0.8) / 3, 12);
    expect(f1.unpaired).toBe(2);
    expect([majmin.metric, minor.metric]).toEqual(["majmin", "minor_recall"]);
  });

  it("drops a pair from a score where either run lacks it (minor recall without minor frames)", () => {
    const runs = [run("a", 0, 0.5), run("b", 0, 0.4), run("a", 1, 0.6, { minorRecall: NaN }), run("b", 1, 0.4)];
    const byMetric = Object.fromEntries(pairedComparisons(runs, [{ a: "a", b: "b" }]).map((c) => [c.metric, c]));
    expect(byMetric.test_f1.diff.n).toBe(2);
    expect(byMetric.minor_recall.diff.n).toBe(1);
    expect(byMetric.minor_recall.diff.mean).toBeCloseTo(0.1, 12);
  });

  it("compares mir_eval's sevenths and majmin and frame sevenths only where some pair has them", () => {
    const mir = (sevenths: number, majmin: number) => ({ mirEvalSevenths: sevenths, mirEvalMajmin: majmin });
    const runs = [
      run("a", 0, 0.5, mir(0.7, 0.8)), run("b", 0, 0.4, mir(0.6, 0.75)), // sevenths d = 0.1, majmin 0.05
      run("a", 1, 0.6, mir(0.65, 0.7)), run("b", 1, 0.4, mir(0.6, 0.7)), // sevenths d = 0.05, majmin 0
      run("a", 2, 0.6, mir(NaN, NaN)), run("b", 2, 0.5, mir(0.5, 0.5)), // a has no mir_eval scores: left out of both
    ];
    const byMetric = Object.fromEntries(pairedComparisons(runs, [{ a: "a", b: "b" }]).map((c) => [c.metric, c]));
    expect(Object.keys(byMetric)).toEqual(["test_f1", "majmin", "minor_recall", "mireval_sevenths", "mireval_majmin"]);
    expect(byMetric.test_f1.diff.n).toBe(3);
    expect(byMetric.mireval_sevenths.diff.n).toBe(2);
    expect(byMetric.mireval_sevenths.diff.mean).toBeCloseTo(0.075, 12);
    expect(byMetric.mireval_sevenths.meanB).toBeCloseTo(0.6, 12);
    expect(byMetric.mireval_majmin.diff.mean).toBeCloseTo(0.025, 12);
    // no pair with any vocabulary score (the study protocol): the three compared scores only
    const plain = pairedComparisons([run("a", 0, 0.5), run("b", 0, 0.4)], [{ a: "a", b: "b" }]);
    expect(plain.map((c) => c.metric)).toEqual(["test_f1", "majmin", "minor_recall"]);
  });

  it("writes compare.csv with the interval bounds and a Markdown table", () => {
    const runs = [0.02, 0.04, 0.03, 0.05].flatMap((d, seed) => [run("A row", seed, 0.8 + d), run("B row", seed, 0.8)]);
    const comparisons = pairedComparisons(runs, [{ a: "A row", b: "B row" }]);
    const lines = parse(compareCsv(comparisons), { columns: true }) as Record<string, string>[];
    expect(lines).toHaveLength(3);
    const half = (3.182 * Math.sqrt(0.0005 / 3)) / 2;
    expect(lines[0]).toMatchObject({ a: "A row", b: "B row", metric: "test_f1", pairs: "4", diff: "0.035", unpaired: "0" });
    expect(Number(lines[0].diff_lo)).toBeCloseTo(0.035 - half, 4);
    expect(Number(lines[0].diff_hi)).toBeCloseTo(0.035 + half, 4);
    const md = compareMarkdown(comparisons);
    expect(md).toContain(`| A row | B row | test_f1 | 4 | 0.835 | 0.800 | +0.035 | [+${(0.035 - half).toFixed(3)}, +${(0.035 + half).toFixed(3)}] |`);
    expect(compareMarkdown([])).toBe("");
  });
});

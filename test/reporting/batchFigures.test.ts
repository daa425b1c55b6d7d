import { describe, expect, it } from "vitest";
import { scoresFigure, scorePoints } from "../../src/reporting/figures/scores.js";
import { templateComparisonFigure } from "../../src/reporting/figures/templateComparison.js";
import { renderSvg } from "../../src/reporting/render.js";
import { dataWith, markCount, svgTexts } from "./specData.js";

describe("scoresFigure (Table 4.1 as a chart)", () => {
  const scores = [
    { row: "bce", metric: "test F1" as const, mean: 0.765, ci95: 0.01, n: 3 },
    { row: "bce", metric: "majmin" as const, mean: 0.78, ci95: 0.02, n: 3 },
    { row: "sdtw", metric: "test F1" as const, mean: 0.761, ci95: NaN, n: 1 },
    { row: "broken", metric: "test F1" as const, mean: NaN, ci95: NaN, n: 0 },
    { row: "sdtw", metric: "minor recall" as const, mean: 0, ci95: NaN, n: 1 },
  ];

  it("plots each mean with its 95 % CI as [mean − ci95, mean + ci95], and skips unknown means", () => {
    const points = dataWith(scoresFigure(scores), "mean");
    expect(points.map((p) => [p.row, p.metric, p.mean])).toEqual([["bce", "test F1", 0.765], ["bce", "majmin", 0.78], ["sdtw", "test F1", 0.761], ["sdtw", "minor recall", 0]]);
    expect(points[0].lo).toBeCloseTo(0.755, 12);
    expect(points[0].hi).toBeCloseTo(0.775, 12);
    expect(scorePoints(scores)[2]).toMatchObject({ lo: null, hi: null });
  });

  it("renders a CI bar only where there are several seeds", async () => {
    const svg = await renderSvg(scoresFigure(scores));
    expect(markCount(svg, "rule")).toBe(2);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(["bce", "sdtw", "test F1", "majmin", "minor recall"]));
  });

  it("renders a single-seed batch without renderer warnings (no empty CI layer)", async () => {
    const single = scores.filter((s) => s.row === "sdtw");
    const warnings: string[] = [];
    const svg = await renderSvg(scoresFigure(single), { warnings });
    expect(warnings).toEqual([]);
    expect(markCount(svg, "rule")).toBe(0);
  });
});

describe("templateComparisonFigure", () => {
  it("draws each row's major and minor vectors over the pitch classes", async () => {
    const major = [2, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0.5];
    const minor = [1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, -0.5];
    const spec = templateComparisonFigure([{ row: "a", major, minor }, { row: "b", major: minor, minor: major }]);
    const points = dataWith(spec, "row", "major");
    expect(points.filter((p) => p.row === "a").map((p) => p.weight)).toEqual(major);
    expect(points.filter((p) => p.row === "b").map((p) => p.weight)).toEqual(minor);
    const texts = svgTexts(await renderSvg(spec));
    expect(texts).toEqual(expect.arrayContaining(["major (C-rooted)", "minor (C-rooted)", "pitch class", "weight", "a", "b", "A#"]));
  });
});

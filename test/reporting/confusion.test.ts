import { describe, expect, it } from "vitest";
import { confusionFigure, confusionCells } from "../../src/reporting/figures/confusion.js";
import { renderSvg } from "../../src/reporting/render.js";
import { confusionOf, testSegment } from "./fixtures.js";
import { dataWith, markCount, svgTexts } from "./specData.js";

describe("confusionFigure", () => {
  const t = testSegment();
  const matrix = confusionOf(t.reference, t.estimate);

  it("has 625 cells: rows reference, columns estimate, N last", () => {
    const cells = dataWith(confusionFigure(matrix), "count");
    expect(cells).toHaveLength(625);
    for (const c of cells) expect(c.count).toBe(matrix[c.refIndex as number][c.estIndex as number]);
    // the fixture calls 10 Am frames C: reference Am (21) row, estimate C (0) column
    expect(cells.find((c) => c.reference === "Am" && c.estimate === "C")?.count).toBe(10);
    expect(cells.find((c) => c.refIndex === 24)?.reference).toBe("N");
  });

  it("writes the non-zero counts and nothing in zero cells", () => {
    const cells = confusionCells(matrix);
    expect(cells.filter((c) => c.label !== "").map((c) => Number(c.label)).sort((a, b) => a - b)).toEqual(matrix.flat().filter((x) => x > 0).sort((a, b) => a - b));
  });

  it("renders 625 cells, the counts, the axis titles and the class names", async () => {
    const svg = await renderSvg(confusionFigure(matrix));
    expect(markCount(svg, "rect")).toBe(625);
    const texts = svgTexts(svg);
    for (const t of ["reference chord", "estimated chord", "frames", "C#m", "N", "10"]) expect(texts).toContain(t);
    expect(texts.some((x) => x.includes("128 of 150 on the diagonal"))).toBe(true);
  });

  it("rejects a matrix that is not 25 × 25", () => {
    expect(() => confusionFigure(matrix.slice(1))).toThrow(/25 × 25/);
  });
});

import { describe, expect, it } from "vitest";
import { alignmentFigure, alignmentCells, mergeSameEpoch, pathPoints } from "../../src/reporting/figures/alignment.js";
import { renderSvg } from "../../src/reporting/render.js";
import { alignmentFixture } from "./fixtures.js";
import { dataWith, markCount, svgTexts } from "./specData.js";

describe("alignmentFigure (∂soft-DTW/∂C with the hard path)", () => {
  const first = alignmentFixture(1, "first");
  const best = alignmentFixture(24, "best");
  const last = alignmentFixture(30, "last");

  it("holds every E value at its (target i, frame j) cell", () => {
    const cells = alignmentCells(first);
    expect(cells).toHaveLength(16 * 150);
    for (const c of cells) expect(c.e).toBe(first.E[c.i * 150 + c.j]);
    const spec = alignmentFigure([first]);
    expect(dataWith(spec, "e", "epoch 1 (first)")).toEqual(cells);
  });

  it("draws the hard DTW path exactly as given, in order", () => {
    const spec = alignmentFigure([first, best]);
    const path = dataWith(spec, "step", "epoch 24 (best)");
    expect(path.map((p) => [p.i, p.j])).toEqual(best.path);
    expect(pathPoints(best).map((p) => p.step)).toEqual(best.path.map((_, k) => k));
  });

  it("uses one colour scale from 0 to the largest E over all panels", () => {
    const boosted = { ...last, E: last.E.map((x) => x * 2) };
    const spec = alignmentFigure([first, boosted]) as { concat: { layer: { encoding: { color?: { scale: { domain: number[] } } } }[] }[] };
    const max = Math.max(...boosted.E);
    expect(max).toBeGreaterThan(Math.max(...first.E));
    for (const panel of spec.concat) expect(panel.layer[0].encoding.color?.scale.domain).toEqual([0, max]);
  });

  it("renders one panel per epoch with titles, axis titles and chord labels of the targets", async () => {
    const svg = await renderSvg(alignmentFigure([first, best, last]));
    const texts = svgTexts(svg);
    for (const t of ["epoch 1 (first)", "epoch 24 (best)", "epoch 30 (last)", "frame (N = 150)", "target position (M = 16)", "N", "Am"]) {
      expect(texts).toContain(t);
    }
    // two path lines (halo + core) per panel
    expect(markCount(svg, "line")).toBe(6);
    // cells far from the path (E < 0.2 % of the max) are left to the background
    expect(markCount(svg, "rect")).toBeLessThan(3 * 16 * 150);
    expect(markCount(svg, "rect")).toBeGreaterThan(3 * 150);
  });

  it("draws an epoch recorded twice (best = last) once, in epoch order", () => {
    const merged = mergeSameEpoch([alignmentFixture(30, "last"), alignmentFixture(1, "first"), alignmentFixture(30, "best")]);
    expect(merged.map((a) => [a.epoch, a.which])).toEqual([[1, "first"], [30, "best, last"]]);
  });

  it("rejects an E whose size is not rows × cols", () => {
    expect(() => alignmentFigure([{ ...first, E: first.E.slice(1) }])).toThrow(/expected rows × cols = 16 × 150/);
  });
});

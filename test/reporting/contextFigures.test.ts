/**
 * The context network's figures (reporting/figures/contextFigures.ts): the data they draw is the
 * data given (saliency rows, first-layer weights by offset and pitch, unit norms), hand-derived
 * on small matrices, and both render to SVG for either input (chroma and log-frequency).
 */
import { describe, expect, it } from "vitest";
import { filterCells, firstLayerFigure, saliencyCells, saliencyFigure, strongestUnits, unitNorms, type InputAxis } from "../../src/reporting/figures/contextFigures.js";
import { renderSvg } from "../../src/reporting/render.js";
import { markCount, svgTexts } from "./specData.js";

const chroma: InputAxis = { kind: "chroma" };
// 2 semitones × 3 bins: centres 59.667 … 61.333
const logfreq: InputAxis = { kind: "logfreq", binsPerSemitone: 3, centres: [59.667, 60, 60.333, 60.667, 61, 61.333].map((c) => Math.round(c * 3) / 3) };

describe("saliency cells", () => {
  it("are the saliency rows, one cell per (class, bin), classes without frames left out", () => {
    const values = Array.from({ length: 25 }, (_, c) => Array.from({ length: 12 }, (_, d) => c * 100 + d));
    const counts = Array.from({ length: 25 }, (_, c) => (c === 0 || c === 24 ? 5 : 0));
    const cells = saliencyCells({ values, counts }, chroma);
    expect(cells.map((c) => c.chord)).toEqual([...Array(12).fill("C"), ...Array(12).fill("N")]);
    expect(cells.map((c) => c.value)).toEqual([...values[0], ...values[24]]);
    expect(cells[3]).toMatchObject({ x0: 2.5, x1: 3.5, frames: 5 });
  });

  it("place log-frequency bins at their centres, 1/B semitone wide", () => {
    const values = Array.from({ length: 25 }, () => [1, 2, 3, 4, 5, 6]);
    const counts = [1, ...Array(24).fill(0)];
    const cells = saliencyCells({ values, counts }, logfreq);
    expect(cells[1].x0).toBeCloseTo(60 - 1 / 6, 9);
    expect(cells[1].x1).toBeCloseTo(60 + 1 / 6, 9);
  });
});

describe("first-layer cells", () => {
  // radius 1, 12 inputs per frame: 36 rows, 3 units; row i = offset ⌊i/12⌋ − 1, pitch i mod 12
  const first = Array.from({ length: 36 }, (_, i) => [i, i === 13 ? 10 : 0, -1]);
  it("read row o·D + d as frame offset o − r and pitch d; the norm is over units", () => {
    const unit0 = filterCells(first, chroma, 0);
    expect(unit0.find((c) => c.offset === 0 && c.x0 === 0.5)?.value).toBe(13); // offset 0, C#
    expect(unit0.find((c) => c.offset === 1 && c.x0 === 10.5)?.value).toBe(35);
    const norm = filterCells(first, chroma);
    expect(norm.find((c) => c.offset === 0 && c.x0 === 0.5)?.value).toBeCloseTo(Math.sqrt(13 * 13 + 100 + 1), 9);
  });

  it("rank the units by their weight norms", () => {
    expect(unitNorms(first)[2]).toBeCloseTo(6, 9); // 36 weights of −1
    expect(strongestUnits(first, 2)).toEqual([0, 1]); // √(Σ i²) ≈ 123 > 10 > 6
  });

  it("refuse a layer whose inputs are not (2r+1)·D", () => {
    expect(() => filterCells(first.slice(0, 24), chroma)).toThrow(/not \(2r\+1\)·12/);
  });
});

describe("rendering", () => {
  it("chroma: the filters (5 panels of 12 × 3 cells) and the saliency render with pitch-class labels", async () => {
    const first = Array.from({ length: 36 }, (_, i) => Array.from({ length: 6 }, (_, u) => Math.sin(i + u)));
    const svg = await renderSvg(firstLayerFigure(first, chroma));
    expect(markCount(svg, "rect")).toBeGreaterThanOrEqual(5 * 36);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(["all units (L2 norm)", "frame offset", "C", "F#"]));
    const sal = await renderSvg(saliencyFigure({ values: Array.from({ length: 25 }, () => Array(12).fill(0.5)), counts: Array(25).fill(1) }, chroma));
    expect(svgTexts(sal)).toEqual(expect.arrayContaining(["Cm", "N", "input pitch class"]));
  });

  it("log-frequency: octave labels on the pitch axis", async () => {
    const centres = Array.from({ length: 216 }, (_, b) => 36 + (b - 1) / 3);
    const axis: InputAxis = { kind: "logfreq", binsPerSemitone: 3, centres };
    const first = Array.from({ length: 216 * 3 }, (_, i) => [Math.cos(i), Math.sin(i)]);
    const svg = await renderSvg(firstLayerFigure(first, axis));
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(["C2", "C5", "C7", "input pitch (log-frequency bin centre, MIDI)"]));
  });
});

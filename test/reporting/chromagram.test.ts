import { describe, expect, it } from "vitest";
import { chordBands, chromagramFigure, chromaCells } from "../../src/reporting/figures/chromagram.js";
import { renderSvg } from "../../src/reporting/render.js";
import { FRAME_RATE_HZ, testSegment } from "./fixtures.js";
import { dataWith, svgTexts } from "./specData.js";

describe("chordBands", () => {
  it("puts band boundaries at startSec + frame / frameRateHz", () => {
    const bands = chordBands([-1, -1, 0, 0, 0, 21], "reference", { startSec: 10, frameRateHz: 2, vocabulary: "majmin", minLabelFraction: 0 });
    expect(bands.map((b) => [b.chord, b.startSec, b.endSec])).toEqual([
      ["N", 10, 11],
      ["C", 11, 12.5],
      ["Am", 12.5, 13],
    ]);
    expect(bands.map((b) => b.quality)).toEqual(["none", "major", "minor"]);
    expect(bands[2].root).toBe("A");
  });

  it("leaves the name off bands too narrow to carry it", () => {
    const labels = [...Array<number>(99).fill(0), 7];
    expect(chordBands(labels, "estimate", { startSec: 0, frameRateHz: 10, vocabulary: "majmin" }).map((b) => b.label)).toEqual(["C", ""]);
  });
});

describe("chromagramFigure", () => {
  const test = testSegment();

  it("holds 12 × frames chroma cells with their time span in seconds", () => {
    const cells = chromaCells(test, FRAME_RATE_HZ);
    expect(cells).toHaveLength(12 * 150);
    const cell = cells[7 * 12 + 4];
    expect(cell.pitch).toBe("E");
    expect(cell.value).toBe(test.chroma[7][4]);
    expect(cell.t0).toBeCloseTo(12.5 + 7 / FRAME_RATE_HZ, 12);
    expect(cell.t1 - cell.t0).toBeCloseTo(1 / FRAME_RATE_HZ, 12);
  });

  it("draws reference and estimate bands with the right boundaries", () => {
    const bands = dataWith(chromagramFigure(test, FRAME_RATE_HZ, "majmin"), "track");
    const ref = bands.filter((b) => b.track === "reference");
    // N ×5, C ×35, G ×30, Am ×35, F ×45 from 12.5 s
    const edges = [0, 5, 40, 70, 105, 150].map((n) => 12.5 + n / FRAME_RATE_HZ);
    expect(ref.map((b) => b.chord)).toEqual(["N", "C", "G", "Am", "F"]);
    ref.forEach((b, k) => {
      expect(b.startSec).toBeCloseTo(edges[k], 9);
      expect(b.endSec).toBeCloseTo(edges[k + 1], 9);
    });
    const est = bands.filter((b) => b.track === "estimate");
    expect(est.map((b) => b.chord)).toEqual(["N", "C", "G", "Am", "C", "Am", "F"]);
  });

  it("renders time in seconds, pitch classes and the chord names", async () => {
    const texts = svgTexts(await renderSvg(chromagramFigure(test, FRAME_RATE_HZ, "majmin")));
    for (const t of ["time (s)", "pitch class", "reference", "estimate", "C#", "Am", "G", "F", "14"]) expect(texts).toContain(t);
  });

  it("rejects label sequences that do not match the chroma length", () => {
    expect(() => chromagramFigure({ ...test, estimate: test.estimate.slice(1) }, FRAME_RATE_HZ, "majmin")).toThrow(/150 chroma frames but 150 reference and 149/);
  });
});

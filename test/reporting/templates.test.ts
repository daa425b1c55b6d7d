import { describe, expect, it } from "vitest";
import { templatesFigure, type TemplateWeights } from "../../src/reporting/figures/templates.js";
import { renderSvg } from "../../src/reporting/render.js";
import { MAJOR, MINOR, templatesOf } from "./fixtures.js";
import { dataWith, markCount, svgTexts } from "./specData.js";

function weights(): TemplateWeights {
  const major = MAJOR.map((x, i) => x * 1.5 - 0.01 * i);
  const minor = MINOR.map((x, i) => x * 0.7 + 0.02 * i);
  return { major, minor, templates: templatesOf(major, minor), initTemplates: templatesOf(MAJOR, MINOR) };
}

describe("templatesFigure (study Figure 4.3)", () => {
  it("has a 288-cell heatmap holding exactly the learned matrix, and one for the initialisation", () => {
    const w = weights();
    const spec = templatesFigure(w);
    const learned = dataWith(spec, "chordIndex", "learned");
    expect(learned).toHaveLength(288);
    for (const c of learned) expect(c.value).toBe(w.templates[c.chordIndex as number][c.pitchIndex as number]);
    expect(learned.find((c) => c.chord === "Am" && c.pitch === "E")?.value).toBe(w.templates[21][4]);
    const init = dataWith(spec, "chordIndex", "initialisation");
    expect(init.filter((c) => c.value === 1)).toHaveLength(72);
  });

  it("shows the major and minor 12-vectors with the triad initialisation", () => {
    const w = weights();
    const spec = templatesFigure(w);
    const major = dataWith(spec, "learned", "major");
    expect(major.map((b) => b.learned)).toEqual(w.major);
    expect(major.map((b) => b.init)).toEqual(MAJOR);
    expect(dataWith(spec, "learned", "minor").map((b) => b.init)).toEqual(MINOR);
  });

  it("renders 576 heatmap cells, 24 bars, 24 ticks and the pitch-class and chord labels", async () => {
    const svg = await renderSvg(templatesFigure(weights()));
    // vega draws tick marks as rects too
    expect(markCount(svg, "rect")).toBe(576 + 24 + 24);
    const texts = svgTexts(svg);
    for (const t of ["pitch class", "chord template", "weight", "C#", "Bm", "A#m"]) expect(texts).toContain(t);
  });

  it("rejects a matrix that is not 24 × 12", () => {
    expect(() => templatesFigure({ ...weights(), templates: weights().templates.slice(1) })).toThrow(/24 rows of 12/);
  });
});

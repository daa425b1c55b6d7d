import { describe, expect, it } from "vitest";
import { targetsFigure, type TargetsExample } from "../../src/reporting/figures/targets.js";
import { paddingFigure, orderVariants } from "../../src/reporting/figures/padding.js";
import { renderSvg } from "../../src/reporting/render.js";
import { pad, reduce, strongSequence } from "./fixtures.js";
import { dataWith, svgTexts } from "./specData.js";

function example(): TargetsExample {
  const strong = strongSequence();
  const reduced = reduce(strong);
  const variants = [75, 16].flatMap((softLength) =>
    (["last", "uniform"] as const).map((padding) => ({ padding, softLength, sequence: pad(reduced, softLength, padding) })),
  );
  return { song: "train_song", segment: 3, strong, reduced, variants };
}

describe("targetsFigure (study Figure 3.1)", () => {
  it("plots the strong sequence frame by frame and the reduced sequence position by position", () => {
    const ex = example();
    const spec = targetsFigure(ex, "majmin");
    const strong = dataWith(spec, "position", "strong");
    expect(strong.map((d) => d.classIndex)).toEqual(ex.strong);
    expect(strong.map((d) => d.position)).toEqual(ex.strong.map((_, i) => i));
    const soft = dataWith(spec, "position", "soft");
    expect(soft.map((d) => d.chord)).toEqual(["N", "C", "G", "Am", "F"]);
  });

  it("puts chord names on a shared y axis in class order, lowest class at the bottom", () => {
    const spec = targetsFigure(example(), "majmin") as { hconcat: { layer: { encoding: { y: { scale: { domain: string[] } } } }[] }[] };
    for (const panel of spec.hconcat) {
      // point scales draw the first domain value at the top: N on top, C at the bottom
      expect(panel.layer[0].encoding.y.scale.domain).toEqual(["N", "Am", "G", "F", "C"]);
    }
  });

  it("renders axis titles and chord names", async () => {
    const texts = svgTexts(await renderSvg(targetsFigure(example(), "majmin")));
    for (const t of ["frame", "position in soft target", "chord", "Am", "N", "strong (length 150)"]) expect(texts).toContain(t);
  });
});

describe("paddingFigure (study Figure 4.2)", () => {
  it("orders the variants as the study does: by length, uniform before last", () => {
    expect(orderVariants(example().variants).map((v) => `${v.padding}/${v.softLength}`)).toEqual(["uniform/16", "last/16", "uniform/75", "last/75"]);
  });

  it("plots each padded sequence exactly, in a 2-column grid", () => {
    const ex = example();
    const spec = paddingFigure(ex, "majmin") as { columns: number; concat: unknown[] };
    expect(spec.columns).toBe(2);
    expect(spec.concat).toHaveLength(4);
    for (const v of ex.variants) {
      const values = dataWith(spec, "position", `${v.padding} padding, soft length ${v.softLength}`);
      expect(values.map((d) => d.classIndex)).toEqual(v.sequence);
    }
    // last-element padding: the tail of the length-75 sequence is all F (class 5)
    expect(dataWith(spec, "position", "last padding, soft length 75").slice(4).every((d) => d.chord === "F")).toBe(true);
  });

  it("renders one titled panel per variant", async () => {
    const texts = svgTexts(await renderSvg(paddingFigure(example(), "majmin")));
    for (const t of ["uniform padding, soft length 16", "last padding, soft length 75"]) expect(texts).toContain(t);
  });

  it("rejects an example without variants", () => {
    expect(() => paddingFigure({ ...example(), variants: [] }, "majmin")).toThrow(/variants is empty/);
  });
});

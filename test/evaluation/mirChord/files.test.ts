/** The eval file edge: labels as the measures need them, and pairing by stem. */
import { describe, expect, it } from "vitest";
import { harteSegments, pairByStem } from "../../../src/evaluation/mirChord/files.js";

const span = (label: string) => ({ startSec: 0, endSec: 1, label });

describe("harteSegments", () => {
  it("reads FMP's simplified minor ('Am') in .csv files only", () => {
    expect(harteSegments([span("Am"), span("C#m"), span("G")], { file: "s.csv", unknownAsX: false }).map((s) => s.label)).toEqual([
      "A:min",
      "C#:min",
      "G",
    ]);
    expect(harteSegments([span("A:min")], { file: "s.lab", unknownAsX: false })[0].label).toBe("A:min");
  });
  it("with unknownAsX (data.lenient), a label the parser rejects becomes X and is left out", () => {
    expect(harteSegments([span("Q:foo"), span("C:maj")], { file: "s.lab", unknownAsX: true }).map((s) => s.label)).toEqual(["X", "C:maj"]);
    expect(harteSegments([span("Q:foo")], { file: "s.lab", unknownAsX: false })[0].label).toBe("Q:foo");
  });
});

describe("pairByStem", () => {
  it("pairs by name without extension across folders and formats, listing the rest", () => {
    const { pairs, unmatched } = pairByStem(["r/a.lab", "r/x/b.lab", "r/c.lab"], ["e/b.jams", "e/a.csv", "e/d.lab"], { bothFiles: false });
    expect(pairs).toEqual([
      { name: "a", reference: "r/a.lab", estimate: "e/a.csv" },
      { name: "b", reference: "r/x/b.lab", estimate: "e/b.jams" },
    ]);
    expect(unmatched).toEqual({ reference: ["r/c.lab"], estimate: ["e/d.lab"] });
  });
  it("pairs two single files whatever their names, and refuses a stem found twice", () => {
    expect(pairByStem(["t.lab"], ["g.lab"], { bothFiles: true }).pairs).toEqual([{ name: "t", reference: "t.lab", estimate: "g.lab" }]);
    expect(() => pairByStem(["r/a.lab", "r/s/a.jams"], ["e/a.lab"], { bothFiles: false })).toThrow(/two reference annotations have the stem "a"/);
  });
});

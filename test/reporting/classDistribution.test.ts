import { describe, expect, it } from "vitest";
import { classDistributionFigure, classShares, type ClassDistribution } from "../../src/reporting/figures/classDistribution.js";
import { renderSvg } from "../../src/reporting/render.js";
import { dataWith, svgTexts } from "./specData.js";

const counts = (major: number, minor: number, noChord: number) => ({ major, minor, noChord, total: major + minor + noChord });
// The study's Tables 4.2 and 4.3.
const dist: ClassDistribution = {
  strong: counts(5843, 607, 0),
  softUnpadded: counts(316, 44, 0),
  soft: [
    { padding: "last", softLength: 16, counts: counts(600, 88, 0) },
    { padding: "uniform", softLength: 75, counts: counts(2656, 344, 0) },
    { padding: "uniform", softLength: 16, counts: counts(613, 75, 0) },
  ],
};

describe("classDistributionFigure (study Tables 4.2 / 4.3)", () => {
  it("holds the counts and percentages of each target set", () => {
    const shares = dataWith(classDistributionFigure(dist), "cls");
    const find = (set: string, cls: string) => shares.find((s) => (s.set as string).startsWith(set) && s.cls === cls);
    expect(find("strong", "major")?.count).toBe(5843);
    expect(find("strong", "major")?.percent).toBeCloseTo(90.59, 2);
    expect(find("soft, no padding", "minor")?.percent).toBeCloseTo(12.22, 2);
    expect(find("soft uniform, length 75", "minor")?.count).toBe(344);
    expect(find("soft uniform, length 16", "no chord")?.count).toBe(0);
  });

  it("stacks each set to 100 % in the order strong, unpadded, uniform by length, last by length", () => {
    const shares = classShares(dist);
    const sets = [...new Set(shares.map((s) => s.set))];
    expect(sets).toEqual(["strong (n = 6450)", "soft, no padding (n = 360)", "soft uniform, length 16 (n = 688)", "soft uniform, length 75 (n = 3000)", "soft last, length 16 (n = 688)"]);
    for (const set of sets) expect(shares.filter((s) => s.set === set).at(-1)?.x1).toBeCloseTo(100, 9);
  });

  it("renders the set names, class legend and the count labels", async () => {
    const texts = svgTexts(await renderSvg(classDistributionFigure(dist)));
    for (const t of ["strong (n = 6450)", "major", "minor", "no chord", "5843 (90.6 %)", "share of target elements (%)"]) expect(texts).toContain(t);
    expect(texts).toContain("minor 607 (9.4 %) · no chord 0 (0.0 %)");
  });
});

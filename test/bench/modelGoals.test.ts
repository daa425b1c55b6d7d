/**
 * bench/modelGoals.bench.ts's corpus cells: the folds of a corpus ("sf4 LOSO k") averaged per seed
 * and model, the weak-label issue's rule; a seed missing from one fold is left out of the corpus.
 * Expected values are worked out by hand from the planted runs.
 */
import { describe, expect, it } from "vitest";
import { corpusOfCell, corpusRuns, strongRowOf, type Run } from "../../bench/modelGoals.bench.js";

const run = (cell: string, model: string, seed: number, f: number): Run => ({ cell, model, seed, f, majmin: f - 0.01, mirMajmin: f + 0.01, mirSevenths: f / 2 });

describe("modelGoals corpus cells", () => {
  it("reads the fold suffix as scripts/paired-cells.ts does", () => {
    expect(corpusOfCell("sf4 LOSO 2")).toBe("sf4");
    expect(corpusOfCell("osc4 fold 10")).toBe("osc4");
    expect(corpusOfCell("built-in (unseen song)")).toBeUndefined();
    expect(corpusOfCell("osc60->sf")).toBeUndefined();
  });

  it("averages each seed over the corpus's folds and leaves out a seed that misses a fold", () => {
    const runs = [
      run("sf4 LOSO 0", "dChord BCE", 0, 0.6),
      run("sf4 LOSO 1", "dChord BCE", 0, 0.8),
      run("sf4 LOSO 0", "context BCE", 0, 0.5),
      run("sf4 LOSO 1", "context BCE", 0, 0.95),
      run("sf4 LOSO 0", "context BCE", 1, 0.7), // seed 1 has no fold 1: no corpus run
      run("osc60->sf", "dChord BCE", 0, 0.3), // not a fold: no corpus run
    ];
    const got = corpusRuns(runs).map((r) => ({ ...r, f: +r.f.toFixed(6), majmin: +r.majmin.toFixed(6), mirMajmin: +r.mirMajmin.toFixed(6), mirSevenths: +r.mirSevenths.toFixed(6) }));
    expect(got).toEqual([
      { cell: "sf4 (all 2 folds)", model: "dChord BCE", seed: 0, f: 0.7, majmin: 0.69, mirMajmin: 0.71, mirSevenths: 0.35 },
      { cell: "sf4 (all 2 folds)", model: "context BCE", seed: 0, f: 0.725, majmin: 0.715, mirMajmin: 0.735, mirSevenths: 0.3625 },
    ]);
  });
});

describe("strongRowOf: the BCE row a weak-label row is paired with", () => {
  it("drops soft-DTW's or CTC's stabiliser suffix and keeps a parenthesised note", () => {
    expect(strongRowOf("context logfreq soft-DTW")).toBe("context logfreq BCE");
    expect(strongRowOf("context logfreq soft-DTW + class balance 0.5 (60 epochs)")).toBe("context logfreq BCE (60 epochs)");
    expect(strongRowOf("context logfreq soft-DTW without template prior")).toBe("context logfreq BCE");
    expect(strongRowOf("context logfreq soft-DTW + class balance 0")).toBe("context logfreq BCE");
    expect(strongRowOf("context logfreq CTC")).toBe("context logfreq BCE");
    expect(strongRowOf("context chroma soft-DTW (30 epochs)")).toBe("context chroma BCE (30 epochs)");
  });
});

/**
 * Figures name a run's classes in its vocabulary (reporting/figures/common.ts classLabel): in the
 * context model's `sevenths` vocabulary class 24 is C7 (class = 12·quality + root, qualities maj,
 * min, 7, maj7, min7) and N is NO_CHORD or output 60; in `majmin` (dChord) 24 is the N slot.
 * Expected names are written out by hand from that numbering.
 */
import { describe, expect, it } from "vitest";
import { chordsPresent, classLabel, classOrder } from "../../src/reporting/figures/common.js";
import { targetsFigure, type TargetsExample } from "../../src/reporting/figures/targets.js";
import { paddingFigure } from "../../src/reporting/figures/padding.js";
import { chordBands } from "../../src/reporting/figures/chromagram.js";
import { saliencyCells } from "../../src/reporting/figures/contextFigures.js";
import { runFigureJobs, runVocabulary } from "../../src/reporting/figureSet.js";
import type { RunFiles } from "../../src/reporting/readRun.js";
import { dataWith } from "./specData.js";

describe("classLabel", () => {
  it("names class 24 C7 and N as N in the sevenths vocabulary", () => {
    // 24 = 12·2 + 0: quality 7, root C; 37 = 12·3 + 1: maj7 on C#; 59 = 12·4 + 11: min7 on B
    expect([24, 37, 59, 0, 12, -1, 60, -2].map((c) => classLabel(c, "sevenths"))).toEqual(["C7", "C#maj7", "Bm7", "C", "Cm", "N", "N", "X"]);
  });

  it("keeps dChord's names in majmin: 24 is the N slot", () => {
    expect([0, 11, 12, 23, -1, 24, -2].map((c) => classLabel(c, "majmin"))).toEqual(["C", "B", "Cm", "Bm", "N", "N", "X"]);
  });

  it("refuses a class the vocabulary does not have", () => {
    expect(() => classLabel(25, "majmin")).toThrow(/majmin vocabulary/);
    expect(() => classLabel(61, "sevenths")).toThrow(/sevenths vocabulary/);
  });

  it("orders chords, then N, then X", () => {
    expect([59, -1, -2].map((c) => classOrder(c, "sevenths"))).toEqual([59, 60, 61]);
    expect(chordsPresent([[-2, 24, -1, 12], [0, 59]], "sevenths")).toEqual(["C", "Cm", "C7", "Bm7", "N", "X"]);
    expect(chordsPresent([[24, 12], [-1, 0]], "majmin")).toEqual(["C", "Cm", "N"]);
  });
});

/** A sevenths run's training segment: N, C7, C, X (outside the vocabulary), Bm7. */
function sevenths(): TargetsExample {
  const strong = [-1, -1, 24, 24, 24, 0, 0, -2, 59, 59];
  const reduced = [24, 0, 59];
  return { song: "train_song", segment: 1, strong, reduced, variants: [{ padding: "uniform", softLength: 6, sequence: [24, 24, 0, 0, 59, 59] }] };
}

type SequenceSpec = { hconcat: { layer: { encoding: { y: { scale: { domain: string[] } } } }[] }[] };

describe("the targets and padding figures of a sevenths run", () => {
  it("label class 24 C7, not N", () => {
    const spec = targetsFigure(sevenths(), "sevenths");
    expect(dataWith(spec, "position", "soft").map((d) => d.chord)).toEqual(["C7", "C", "Bm7"]);
    expect(dataWith(spec, "position", "strong").map((d) => d.chord)).toEqual(["N", "N", "C7", "C7", "C7", "C", "C", "X", "Bm7", "Bm7"]);
    // the y axis, top to bottom: X, N, then the chords in falling class order
    for (const panel of (spec as SequenceSpec).hconcat) expect(panel.layer[0].encoding.y.scale.domain).toEqual(["X", "N", "Bm7", "C7", "C"]);
    const padding = paddingFigure(sevenths(), "sevenths");
    expect(dataWith(padding, "position", "uniform padding, soft length 6").map((d) => d.chord)).toEqual(["C7", "C7", "C", "C", "Bm7", "Bm7"]);
  });
});

describe("the chromagram bands of a sevenths run", () => {
  it("name C7 and N, and draw X grey like N", () => {
    const bands = chordBands([24, 24, -1, -2, 48], "reference", { startSec: 0, frameRateHz: 1, vocabulary: "sevenths", minLabelFraction: 0 });
    expect(bands.map((b) => [b.chord, b.root, b.quality])).toEqual([
      ["C7", "C", "major"],
      ["N", "N", "none"],
      ["X", "N", "none"],
      ["Cm7", "C", "minor"],
    ]);
  });
});

describe("the saliency of a sevenths network (61 outputs)", () => {
  it("names row 24 C7 and row 60 N", () => {
    const values = Array.from({ length: 61 }, (_, c) => Array<number>(12).fill(c));
    const counts = Array.from({ length: 61 }, (_, c) => (c === 24 || c === 60 ? 3 : 0));
    const cells = saliencyCells({ values, counts }, { kind: "chroma" });
    expect(cells.map((c) => `${c.chord}=${c.value}`)).toEqual([...Array(12).fill("C7=24"), ...Array(12).fill("N=60")]);
  });
});

function runFiles(config: Record<string, unknown> | null, metrics: RunFiles["metrics"] = null): RunFiles {
  const test = { song: "s", segment: 0, startSec: 0, chroma: Array.from({ length: 4 }, () => Array<number>(12).fill(0.5)), reference: [24, 24, -1, 0], estimate: [24, 0, 0, 0] };
  return {
    dir: "run",
    config,
    record: null,
    metrics,
    history: null,
    weights: null,
    artifacts: { frameRateHz: 2, targetsExample: sevenths(), alignments: [], test: [test], classDistribution: null },
    problems: [],
  };
}

describe("a run's figures", () => {
  it("take the vocabulary from config.json, else from metrics.json, else majmin", () => {
    expect(runVocabulary(runFiles({ model: { context: { vocabulary: "sevenths" } } }))).toBe("sevenths");
    expect(runVocabulary(runFiles({ model: { context: { vocabulary: "majmin" } } }))).toBe("majmin");
    const metrics = { test: { vocabulary: { name: "sevenths" } } } as unknown as RunFiles["metrics"];
    expect(runVocabulary(runFiles(null, metrics))).toBe("sevenths");
    expect(runVocabulary(runFiles({ model: {} }))).toBe("majmin");
  });

  it("of a sevenths run name class 24 C7 in the targets and chromagram figures", () => {
    const jobs = runFigureJobs(runFiles({ model: { context: { vocabulary: "sevenths" } } }));
    const targets = jobs.find((j) => j.name === "targets")!.spec();
    expect(dataWith(targets, "position", "soft").map((d) => d.chord)).toEqual(["C7", "C", "Bm7"]);
    const chromagram = jobs.find((j) => j.name.startsWith("chromagram"))!.spec();
    const bands = dataWith(chromagram, "track");
    expect(bands.map((b) => `${b.track}:${b.chord}`)).toEqual(["reference:C7", "reference:N", "reference:C", "estimate:C7", "estimate:C"]);
  });
});

import { describe, expect, it } from "vitest";
import { NO_CHORD as N } from "../../src/annotations/chordClasses.js";
import { formatStats } from "../../src/dataset/formatStats.js";
import { computeStats } from "../../src/dataset/stats.js";
import { cutSegments } from "../../src/dataset/segments.js";
import type { Splits } from "../../src/dataset/types.js";
import { makeSong } from "./fixtures.js";

// Two songs at 10 frames/s, 4-frame segments. Minor = 12..23.
const a = makeSong("a", [0, 0, 12, 12, /**/ 5, N, 5, 7, /**/ 1, 1], { frameOffset: 2 }); // 2 segs, 2-frame tail
const b = makeSong("b", [13, 13, 13, 13, /**/ N, N, N, N]); // 2 segs, the second without chords
const cut = { segmentLength: 4, segmentHop: 4 };
const [a0, a1] = cutSegments(a, cut);
const [b0, b1] = cutSegments(b, cut);
const splits: Splits = { train: [a0, a1, b1], val: [b0], test: [], notes: [] };
const targets = { kind: "soft" as const, softLength: 4, padding: "uniform" as const, overflow: "error" as const };

describe("computeStats on a hand-built set", () => {
  const stats = computeStats([b, a], splits, { targets, softLengths: [2, 4], paddings: ["uniform", "last"] });

  it("strong: the training frames, N counted", () => {
    // a0: 0 0 12 12 | a1: 5 N 5 7 | b1: N N N N
    expect(stats.classDistribution.strong).toEqual({ major: 5, minor: 2, noChord: 5, total: 12 });
  });

  it("soft unpadded: reduced sequences (a0: 0 12, a1: 5 7, b1: empty)", () => {
    expect(stats.classDistribution.softUnpadded).toEqual({ major: 3, minor: 1, noChord: 0, total: 4 });
  });

  it("soft L × padding, empty segments skipped", () => {
    const get = (softLength: number, padding: string) => stats.classDistribution.soft.find((v) => v.softLength === softLength && v.padding === padding)!;
    expect(stats.classDistribution.soft.map((v) => `${v.softLength}${v.padding}`)).toEqual(["2uniform", "2last", "4uniform", "4last"]);
    // uniform 4: a0 → 0 0 12 12, a1 → 5 5 7 7
    expect(get(4, "uniform").counts).toEqual({ major: 6, minor: 2, noChord: 0, total: 8 });
    // last 4: a0 → 0 12 12 12, a1 → 5 7 7 7
    expect(get(4, "last").counts).toEqual({ major: 5, minor: 3, noChord: 0, total: 8 });
    expect(get(2, "uniform").counts).toEqual({ major: 3, minor: 1, noChord: 0, total: 4 });
    expect(get(2, "uniform").truncatedSegments).toBe(0);
  });

  it("split summaries and the reduction ratio", () => {
    expect(stats.splits.train).toEqual({ segments: 3, frames: 12, songs: 2, meanReducedLength: 4 / 3, maxReducedLength: 2, emptySegments: 1 });
    expect(stats.splits.val).toMatchObject({ segments: 1, meanReducedLength: 1 });
    expect(stats.splits.test).toMatchObject({ segments: 0, frames: 0, meanReducedLength: 0 });
    expect(stats.reduction.meanOriginalLength).toBe(4);
    expect(stats.reduction.reductionRatio).toBeCloseTo(1 - 4 / 3 / 4, 12);
    expect(stats.notes.some((n) => /1 training segment\(s\) have no chord/.test(n))).toBe(true);
  });

  it("per-song frames, durations and segments, by name", () => {
    expect(stats.songs).toEqual([
      { name: "a", frames: 10, durationSec: 1, frameOffset: 2, segments: { train: 2, val: 0, test: 0 } },
      { name: "b", frames: 8, durationSec: 0.8, frameOffset: 0, segments: { train: 1, val: 1, test: 0 } },
    ]);
    expect(stats.frameRateHz).toBe(10);
  });

  it("overflow is counted, not thrown", () => {
    const s = computeStats([a, b], splits, { targets, softLengths: [1], paddings: ["last"] });
    expect(s.classDistribution.soft[0].truncatedSegments).toBe(2);
    expect(s.notes.some((n) => /2 training segment\(s\) reduce to more than 1 chords/.test(n))).toBe(true);
  });

  it("default lengths are 16, 75 and the configured one", () => {
    const s = computeStats([a, b], splits, { targets: { ...targets, softLength: 30 } });
    expect(s.classDistribution.soft.map((v) => `${v.softLength}${v.padding}`)).toEqual(["16uniform", "16last", "30uniform", "30last", "75uniform", "75last"]);
  });

  it("formatStats prints aligned tables with the numbers and percentages", () => {
    const text = formatStats(stats);
    expect(text).toMatch(/^strong \(4\)\s+5\s+41\.67%\s+2\s+16\.67%\s+5\s+41\.67%\s+12$/m);
    expect(text).toMatch(/^soft 4 last\s+5\s+62\.50%\s+3\s+37\.50%\s+0\s+0\.00%\s+8$/m);
    expect(text).toMatch(/^a\s+10\s+1\.0\s+2\s+2\s+0\s+0$/m);
    expect(text).toMatch(/reduction ratio 66\.67%/);
    const classLines = text.split("\n").filter((l) => /^(target|strong|soft)/.test(l));
    // right-aligned columns: every row of the class table ends at the same column
    expect(new Set(classLines.map((l) => l.length)).size).toBe(1);
  });
});

describe("computeStats notes", () => {
  it("holds only its own notes (the CLI adds the split's)", () => {
    const a = makeSong("a", [0, 0, 12, 12]);
    const [seg] = cutSegments(a, { segmentLength: 4, segmentHop: 4 });
    const s = computeStats([a], { train: [seg], val: [], test: [], notes: ["from the split"] }, {
      targets: { kind: "soft", softLength: 4, padding: "uniform", overflow: "error" },
    });
    expect(s.notes).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { impliedMinorShare, minorCollapseNote, predictedMinorShare } from "../../src/training/classShares.js";
import type { Segment } from "../../src/dataset/types.js";

const seg = (labels: number[]): Segment => {
  const l = Int16Array.from(labels);
  return { song: "s", index: 0, startFrame: 0, startSec: 0, frameRateHz: 10, chroma: new Float32Array(labels.length * 12), labels: l, trainLabels: l };
};

describe("class shares from the weak labels", () => {
  it("implied minor share: per segment minor chords / reduced length, mean over segments with a chord", () => {
    // (C, Am, Am, G) → reduced (C, Am, G): 1/3; (Dm, Em) → 2/2 = 1; all N → left out; mean (1/3 + 1)/2 = 2/3
    const share = impliedMinorShare([seg([0, 21, 21, 7]), seg([14, 16]), seg([-1, -1])]);
    expect(share).toBeCloseTo(2 / 3, 12);
    expect(impliedMinorShare([seg([-1])])).toBeNaN();
  });

  it("predicted minor share: frames whose argmax over the 24 chords is minor", () => {
    const p = new Float32Array(4 * 24);
    p[0 * 24 + 3] = 0.9; // major
    p[1 * 24 + 15] = 0.9; // minor
    p[2 * 24 + 23] = 0.5; // minor
    p[3 * 24 + 0] = 0.5; // major
    expect(predictedMinorShare(p)).toBe(0.5);
  });

  it("flags a collapse below a quarter of the implied share, only when the sequences imply ≥ 5 % minor", () => {
    expect(minorCollapseNote({ epoch: 7, trainMinorShare: 0.02, impliedMinorShare: 0.3 })).toMatch(/collapse at the kept epoch 7.*2\.0 %.*30\.0 %/);
    expect(minorCollapseNote({ epoch: 7, trainMinorShare: 0.08, impliedMinorShare: 0.3 })).toBeUndefined();
    expect(minorCollapseNote({ epoch: 7, trainMinorShare: 0, impliedMinorShare: 0.04 })).toBeUndefined();
    expect(minorCollapseNote({ epoch: 7, trainMinorShare: NaN, impliedMinorShare: 0.3 })).toBeUndefined();
  });
});

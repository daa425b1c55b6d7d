import { describe, expect, it } from "vitest";
import { framesToLab } from "../../src/annotations/lab.js";

describe("framesToLab", () => {
  it("merges runs of equal classes and puts boundaries halfway between frame centres", () => {
    const lab = framesToLab(Int16Array.from([0, 0, 21, 21, 21, -1]), { firstFrame: 0, frameRateHz: 10 });
    expect(lab).toBe("0.000000 0.150000 C:maj\n0.150000 0.450000 A:min\n0.450000 0.550000 N\n");
  });
  it("offsets by the segment's first frame", () => {
    expect(framesToLab(Int16Array.from([7]), { firstFrame: 100, frameRateHz: 10 })).toBe("9.950000 10.050000 G:maj\n");
  });
});

import { describe, expect, it } from "vitest";
import { holdChords, parseLeadSheet } from "../../src/synth/leadSheet.js";

describe("lead-sheet notation", () => {
  it("splits bars into equal slots and holds chords over '-' across bars", () => {
    const bars = parseLeadSheet("C G/3 | A:min - - F | - | N");
    expect(bars).toEqual([["C", "G/3"], ["A:min", "-", "-", "F"], ["-"], ["N"]]);
    expect(holdChords(bars)).toEqual([
      { label: "C", startBeat: 0, beats: 2 },
      { label: "G/3", startBeat: 2, beats: 2 },
      { label: "A:min", startBeat: 4, beats: 3 },
      { label: "F", startBeat: 7, beats: 5 },
      { label: "N", startBeat: 12, beats: 4 },
    ]);
  });

  it("rejects bars that do not divide 4 beats and a leading hold", () => {
    expect(() => parseLeadSheet("C G F")).toThrow(/1, 2 or 4 chord slots/);
    expect(() => parseLeadSheet("C ||")).toThrow(/1, 2 or 4 chord slots/);
    expect(() => holdChords(parseLeadSheet("- | C"))).toThrow(/no chord before it/);
  });
});

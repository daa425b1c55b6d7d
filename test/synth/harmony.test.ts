import { describe, expect, it } from "vitest";
import { labelToClass } from "../../src/annotations/index.js";
import { chordClass, NO_CHORD } from "../../src/annotations/chordClasses.js";
import { chordTones, intendedClass } from "../../src/synth/harmony.js";

const C = 0, D = 2, E = 4, F = 5, G = 7, A = 9, B = 11;

describe("chordTones", () => {
  it.each([
    ["C", 0, [C, E, G], C],
    ["A:min", A, [A, C, E], A],
    ["G:7", G, [G, B, D, F], G],
    ["F:maj7", F, [F, A, C, E], F],
    ["F:maj6", F, [F, A, C, D], F],
    ["D:min7", D, [D, F, A, C], D],
    ["G#:hdim7", 8, [8, B, D, 6], 8],
    ["E:sus4(b7)", E, [E, A, B, D], E],
    ["Bb:sus2", 10, [10, C, F], 10],
    ["A:min/b7", A, [A, C, E], G],
    ["G/3", G, [G, B, D], B],
    ["C/5", C, [C, E, G], G],
    ["B/7", B, [B, 3, 6], 10],
    ["B/6", B, [B, 3, 6], 8],
    ["E:min/b3", E, [E, G, B], G],
  ])("%s has root %i, tones %j and bass %i", (label, root, pcs, bass) => {
    const t = chordTones(label)!;
    expect(t.rootPc).toBe(root);
    expect(t.pcs).toEqual(pcs);
    expect(t.bassPc).toBe(bass);
  });

  it("reads N as no chord and rejects labels outside the subset", () => {
    expect(chordTones("N")).toBeUndefined();
    expect(intendedClass("N")).toBe(NO_CHORD);
    expect(() => chordTones("H:maj")).toThrow(/unsupported chord label/);
    expect(() => chordTones("C:7sus")).toThrow(/unsupported shorthand/);
  });
});

describe("intendedClass agrees with the annotation reduction (dim → min, aug → maj)", () => {
  it.each([
    ["C:maj7", chordClass(C, "maj")],
    ["A:min/b7", chordClass(A, "min")],
    ["C#:min7", chordClass(1, "min")],
    ["G#:hdim7", chordClass(8, "min")],
    ["F#:sus4", NO_CHORD],
    ["E:sus4(b7)", NO_CHORD],
    ["Bb:sus2", NO_CHORD],
    ["Eb:maj7", chordClass(3, "maj")],
    ["B/b7", chordClass(B, "maj")],
  ])("%s", (label, expected) => {
    expect(intendedClass(label)).toBe(expected);
    expect(labelToClass(label, { dim: "min", aug: "maj" })).toBe(expected);
  });
});

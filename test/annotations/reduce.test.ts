import { describe, expect, it } from "vitest";
import type { AnnotationConfig } from "../../src/config/schema.js";
import { InputError } from "../../src/errors.js";
import { chordName, NO_CHORD } from "../../src/annotations/chordClasses.js";
import { parseHarte } from "../../src/annotations/harte.js";
import { labelToClass, reduceChord } from "../../src/annotations/reduce.js";
import { expandSimplifiedLabel } from "../../src/annotations/simplified.js";

const FMP: AnnotationConfig = { dim: "min", aug: "maj" };
const STRICT: AnnotationConfig = { dim: "none", aug: "none" };

/** Class name ("C", "Am", "N") of a label under a config. */
function reduced(label: string, config: AnnotationConfig = FMP): string {
  return chordName(labelToClass(label, config));
}

// label → class under the default (FMP) config. Every distinct label of the four Beatles files first.
const BEATLES_REDUCTIONS: [string, string][] = [
  ["A", "A"], ["A/3", "A"], ["A:dim/b5", "Am"], ["A:maj(9)/3", "A"], ["A:min", "Am"],
  ["A:min/5", "Am"], ["A:min/b7", "Am"], ["A:min7", "Am"], ["B", "B"], ["B/3", "B"],
  ["B/5", "B"], ["B/6", "B"], ["B/7", "B"], ["B:min", "Bm"], ["Bb", "A#"], ["Bb/5", "A#"],
  ["Bb:sus2(b7)", "N"], ["Bb:sus4(9)", "N"], ["C", "C"], ["C#:min7", "C#m"], ["C/7", "C"],
  ["D", "D"], ["D/3", "D"], ["D/5", "D"], ["D:(1)", "N"], ["D:maj6", "D"], ["E", "E"],
  ["E/5", "E"], ["E:7", "E"], ["E:maj6", "E"], ["E:min/b3", "Em"], ["E:sus4", "N"],
  ["E:sus4(b7)", "N"], ["Eb", "D#"], ["F", "F"], ["F#", "F#"], ["F#:sus4", "N"], ["F/5", "F"],
  ["F/6", "F"], ["F/b7", "F"], ["F:maj6", "F"], ["F:maj6/5", "F"], ["F:maj7", "F"], ["G", "G"],
  ["G#:hdim7", "G#m"], ["G/2", "G"], ["G:maj7", "G"], ["G:min", "Gm"], ["N", "N"],
];

const OTHER_REDUCTIONS: [string, string][] = [
  ["X", "N"],
  ["C:maj", "C"], ["C:min", "Cm"], ["C:dim", "Cm"], ["C:aug", "C"], ["C:maj7", "C"],
  ["C:min7", "Cm"], ["C:7", "C"], ["C:dim7", "Cm"], ["C:hdim7", "Cm"], ["C:minmaj7", "Cm"],
  ["C:aug7", "C"], ["C:maj6", "C"], ["C:min6", "Cm"], ["C:9", "C"], ["C:maj9", "C"],
  ["C:min9", "Cm"], ["C:11", "C"], ["C:maj11", "C"], ["C:min11", "Cm"], ["C:13", "C"],
  ["C:maj13", "C"], ["C:min13", "Cm"], ["C:sus2", "N"], ["C:sus4", "N"], ["C:1", "N"], ["C:5", "N"],
  // interval lists and omissions
  ["C:(1,3,5,*3)", "N"], ["C:(1,3)", "C"], ["C:(b3)", "Cm"], ["C:(1,5)", "N"], ["C:min(*b3)", "N"],
  ["C:maj(*5)", "C"], ["C:(1,b3,3,5)", "N"], ["C:maj(b4)", "C"], ["C:maj(#5)", "C"],
  ["C:(1,3,#5)", "C"], ["C:(1,b3,b5,7)", "Cm"],
  // compound degrees never decide: #9 is a minor third an octave up
  ["C:7(#9)", "C"], ["C:min(b11)", "Cm"],
  // the bass adds a pitch class; the class keeps the root
  ["C:maj/b3", "N"], ["C:(1,5)/b3", "Cm"], ["C:(1,5)/3", "C"], ["D:min7/b7", "Dm"], ["G:maj/3", "G"],
  // enharmonic roots
  ["Cb", "B"], ["B#", "C"], ["Fbb", "D#"], ["Db:min", "C#m"], ["E#:min7", "Fm"], ["Gb:hdim7", "F#m"],
];

// Only augmented and diminished chords depend on the config.
const CONFIG_CASES: { label: string; config: AnnotationConfig; expected: string }[] = [
  { label: "C:aug", config: { dim: "min", aug: "none" }, expected: "N" },
  { label: "C:aug7", config: { dim: "min", aug: "none" }, expected: "N" },
  { label: "C:(1,3,#5)", config: { dim: "min", aug: "none" }, expected: "N" },
  { label: "C:maj(#5)", config: STRICT, expected: "C" },
  { label: "C:dim", config: { dim: "none", aug: "maj" }, expected: "N" },
  { label: "C:dim7", config: { dim: "none", aug: "maj" }, expected: "N" },
  { label: "G#:hdim7", config: { dim: "none", aug: "maj" }, expected: "N" },
  { label: "A:dim/b5", config: { dim: "none", aug: "maj" }, expected: "N" },
  { label: "C:(1,b3,b5,5)", config: STRICT, expected: "Cm" },
  { label: "C:dim", config: { dim: "min", aug: "none" }, expected: "Cm" },
  { label: "C:aug", config: { dim: "none", aug: "maj" }, expected: "C" },
  { label: "C:min", config: STRICT, expected: "Cm" },
  { label: "C:7", config: STRICT, expected: "C" },
];

describe("labelToClass (default config: dim → min, aug → maj)", () => {
  it.each(BEATLES_REDUCTIONS)("Beatles label %s → %s", (label, expected) => {
    expect(reduced(label)).toBe(expected);
  });
  it.each(OTHER_REDUCTIONS)("%s → %s", (label, expected) => {
    expect(reduced(label)).toBe(expected);
  });
  it("names each label once", () => {
    const labels = [...BEATLES_REDUCTIONS, ...OTHER_REDUCTIONS].map(([l]) => l);
    expect(new Set(labels).size).toBe(labels.length);
  });
  it("gives class numbers in FMP order: 0–11 major, 12–23 minor", () => {
    expect(labelToClass("C", FMP)).toBe(0);
    expect(labelToClass("B:maj7", FMP)).toBe(11);
    expect(labelToClass("C:min", FMP)).toBe(12);
    expect(labelToClass("A:min/b7", FMP)).toBe(21);
    expect(labelToClass("N", FMP)).toBe(NO_CHORD);
  });
  it("throws InputError on an invalid label", () => {
    expect(() => labelToClass("C:foo", FMP)).toThrow(InputError);
  });
});

describe("labelToClass with the dim / aug options", () => {
  it.each(CONFIG_CASES)("$label with dim=$config.dim aug=$config.aug → $expected", ({ label, config, expected }) => {
    expect(reduced(label, config)).toBe(expected);
  });
});

describe("reduceChord", () => {
  it("maps N and X to NO_CHORD under any config", () => {
    for (const config of [FMP, STRICT]) {
      expect(reduceChord(parseHarte("N"), config)).toBe(NO_CHORD);
      expect(reduceChord(parseHarte("X"), config)).toBe(NO_CHORD);
    }
  });
});

describe("FMP simplified labels", () => {
  const cases: [string, string][] = [
    ["Am", "A:min"], ["C#m", "C#:min"], ["Bbm", "Bb:min"], ["C", "C"], ["N", "N"], ["A:min", "A:min"],
    ["Amaj", "Amaj"], ["am", "am"],
  ];
  it.each(cases)("expandSimplifiedLabel(%s) = %s", (label, expected) => {
    expect(expandSimplifiedLabel(label)).toBe(expected);
  });
  it("are minor only when the style allows them", () => {
    expect(chordName(labelToClass("C#m", FMP, "harte-or-simplified"))).toBe("C#m");
    expect(chordName(labelToClass("Bbm", FMP, "harte-or-simplified"))).toBe("A#m");
    expect(chordName(labelToClass("F#", FMP, "harte-or-simplified"))).toBe("F#");
    expect(chordName(labelToClass("E:min7", FMP, "harte-or-simplified"))).toBe("Em");
    expect(() => labelToClass("Am", FMP, "harte")).toThrow(/expected ":" after the root "A"/);
  });
});

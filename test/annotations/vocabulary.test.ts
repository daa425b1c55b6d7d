/**
 * The context model's vocabularies map a label exactly as mir_eval's comparison of the same name
 * decides: a reference the comparison leaves out is OUT_OF_VOCABULARY, and otherwise the label's
 * class, written back as a Harte label, is the one estimate the comparison scores 1 among all the
 * vocabulary's labels. The comparisons come from evaluation/mirChord/measures.ts (checked against
 * mir_eval's own tests there), an implementation independent of vocabulary.ts's class logic.
 * A hand-derived table pins the documented cases (docs/context-model.md).
 */
import { describe, expect, it } from "vitest";
import { harteLabel, NO_CHORD, OUT_OF_VOCABULARY, SHORTHANDS } from "../../src/annotations/index.js";
import { transposeChordClass, vocabularyClass, vocabularyOf, type VocabularyName } from "../../src/annotations/vocabulary.js";
import { encodeChord } from "../../src/evaluation/mirChord/encode.js";
import { COMPARISONS, EXCLUDED } from "../../src/evaluation/mirChord/measures.js";

const OOV = OUT_OF_VOCABULARY;

/** Every shorthand on two roots, in root position and with a few basses, plus interval lists and N/X. */
function labels(): string[] {
  const out = ["N", "X", "C:(1)", "C:(1,3)", "C:(1,b3,5,b7)", "C:(3,5,b7)", "C:maj(*3)", "C:(1,3,5,*3)", "Eb:maj(9)", "C:maj(b7)", "C:min(7)", "Bb:min(b7,9)"];
  for (const root of ["C", "F#"]) {
    for (const sh of SHORTHANDS) {
      out.push(`${root}:${sh}`);
      for (const bass of ["3", "b3", "5", "b7", "7", "2", "4", "6"]) out.push(`${root}:${sh}/${bass}`);
    }
  }
  return out;
}

describe.each(["majmin", "sevenths"] as VocabularyName[])("vocabulary %s against mir_eval's comparison", (name) => {
  const vocabulary = vocabularyOf(name);
  const compare = COMPARISONS[name];
  const estimates = [NO_CHORD, ...Array.from({ length: vocabulary.chords }, (_, c) => c)];
  it.each(labels())("%s", (label) => {
    const c = vocabularyClass(label, vocabulary);
    const ref = encodeChord(label);
    const scored = estimates.filter((e) => compare(ref, encodeChord(harteLabel(e))) === 1);
    if (compare(ref, encodeChord("N")) === EXCLUDED) {
      expect(c).toBe(OOV);
    } else {
      expect(c).not.toBe(OOV);
      expect(scored).toEqual([c]);
    }
  });
});

describe("the documented mapping (hand-derived)", () => {
  const rows: [label: string, majmin: string, sevenths: string][] = [
    ["C:maj", "C:maj", "C:maj"],
    ["A:min", "A:min", "A:min"],
    ["G:7", "G:maj", "G:7"],
    ["G:9", "G:maj", "G:7"],
    ["G:13", "G:maj", "G:7"],
    ["F:maj7", "F:maj", "F:maj7"],
    ["D:min7", "D:min", "D:min7"],
    ["D:min9", "D:min", "D:min7"],
    ["C:maj6", "C:maj", "X"],
    ["A:min6", "A:min", "X"],
    ["C:maj(9)", "C:maj", "C:maj"],
    ["C:maj/5", "C:maj", "C:maj"],
    ["C:maj/3", "C:maj", "C:maj"],
    ["C:maj/b7", "C:maj", "C:7"],
    ["C:maj/7", "C:maj", "C:maj7"],
    ["A:min/b7", "A:min", "A:min7"],
    ["C:maj/2", "X", "X"],
    ["C:7/3", "C:maj", "C:7"],
    ["B:dim", "X", "X"],
    ["B:hdim7", "X", "X"],
    ["C:aug", "X", "X"],
    ["C:sus4", "X", "X"],
    ["C:sus2", "X", "X"],
    ["C:5", "X", "X"],
    ["C:minmaj7", "C:min", "X"],
    ["N", "N", "N"],
    ["X", "X", "X"],
    ["Am", "A:min", "A:min"], // FMP's simplified CSV label
    ["Q:foo", "X", "X"], // unparseable (data.lenient)
  ];
  it.each(rows)("%s → majmin %s, sevenths %s", (label, majmin, sevenths) => {
    expect(harteLabel(vocabularyClass(label, vocabularyOf("majmin")))).toBe(majmin);
    expect(harteLabel(vocabularyClass(label, vocabularyOf("sevenths")))).toBe(sevenths);
  });
});

describe("transposition of a class", () => {
  it("moves the root and keeps the quality, N and X (hand-derived)", () => {
    const s = vocabularyOf("sevenths");
    const cls = (label: string) => vocabularyClass(label, s);
    expect(transposeChordClass(cls("A:min7"), 5)).toBe(cls("D:min7"));
    expect(transposeChordClass(cls("B:7"), 1)).toBe(cls("C:7"));
    expect(transposeChordClass(cls("E:maj7"), 11)).toBe(cls("D#:maj7"));
    expect(transposeChordClass(cls("G:min"), 7)).toBe(cls("D:min"));
    expect(transposeChordClass(NO_CHORD, 3)).toBe(NO_CHORD);
    expect(transposeChordClass(OOV, 3)).toBe(OOV);
  });
});

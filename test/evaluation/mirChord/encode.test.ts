/**
 * mir_eval's chord encoding. Expected bitmaps are written as pitch-class lists derived by hand
 * from the Harte 2005 degree tables (major scale: 1=0, 2=2, 3=4, 4=5, 5=7, 6=9, 7=11 semitones),
 * and, where marked, copied from mir_eval's own tests (tests/test_chord.py, test_chord_encode
 * and test_encode_many), which publish the expected (root, bitmap, bass) of concrete labels.
 */
import { describe, expect, it } from "vitest";
import { encodeChord, encodeChords, type EncodedChord } from "../../../src/evaluation/mirChord/encode.js";
import { InputError } from "../../../src/errors.js";

const bitmapOf = (pcs: number[]): number[] => Array.from({ length: 12 }, (_, i) => (pcs.includes(i) ? 1 : 0));
const chord = (root: number, pcs: number[], bass: number): EncodedChord => ({ root, bitmap: bitmapOf(pcs), bass });

describe("encodeChord: qualities (hand-derived from the Harte degree lists)", () => {
  const QUALITIES: [string, number[]][] = [
    ["maj", [0, 4, 7]],
    ["min", [0, 3, 7]],
    ["dim", [0, 3, 6]],
    ["aug", [0, 4, 8]],
    ["sus2", [0, 2, 7]],
    ["sus4", [0, 5, 7]],
    ["7", [0, 4, 7, 10]],
    ["maj7", [0, 4, 7, 11]],
    ["min7", [0, 3, 7, 10]],
    ["minmaj7", [0, 3, 7, 11]],
    ["dim7", [0, 3, 6, 9]],
    ["hdim7", [0, 3, 6, 10]],
    ["aug7", [0, 4, 8, 10]],
    ["maj6", [0, 4, 7, 9]],
    ["min6", [0, 3, 7, 9]],
    // 9ths, 11ths, 13ths: the upper voices lie an octave up and are left out (mir_eval QUALITIES).
    ["9", [0, 4, 7, 10]],
    ["maj9", [0, 4, 7, 11]],
    ["min9", [0, 3, 7, 10]],
    ["11", [0, 4, 7, 10]],
    ["maj11", [0, 4, 7, 11]],
    ["min11", [0, 3, 7, 10]],
    ["13", [0, 4, 7, 10]],
    ["maj13", [0, 4, 7, 11]],
    ["min13", [0, 3, 7, 10]],
    ["1", [0]],
    ["5", [0, 7]],
  ];
  it.each(QUALITIES)("D:%s", (quality, pcs) => {
    expect(encodeChord(`D:${quality}`)).toEqual(chord(2, pcs, 0));
  });
  it("a bare root is major; an interval list without shorthand starts from the root alone", () => {
    expect(encodeChord("F#")).toEqual(chord(6, [0, 4, 7], 0));
    expect(encodeChord("F#:(b3,b7)")).toEqual(chord(6, [0, 3, 10], 0));
  });
});

describe("encodeChord: roots, N and X", () => {
  it.each([
    ["Gbb", 5],
    ["G", 7],
    ["G#", 8],
    ["Cb", 11],
    ["B#", 0],
    ["Db", 1],
    ["C#", 1],
  ])("root %s is pitch class %d (mir_eval test_pitch_class_to_semitone_valid)", (root, pc) => {
    expect(encodeChord(`${root}:maj`).root).toBe(pc);
  });
  it("N has root −1, an empty bitmap and bass −1; X has root −1, an all −1 bitmap and bass −1", () => {
    expect(encodeChord("N")).toEqual({ root: -1, bitmap: new Array(12).fill(0), bass: -1 });
    expect(encodeChord("X")).toEqual({ root: -1, bitmap: new Array(12).fill(-1), bass: -1 });
  });
});

describe("encodeChord: extensions, omissions and inversions", () => {
  it.each<[string, EncodedChord]>([
    // mir_eval tests/test_chord.py, test_chord_encode (reduce_extended_chords=False):
    ["B:maj(*1,*3)/5", chord(11, [7], 7)],
    ["G:dim", chord(7, [0, 3, 6], 0)],
    ["C:(3)/3", chord(0, [0, 4], 4)],
    ["A:9/b3", chord(9, [0, 3, 4, 7, 10], 3)],
    ["G:dim(4)/6", chord(7, [0, 3, 5, 6, 9], 9)],
    // hand-derived:
    ["C:maj(*3)", chord(0, [0, 7], 0)], // omission
    ["C:maj(*b3)", chord(0, [0, 4, 7], 0)], // omitting an absent degree changes nothing
    ["C:min(*b3)", chord(0, [0, 7], 0)],
    ["C:maj(b7)", chord(0, [0, 4, 7, 10], 0)], // addition
    ["C:maj(9)", chord(0, [0, 4, 7], 0)], // a 9th is an octave up: ignored
    ["C:maj(#7)", chord(0, [0, 4, 7], 0)], // #7 = 12 semitones: ignored, as mir_eval
    ["C:maj(b1)", chord(0, [0, 4, 7, 11], 0)], // b1 = −1 wraps to 11
    ["C:maj/b7", chord(0, [0, 4, 7, 10], 10)], // the bass joins the bitmap
    ["C:maj/2", chord(0, [0, 2, 4, 7], 2)],
    ["A:min/b3", chord(9, [0, 3, 7], 3)],
    ["E:min/5", chord(4, [0, 3, 7], 7)],
    ["C:maj(*1)", chord(0, [0, 4, 7], 0)], // the root-position bass puts the root back
    ["C:(1,3,5,*3)", chord(0, [0, 7], 0)],
  ])("%s", (label, expected) => {
    expect(encodeChord(label)).toEqual(expected);
  });

  it("reduceExtended folds the upper voices into the octave (mir_eval test_chord_encode: A:9 → 9 at 2)", () => {
    expect(encodeChord("A:9", { reduceExtended: true })).toEqual(chord(9, [0, 2, 4, 7, 10], 0));
    expect(encodeChord("C:13", { reduceExtended: true })).toEqual(chord(0, [0, 2, 4, 5, 7, 9, 10], 0));
    expect(encodeChord("C:maj(9)", { reduceExtended: true })).toEqual(chord(0, [0, 2, 4, 7], 0));
    expect(encodeChord("C:9(*9)", { reduceExtended: true })).toEqual(chord(0, [0, 4, 7, 10], 0));
    expect(encodeChord("C:7", { reduceExtended: true })).toEqual(encodeChord("C:7"));
  });
});

describe("encodeChords", () => {
  it("matches mir_eval test_encode_many", () => {
    const got = encodeChords(["B:maj(*1,*3)/5", "B:maj(*1,*3)/5", "N", "C:min", "C:min"]);
    expect(got.map((c) => c.root)).toEqual([11, 11, -1, 0, 0]);
    expect(got.map((c) => c.bass)).toEqual([7, 7, -1, 0, 0]);
    expect(got.map((c) => c.bitmap)).toEqual([bitmapOf([7]), bitmapOf([7]), bitmapOf([]), bitmapOf([0, 3, 7]), bitmapOf([0, 3, 7])]);
  });
  it("rejects a label that is not Harte with an InputError naming it", () => {
    expect(() => encodeChords(["C:maj", "H:min"])).toThrow(InputError);
    expect(() => encodeChords(["C:maj", "H:min"])).toThrow(/"H:min"/);
  });
});

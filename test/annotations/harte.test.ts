import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { parseHarte, type HarteChord } from "../../src/annotations/harte.js";
import { SHORTHANDS } from "../../src/annotations/shorthands.js";

/** Parses a label that must be a chord (not N or X). */
function parseChord(label: string): HarteChord {
  const parsed = parseHarte(label);
  if (parsed.kind !== "chord") throw new Error(`${label} parsed as ${parsed.kind}`);
  return parsed;
}

interface ParseCase {
  label: string;
  root: number;
  /** Relative pitch classes (mir_eval bitmap), bass included. */
  semitones: number[];
  bass: number;
}

// Every distinct label of the four Isophonics Beatles annotations (Let It Be, Here Comes the
// Sun, Ob-La-Di Ob-La-Da, Penny Lane), with the pitch classes mir_eval.chord.encode gives.
const BEATLES_LABELS: ParseCase[] = [
  { label: "A", root: 9, semitones: [0, 4, 7], bass: 0 },
  { label: "A/3", root: 9, semitones: [0, 4, 7], bass: 4 },
  { label: "A:dim/b5", root: 9, semitones: [0, 3, 6], bass: 6 },
  { label: "A:maj(9)/3", root: 9, semitones: [0, 4, 7], bass: 4 },
  { label: "A:min", root: 9, semitones: [0, 3, 7], bass: 0 },
  { label: "A:min/5", root: 9, semitones: [0, 3, 7], bass: 7 },
  { label: "A:min/b7", root: 9, semitones: [0, 3, 7, 10], bass: 10 },
  { label: "A:min7", root: 9, semitones: [0, 3, 7, 10], bass: 0 },
  { label: "B", root: 11, semitones: [0, 4, 7], bass: 0 },
  { label: "B/3", root: 11, semitones: [0, 4, 7], bass: 4 },
  { label: "B/5", root: 11, semitones: [0, 4, 7], bass: 7 },
  { label: "B/6", root: 11, semitones: [0, 4, 7, 9], bass: 9 },
  { label: "B/7", root: 11, semitones: [0, 4, 7, 11], bass: 11 },
  { label: "B:min", root: 11, semitones: [0, 3, 7], bass: 0 },
  { label: "Bb", root: 10, semitones: [0, 4, 7], bass: 0 },
  { label: "Bb/5", root: 10, semitones: [0, 4, 7], bass: 7 },
  { label: "Bb:sus2(b7)", root: 10, semitones: [0, 2, 7, 10], bass: 0 },
  { label: "Bb:sus4(9)", root: 10, semitones: [0, 5, 7], bass: 0 },
  { label: "C", root: 0, semitones: [0, 4, 7], bass: 0 },
  { label: "C#:min7", root: 1, semitones: [0, 3, 7, 10], bass: 0 },
  { label: "C/7", root: 0, semitones: [0, 4, 7, 11], bass: 11 },
  { label: "D", root: 2, semitones: [0, 4, 7], bass: 0 },
  { label: "D/3", root: 2, semitones: [0, 4, 7], bass: 4 },
  { label: "D/5", root: 2, semitones: [0, 4, 7], bass: 7 },
  { label: "D:(1)", root: 2, semitones: [0], bass: 0 },
  { label: "D:maj6", root: 2, semitones: [0, 4, 7, 9], bass: 0 },
  { label: "E", root: 4, semitones: [0, 4, 7], bass: 0 },
  { label: "E/5", root: 4, semitones: [0, 4, 7], bass: 7 },
  { label: "E:7", root: 4, semitones: [0, 4, 7, 10], bass: 0 },
  { label: "E:maj6", root: 4, semitones: [0, 4, 7, 9], bass: 0 },
  { label: "E:min/b3", root: 4, semitones: [0, 3, 7], bass: 3 },
  { label: "E:sus4", root: 4, semitones: [0, 5, 7], bass: 0 },
  { label: "E:sus4(b7)", root: 4, semitones: [0, 5, 7, 10], bass: 0 },
  { label: "Eb", root: 3, semitones: [0, 4, 7], bass: 0 },
  { label: "F", root: 5, semitones: [0, 4, 7], bass: 0 },
  { label: "F#", root: 6, semitones: [0, 4, 7], bass: 0 },
  { label: "F#:sus4", root: 6, semitones: [0, 5, 7], bass: 0 },
  { label: "F/5", root: 5, semitones: [0, 4, 7], bass: 7 },
  { label: "F/6", root: 5, semitones: [0, 4, 7, 9], bass: 9 },
  { label: "F/b7", root: 5, semitones: [0, 4, 7, 10], bass: 10 },
  { label: "F:maj6", root: 5, semitones: [0, 4, 7, 9], bass: 0 },
  { label: "F:maj6/5", root: 5, semitones: [0, 4, 7, 9], bass: 7 },
  { label: "F:maj7", root: 5, semitones: [0, 4, 7, 11], bass: 0 },
  { label: "G", root: 7, semitones: [0, 4, 7], bass: 0 },
  { label: "G#:hdim7", root: 8, semitones: [0, 3, 6, 10], bass: 0 },
  { label: "G/2", root: 7, semitones: [0, 2, 4, 7], bass: 2 },
  { label: "G:maj7", root: 7, semitones: [0, 4, 7, 11], bass: 0 },
  { label: "G:min", root: 7, semitones: [0, 3, 7], bass: 0 },
];

// Harte 2005 Table 2 plus the extended shorthands of JAMS / mir_eval, on C.
const SHORTHAND_CASES: ParseCase[] = [
  { label: "C:maj", root: 0, semitones: [0, 4, 7], bass: 0 },
  { label: "C:min", root: 0, semitones: [0, 3, 7], bass: 0 },
  { label: "C:dim", root: 0, semitones: [0, 3, 6], bass: 0 },
  { label: "C:aug", root: 0, semitones: [0, 4, 8], bass: 0 },
  { label: "C:maj7", root: 0, semitones: [0, 4, 7, 11], bass: 0 },
  { label: "C:min7", root: 0, semitones: [0, 3, 7, 10], bass: 0 },
  { label: "C:7", root: 0, semitones: [0, 4, 7, 10], bass: 0 },
  { label: "C:dim7", root: 0, semitones: [0, 3, 6, 9], bass: 0 },
  { label: "C:hdim7", root: 0, semitones: [0, 3, 6, 10], bass: 0 },
  { label: "C:minmaj7", root: 0, semitones: [0, 3, 7, 11], bass: 0 },
  { label: "C:aug7", root: 0, semitones: [0, 4, 8, 10], bass: 0 },
  { label: "C:maj6", root: 0, semitones: [0, 4, 7, 9], bass: 0 },
  { label: "C:min6", root: 0, semitones: [0, 3, 7, 9], bass: 0 },
  { label: "C:9", root: 0, semitones: [0, 4, 7, 10], bass: 0 },
  { label: "C:maj9", root: 0, semitones: [0, 4, 7, 11], bass: 0 },
  { label: "C:min9", root: 0, semitones: [0, 3, 7, 10], bass: 0 },
  { label: "C:11", root: 0, semitones: [0, 4, 7, 10], bass: 0 },
  { label: "C:maj11", root: 0, semitones: [0, 4, 7, 11], bass: 0 },
  { label: "C:min11", root: 0, semitones: [0, 3, 7, 10], bass: 0 },
  { label: "C:13", root: 0, semitones: [0, 4, 7, 10], bass: 0 },
  { label: "C:maj13", root: 0, semitones: [0, 4, 7, 11], bass: 0 },
  { label: "C:min13", root: 0, semitones: [0, 3, 7, 10], bass: 0 },
  { label: "C:sus2", root: 0, semitones: [0, 2, 7], bass: 0 },
  { label: "C:sus4", root: 0, semitones: [0, 5, 7], bass: 0 },
  { label: "C:1", root: 0, semitones: [0], bass: 0 },
  { label: "C:5", root: 0, semitones: [0, 7], bass: 0 },
];

const ENHARMONIC_CASES: ParseCase[] = [
  { label: "Cb", root: 11, semitones: [0, 4, 7], bass: 0 },
  { label: "B#", root: 0, semitones: [0, 4, 7], bass: 0 },
  { label: "Fbb", root: 3, semitones: [0, 4, 7], bass: 0 },
  { label: "E#:min", root: 5, semitones: [0, 3, 7], bass: 0 },
  { label: "G##:7", root: 9, semitones: [0, 4, 7, 10], bass: 0 },
  { label: "Abbb", root: 6, semitones: [0, 4, 7], bass: 0 },
  { label: "C#b", root: 0, semitones: [0, 4, 7], bass: 0 },
  { label: "Db:min/b3", root: 1, semitones: [0, 3, 7], bass: 3 },
];

// Interval lists, omissions, extensions and basses beyond the Beatles files.
const INTERVAL_CASES: ParseCase[] = [
  { label: "C:(1,3,5,*3)", root: 0, semitones: [0, 7], bass: 0 },
  { label: "C:(*3,1,3,5)", root: 0, semitones: [0, 7], bass: 0 },
  { label: "C:maj(*5)", root: 0, semitones: [0, 4], bass: 0 },
  { label: "C:min7(*b7)", root: 0, semitones: [0, 3, 7], bass: 0 },
  { label: "C:maj(*1)", root: 0, semitones: [4, 7], bass: 0 },
  { label: "C:maj(*7)", root: 0, semitones: [0, 4, 7], bass: 0 },
  { label: "C:(3,5)", root: 0, semitones: [0, 4, 7], bass: 0 },
  { label: "C:(b3)", root: 0, semitones: [0, 3], bass: 0 },
  { label: "C:(1,b3,3,5)", root: 0, semitones: [0, 3, 4, 7], bass: 0 },
  { label: "C:maj(3)", root: 0, semitones: [0, 4, 7], bass: 0 },
  { label: "C:maj(b4)", root: 0, semitones: [0, 4, 7], bass: 0 },
  { label: "C:7(#9)", root: 0, semitones: [0, 4, 7, 10], bass: 0 },
  { label: "C:maj(#4)", root: 0, semitones: [0, 4, 6, 7], bass: 0 },
  { label: "C:dim7(bb7)", root: 0, semitones: [0, 3, 6, 9], bass: 0 },
  { label: "C:9(*9)", root: 0, semitones: [0, 4, 7, 10], bass: 0 },
  { label: "C:(1,5)/b3", root: 0, semitones: [0, 3, 7], bass: 3 },
  { label: "C:maj/b3", root: 0, semitones: [0, 3, 4, 7], bass: 3 },
  { label: "C/9", root: 0, semitones: [0, 2, 4, 7], bass: 2 },
  { label: "C/1", root: 0, semitones: [0, 4, 7], bass: 0 },
  { label: "C:maj(b9)", root: 0, semitones: [0, 4, 7], bass: 0 },
];

describe("parseHarte: root, pitch classes and bass", () => {
  const tables = {
    "Beatles label": BEATLES_LABELS,
    shorthand: SHORTHAND_CASES,
    enharmonic: ENHARMONIC_CASES,
    "interval list": INTERVAL_CASES,
  };
  for (const [kind, cases] of Object.entries(tables)) {
    it.each(cases)(`${kind} $label`, ({ label, root, semitones, bass }) => {
      const chord = parseChord(label);
      expect(chord.label).toBe(label);
      expect(chord.root).toBe(root);
      expect(chord.semitones).toEqual(semitones);
      expect(((chord.bass.semitones % 12) + 12) % 12).toBe(bass);
    });
  }

  it("the tables name each label once", () => {
    const labels = Object.values(tables).flat().map((c) => c.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("covers every known shorthand", () => {
    const tested = SHORTHAND_CASES.map((c) => c.label.slice("C:".length));
    expect([...tested].sort()).toEqual([...SHORTHANDS].sort());
  });
});

describe("parseHarte: structure", () => {
  it("N is no chord and X is an unknown chord", () => {
    expect(parseHarte("N")).toEqual({ kind: "none", label: "N" });
    expect(parseHarte("X")).toEqual({ kind: "unknown", label: "X" });
  });

  it("a bare root is a major triad with shorthand maj", () => {
    expect(parseChord("B/7")).toMatchObject({ rootName: "B", shorthand: "maj", bass: { degree: "7", semitones: 11 } });
  });

  it("an interval list alone has an empty shorthand and the root implied", () => {
    const chord = parseChord("D:(1)");
    expect(chord.shorthand).toBe("");
    expect(chord.intervals.map((i) => i.degree)).toEqual(["1"]);
  });

  it("keeps compound degrees in intervals, unfolded, but not in semitones", () => {
    const chord = parseChord("Bb:sus4(9)");
    expect(chord.intervals.map((i) => [i.degree, i.semitones])).toEqual([
      ["1", 0],
      ["4", 5],
      ["5", 7],
      ["9", 14],
    ]);
    expect(parseChord("C:7(#9)").intervals.at(-1)).toEqual({ degree: "#9", number: 9, semitones: 15 });
  });

  it("lists intervals in ascending order without duplicates, spelled as first written", () => {
    const chord = parseChord("A:maj(9)/3");
    expect(chord.intervals.map((i) => i.degree)).toEqual(["1", "3", "5", "9"]);
    expect(parseChord("C:maj(3,b4)").intervals.map((i) => i.degree)).toEqual(["1", "3", "5"]);
  });

  it("records the bass degree as written", () => {
    expect(parseChord("E:min/b3").bass).toEqual({ degree: "b3", number: 3, semitones: 3 });
    expect(parseChord("C").bass).toEqual({ degree: "1", number: 1, semitones: 0 });
  });

  it("a root-position label has the bass among its chord tones (the bass adds nothing)", () => {
    expect(parseChord("F:maj6/5").semitones).toEqual(parseChord("F:maj6").semitones);
  });
});

describe("parseHarte: errors name the label and the problem", () => {
  const cases: { name: string; label: string; message: RegExp }[] = [
    { name: "empty label", label: "", message: /"": empty label/ },
    { name: "unknown root letter", label: "H:min", message: /"H:min": expected a root A–G/ },
    { name: "lower-case root", label: "c:maj", message: /"c:maj": expected a root A–G/ },
    { name: "simplified minor is not Harte", label: "Am", message: /"Am": expected ":" after the root "A", got "m" \(e\.g\. "A:min"\)/ },
    { name: "interval list without colon", label: "C(1,3)", message: /expected ":" after the root "C", got "\(1,3\)"/ },
    { name: "nothing after colon", label: "C:", message: /"C:": nothing after ":"/ },
    { name: "root Q does not exist", label: "Q:foo", message: /expected a root/ },
    { name: "unknown shorthand on a valid root", label: "C:foo", message: /"C:foo": unknown shorthand "foo" \(known: maj, min/ },
    { name: "misspelt shorthand", label: "C:Maj", message: /unknown shorthand "Maj"/ },
    { name: "unclosed list", label: "C:maj(9", message: /malformed "maj\(9" after ":"/ },
    { name: "text after the list", label: "C:maj(9)x", message: /malformed "maj\(9\)x" after ":"/ },
    { name: "empty degree list", label: "C:maj()", message: /"C:maj\(\)": empty degree list/ },
    { name: "degree not a number", label: "C:(1,3,x)", message: /malformed degree "x"/ },
    { name: "degree above 13", label: "C:(14)", message: /malformed degree "14"/ },
    { name: "degree zero", label: "C:(0)", message: /malformed degree "0"/ },
    { name: "omission mark after the degree", label: "C:maj(5*)", message: /malformed degree "5\*"/ },
    { name: "empty item in the list", label: "C:(1,,3)", message: /malformed degree ""/ },
    { name: "note name as bass", label: "C/E", message: /"C\/E": malformed bass "\/E".*not a note name/ },
    { name: "empty bass", label: "C/", message: /malformed bass "\/"/ },
    { name: "two basses", label: "C/3/5", message: /"C\/3\/5": more than one "\/"/ },
    { name: "whitespace inside", label: "C:maj 7", message: /"C:maj 7": contains whitespace/ },
    { name: "lower-case no-chord", label: "n", message: /"n": expected a root/ },
  ];
  it.each(cases)("$name", ({ label, message }) => {
    expect(() => parseHarte(label)).toThrow(InputError);
    expect(() => parseHarte(label)).toThrow(message);
  });
  it("the error cases have unique names", () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });
});

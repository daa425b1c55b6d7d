import { describe, expect, it } from "vitest";
import { collectWarnings, InputError } from "../../src/errors.js";
import { chordName } from "../../src/annotations/chordClasses.js";
import { detectDelimiter, parseCsv } from "../../src/annotations/csv.js";
import type { AnnotationParseOptions } from "../../src/annotations/types.js";

const OPTS: AnnotationParseOptions = { file: "songs/x.csv", annotations: { dim: "min", aug: "maj" }, lenient: false };

/** [line, start, end, label, class name] of each span. */
function summary(text: string): [number, number, number, string, string][] {
  return parseCsv(text, OPTS).spans.map((s) => [s.line, s.startSec, s.endSec, s.label, chordName(s.chord)]);
}

describe("parseCsv: layouts", () => {
  const expected: [number, number, number, string, string][] = [
    [2, 0, 2.5, "N", "N"],
    [3, 2.5, 4, "C:(1,3,5)", "C"],
    [4, 4, 6, "Am", "Am"],
  ];
  const cases: { name: string; text: string }[] = [
    { name: "FMP style: semicolons, quoted header and labels", text: '"Start";"End";"Label"\n0.0;2.5;"N"\n2.5;4.0;"C:(1,3,5)"\n4.0;6.0;"Am"\n' },
    { name: "comma header, quoted label with commas", text: 'start,end,label\n0,2.5,N\n2.5,4,"C:(1,3,5)"\n4,6,Am' },
    { name: "tab-separated with header", text: "Start\tEnd\tLabel\n0\t2.5\tN\n2.5\t4\tC:(1,3,5)\n4\t6\tAm\n" },
    { name: "CRLF line endings and a BOM", text: '\uFEFFStart;End;Label\r\n0;2.5;N\r\n2.5;4;C:(1,3,5)\r\n4;6;Am\r\n' },
    { name: "header with Chord and extra columns in any order", text: "confidence;CHORD;End;Start\n1;N;2.5;0\n1;C:(1,3,5);4;2.5\n0.5;Am;6;4" },
    { name: "spaces around fields", text: "Start ; End ; Label\n 0 ; 2.5 ; N \n2.5 ; 4 ; C:(1,3,5)\n4;6;Am" },
  ];
  it.each(cases)("$name", ({ text }) => {
    expect(summary(text)).toEqual(expected);
  });

  it("without a header, three fields per record and lines counted from 1", () => {
    expect(summary("0,1.5,G\n\n1.5,3,E:min7\n")).toEqual([
      [1, 0, 1.5, "G", "G"],
      [3, 1.5, 3, "E:min7", "Em"],
    ]);
  });

  it("without a header, semicolons, a semicolon wins over commas inside labels", () => {
    expect(summary("0;1;C:(1,b3,5)\n1;2;D:maj(9)")).toEqual([
      [1, 0, 1, "C:(1,b3,5)", "Cm"],
      [2, 1, 2, "D:maj(9)", "D"],
    ]);
  });

  it("reads FMP simplified labels: root = major, root + m = minor", () => {
    const labels = parseCsv("0;1;C\n1;2;C#m\n2;3;Bbm\n3;4;F#\n4;5;N", OPTS).spans.map((s) => chordName(s.chord));
    expect(labels).toEqual(["C", "C#m", "A#m", "F#", "N"]);
  });

  it("gives a record whose quoted label spans two lines the line where it starts", () => {
    const error = (() => {
      try {
        parseCsv('0;1;C\n1;2;"C:\nmin"\n2;3;x', OPTS);
      } catch (e) {
        return e as InputError;
      }
    })();
    expect(error?.line).toBe(2);
  });
});

describe("detectDelimiter", () => {
  const cases: [string, string, string][] = [
    ["tab beats semicolon", "0\t1\tC;x", "\t"],
    ["semicolon beats comma", "0;1;C:(1,3,5)", ";"],
    ["comma by default", "0,1,C", ","],
    ["quoted delimiters do not count", '0,1,"a;b"', ","],
    ["first non-blank line decides", "\n\n0;1;C\n0,1,C", ";"],
  ];
  it.each(cases)("%s", (_name, text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });
});

describe("parseCsv: errors name file:line and the text", () => {
  const cases: { name: string; text: string; message: string }[] = [
    { name: "two fields", text: "0;1;C\n1;D", message: 'songs/x.csv:2: expected "<start>;<end>;<label>", got "1;D"' },
    {
      name: "unquoted commas in a label",
      text: "0,1,C:(1,3,5)",
      message: 'songs/x.csv:1: expected "<start>,<end>,<label>", got "0,1,C:(1,3,5)" (quote labels that contain commas, e.g. "C:(1,3,5)")',
    },
    { name: "four fields without header", text: "0\t1\tC\tx", message: 'songs/x.csv:1: expected "<start>\\t<end>\\t<label>", got "0\t1\tC\tx"' },
    { name: "short record under a header", text: "Start;End;Label\n0;1", message: 'songs/x.csv:2: expected at least 3 fields (as in the header), got 2 in "0;1"' },
    { name: "header without Label", text: "Start;End;Name\n0;1;C", message: 'songs/x.csv:1: the header must name the columns Start, End and Label (or Chord), got "Start;End;Name"' },
    { name: "non-numeric end", text: "Start;End;Label\n0;one;C", message: 'songs/x.csv:2: end time "one" is not a number, in "0;one;C"' },
    { name: "decimal comma", text: "0;1,5;C", message: 'songs/x.csv:1: end time "1,5" is not a number, in "0;1,5;C"' },
    { name: "empty time", text: "0;;C", message: 'songs/x.csv:1: end time "" is not a number, in "0;;C"' },
    { name: "negative end", text: "0;-1;C", message: 'songs/x.csv:1: end time -1 is negative, in "0;-1;C"' },
    { name: "overlap", text: "0;2;C\n1;3;D", message: 'songs/x.csv:2: segment starts at 1, before the previous one (line 1) ends at 2, in "1;3;D"' },
    { name: "invalid label", text: "0;1;C\n1;2;Cmaj7", message: 'songs/x.csv:2: invalid chord label "Cmaj7": expected ":" after the root "C", got "maj7"' },
    { name: "unclosed quote", text: '0;1;"C\n1;2;D', message: "songs/x.csv:2: malformed CSV: Quote Not Closed" },
    { name: "header only", text: "Start;End;Label\n", message: "songs/x.csv: no chord segments found" },
    { name: "empty file", text: "", message: "songs/x.csv: no chord segments found" },
  ];
  it.each(cases)("$name", ({ text, message }) => {
    expect(() => parseCsv(text, OPTS)).toThrow(InputError);
    expect(() => parseCsv(text, OPTS)).toThrow(message);
  });
  it("error cases have unique names", () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });
});

describe("parseCsv, lenient", () => {
  it("maps unknown labels to no-chord with one warning", () => {
    const warnings = collectWarnings();
    const spans = parseCsv("Start;End;Label\n0;1;Cmaj7\n1;2;Am\n2;3;Hm", { ...OPTS, lenient: true }, warnings).spans;
    expect(spans.map((s) => chordName(s.chord))).toEqual(["N", "Am", "N"]);
    expect(warnings.messages).toEqual(["songs/x.csv: 2 unknown labels mapped to no-chord: Cmaj7, Hm"]);
  });
});

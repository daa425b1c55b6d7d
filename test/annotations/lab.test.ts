import { describe, expect, it } from "vitest";
import { collectWarnings, InputError } from "../../src/errors.js";
import { chordName } from "../../src/annotations/chordClasses.js";
import { parseLab } from "../../src/annotations/lab.js";
import type { AnnotationParseOptions } from "../../src/annotations/types.js";
import { inputErrorOf } from "../helpers/errors.js";

const OPTS: AnnotationParseOptions = { file: "data/x.lab", annotations: { dim: "min", aug: "maj" }, lenient: false };

describe("parseLab", () => {
  it("reads start, end, label, reduced class and source line of each segment", () => {
    const text = ["0.000000 0.175157 N", "0.175157 1.852358 C", "1.852358 4.720022 A:min/b7", ""].join("\n");
    const { file, spans } = parseLab(text, OPTS);
    expect(file).toBe("data/x.lab");
    expect(spans).toEqual([
      { startSec: 0, endSec: 0.175157, label: "N", chord: -1, line: 1 },
      { startSec: 0.175157, endSec: 1.852358, label: "C", chord: 0, line: 2 },
      { startSec: 1.852358, endSec: 4.720022, label: "A:min/b7", chord: 21, line: 3 },
    ]);
  });

  it("accepts tabs, CRLF, blank lines, comments and surrounding whitespace; lines stay those of the file", () => {
    const text = "# chords of a test song\r\n\r\n0\t1.5\tG:maj7\r\n   \r\n  1.5   3  E:min  \r\n# end\r\n";
    const spans = parseLab(text, OPTS).spans;
    expect(spans.map((s) => [s.line, chordName(s.chord), s.endSec])).toEqual([
      [3, "G", 1.5],
      [5, "Em", 3],
    ]);
  });

  it("accepts integer, leading-dot and exponent times", () => {
    const spans = parseLab("0 .5 C\n.5 1e0 D\n1e0 2.25E0 E", OPTS).spans;
    expect(spans.map((s) => [s.startSec, s.endSec])).toEqual([
      [0, 0.5],
      [0.5, 1],
      [1, 2.25],
    ]);
  });

  it("allows gaps and zero-length segments", () => {
    const spans = parseLab("0 1 C\n2 3 D\n3 3 E", OPTS).spans;
    expect(spans.map((s) => chordName(s.chord))).toEqual(["C", "D", "E"]);
  });

  it("tolerates overlaps up to 1 µs (rounding in published files), keeping the times", () => {
    const spans = parseLab("0 166.133537 C\n166.133536 170 G", OPTS).spans;
    expect(spans[1].startSec).toBe(166.133536);
    expect(spans[0].endSec).toBe(166.133537);
  });

  it("applies the dim / aug options", () => {
    const text = "0 1 A:dim/b5\n1 2 C:aug";
    const strict = parseLab(text, { ...OPTS, annotations: { dim: "none", aug: "none" } }).spans;
    expect(strict.map((s) => s.chord)).toEqual([-1, -1]);
    expect(parseLab(text, OPTS).spans.map((s) => chordName(s.chord))).toEqual(["Am", "C"]);
  });

  const errors: { name: string; text: string; message: string }[] = [
    { name: "two fields", text: "0 0.5 C\n0.5 C", message: 'data/x.lab:2: expected "<start> <end> <label>", got "0.5 C"' },
    { name: "four fields", text: "0 1 C extra", message: 'data/x.lab:1: expected "<start> <end> <label>", got "0 1 C extra"' },
    { name: "non-numeric start", text: "abc 1 C", message: 'data/x.lab:1: start time "abc" is not a number, in "abc 1 C"' },
    { name: "non-numeric end", text: "0 1s C", message: 'data/x.lab:1: end time "1s" is not a number, in "0 1s C"' },
    { name: "infinite end", text: "0 Infinity C", message: 'data/x.lab:1: end time "Infinity" is not a number, in "0 Infinity C"' },
    { name: "hexadecimal time", text: "0x1 2 C", message: 'data/x.lab:1: start time "0x1" is not a number, in "0x1 2 C"' },
    { name: "negative start", text: "-0.5 1 C", message: 'data/x.lab:1: start time -0.5 is negative, in "-0.5 1 C"' },
    { name: "end before start", text: "0 1 C\n\n2 1.5 D", message: 'data/x.lab:3: end time 1.5 is before start time 2, in "2 1.5 D"' },
    {
      name: "unsorted segments",
      text: "2 3 C\n0 1 D",
      message: 'data/x.lab:2: segments are not sorted by start time: 0 comes after 2 (line 1), in "0 1 D"',
    },
    {
      name: "overlap of 2 µs",
      text: "0 1.000002 C\n1 2 D",
      message: 'data/x.lab:2: segment starts at 1, before the previous one (line 1) ends at 1.000002, in "1 2 D"',
    },
    { name: "unknown shorthand", text: "0 1 C\n1 2 C:foo", message: 'data/x.lab:2: invalid chord label "C:foo": unknown shorthand "foo"' },
    { name: "simplified minor is not Harte", text: "0 1 Am", message: 'data/x.lab:1: invalid chord label "Am": expected ":" after the root "A"' },
    { name: "no segments", text: "# nothing\n\n", message: "data/x.lab: no chord segments found" },
  ];
  it.each(errors)("error: $name", ({ text, message }) => {
    const error = inputErrorOf(() => parseLab(text, OPTS));
    expect(error.message.startsWith(message)).toBe(true);
    expect(error.file).toBe("data/x.lab");
  });
  it("error cases have unique names", () => {
    expect(new Set(errors.map((e) => e.name)).size).toBe(errors.length);
  });
  it("error location fields match the message", () => {
    const error = inputErrorOf(() => parseLab("0 1 C\n1 2 C:foo", OPTS));
    expect(error.line).toBe(2);
    expect(error.cause).toBeInstanceOf(InputError);
  });
});

describe("parseLab, lenient", () => {
  const text = ["0 1 Q:foo", "1 2 C", "2 3 C:foo", "3 4 Q:foo", "4 5 H"].join("\n");

  it("maps unparseable labels to no-chord and warns once per file with a count", () => {
    const warnings = collectWarnings();
    const spans = parseLab(text, { ...OPTS, lenient: true }, warnings).spans;
    expect(spans.map((s) => s.chord)).toEqual([-1, 0, -1, -1, -1]);
    expect(spans[0].label).toBe("Q:foo");
    expect(warnings.messages).toEqual(["data/x.lab: 4 unknown labels mapped to no-chord: Q:foo, C:foo, H"]);
  });

  it("lists at most five distinct labels", () => {
    const many = ["a", "b", "c", "d", "e", "f"].map((l, i) => `${i} ${i + 1} ${l}`).join("\n");
    const warnings = collectWarnings();
    parseLab(many, { ...OPTS, lenient: true }, warnings);
    expect(warnings.messages).toEqual(["data/x.lab: 6 unknown labels mapped to no-chord: a, b, c, d, e, …"]);
  });

  it("says 'label' for one and warns nothing when all labels parse", () => {
    const warnings = collectWarnings();
    parseLab("0 1 C\n1 2 Z", { ...OPTS, lenient: true }, warnings);
    parseLab("0 1 C", { ...OPTS, lenient: true }, warnings);
    expect(warnings.messages).toEqual(["data/x.lab: 1 unknown label mapped to no-chord: Z"]);
  });

  it("still rejects bad times", () => {
    expect(() => parseLab("1 0 C", { ...OPTS, lenient: true })).toThrow("data/x.lab:1: end time 0 is before start time 1");
  });

  it("works without a warnings sink", () => {
    expect(parseLab(text, { ...OPTS, lenient: true }).spans).toHaveLength(5);
  });
});

import { describe, expect, it } from "vitest";
import { collectWarnings, InputError } from "../../src/errors.js";
import { chordName } from "../../src/annotations/chordClasses.js";
import { parseJams } from "../../src/annotations/jams.js";
import type { AnnotationParseOptions } from "../../src/annotations/types.js";

const OPTS: AnnotationParseOptions = { file: "x.jams", annotations: { dim: "min", aug: "maj" }, lenient: false };

/** A JAMS document holding the given annotations. */
function jams(...annotations: unknown[]): string {
  return JSON.stringify({ file_metadata: { title: "test", duration: 10 }, annotations, sandbox: {} }, null, 2);
}

function chordAnnotation(data: unknown, namespace = "chord"): unknown {
  return { namespace, annotation_metadata: { corpus: "test" }, data, sandbox: {} };
}

const OBSERVATIONS = [
  { time: 0, duration: 0.5, value: "N", confidence: 1 },
  { time: 0.5, duration: 1.5, value: "G#:hdim7", confidence: 1 },
  { time: 2, duration: 2, value: "Bb:sus4(9)", confidence: null },
];

describe("parseJams", () => {
  const expected = [
    [1, 0, 0.5, "N", "N"],
    [2, 0.5, 2, "G#:hdim7", "G#m"],
    [3, 2, 4, "Bb:sus4(9)", "N"],
  ];
  const layouts: { name: string; text: string }[] = [
    { name: "observation array (JAMS ≥ 0.3)", text: jams(chordAnnotation(OBSERVATIONS)) },
    {
      name: "column form (older JAMS)",
      text: jams(
        chordAnnotation({
          time: [0, 0.5, 2],
          duration: [0.5, 1.5, 2],
          value: ["N", "G#:hdim7", "Bb:sus4(9)"],
          confidence: [1, 1, null],
        }),
      ),
    },
    { name: "namespace chord_harte", text: jams(chordAnnotation(OBSERVATIONS, "chord_harte")) },
    {
      name: "chord annotation after others",
      text: jams(chordAnnotation([{ time: 0, duration: 1, value: 120 }], "tempo"), chordAnnotation(OBSERVATIONS)),
    },
  ];
  it.each(layouts)("$name", ({ text }) => {
    const spans = parseJams(text, OPTS).spans;
    expect(spans.map((s) => [s.line, s.startSec, s.endSec, s.label, chordName(s.chord)])).toEqual(expected);
  });

  it("takes the first chord annotation and says so when there are several", () => {
    const warnings = collectWarnings();
    const text = jams(chordAnnotation(OBSERVATIONS), chordAnnotation([{ time: 0, duration: 1, value: "D" }], "chord_harte"));
    const spans = parseJams(text, OPTS, warnings).spans;
    expect(spans).toHaveLength(3);
    expect(warnings.messages).toEqual(["x.jams: 2 chord annotations; using the first"]);
  });

  it("maps unknown labels to no-chord in lenient mode", () => {
    const warnings = collectWarnings();
    const text = jams(chordAnnotation([{ time: 0, duration: 1, value: "C:foo" }, { time: 1, duration: 1, value: "C" }]));
    const spans = parseJams(text, { ...OPTS, lenient: true }, warnings).spans;
    expect(spans.map((s) => s.chord)).toEqual([-1, 0]);
    expect(warnings.messages).toEqual(["x.jams: 1 unknown label mapped to no-chord: C:foo"]);
  });
});

describe("parseJams: errors name the file and the observation", () => {
  const obs = (time: unknown, duration: unknown, value: unknown) => ({ time, duration, value });
  const cases: { name: string; text: string; message: string }[] = [
    { name: "not JSON", text: "{ annotations: [", message: "x.jams: not valid JSON: " },
    { name: "no annotations array", text: JSON.stringify({ file_metadata: {} }), message: 'x.jams: expected a JAMS object with an "annotations" array' },
    { name: "a JSON array", text: "[]", message: 'x.jams: expected a JAMS object with an "annotations" array' },
    {
      name: "no chord namespace",
      text: jams(chordAnnotation([], "beat"), chordAnnotation([], "key_mode")),
      message: 'x.jams: no annotation with namespace "chord" or "chord_harte" (found: beat, key_mode)',
    },
    { name: "no annotations at all", text: jams(), message: 'x.jams: no annotation with namespace "chord" or "chord_harte" (found: none)' },
    { name: "data missing", text: jams({ namespace: "chord" }), message: 'x.jams: chord annotation "data" must be an array' },
    {
      name: "columns of different lengths",
      text: jams(chordAnnotation({ time: [0, 1], duration: [1], value: ["C", "D"] })),
      message: "x.jams: chord annotation columns differ in length: time 2, duration 1, value 2",
    },
    {
      name: "observation not an object",
      text: jams(chordAnnotation([obs(0, 1, "C"), 5])),
      message: "x.jams:2: observation 2: expected {time, duration, value}, got 5",
    },
    {
      name: "time as a string",
      text: jams(chordAnnotation([obs("0", 1, "C")])),
      message: 'x.jams:1: observation 1: time must be a number, got {"time":"0","duration":1,"value":"C"}',
    },
    {
      name: "duration missing",
      text: jams(chordAnnotation([obs(0, 1, "C"), { time: 1, value: "D" }])),
      message: 'x.jams:2: observation 2: duration must be a number, got {"time":1,"value":"D"}',
    },
    {
      name: "negative duration",
      text: jams(chordAnnotation([obs(0, -1, "C")])),
      message: 'x.jams:1: observation 1: duration -1 is negative, in {"time":0,"duration":-1,"value":"C"}',
    },
    {
      name: "value not a string",
      text: jams(chordAnnotation([obs(0, 1, null)])),
      message: 'x.jams:1: observation 1: value must be a chord label string, got {"time":0,"duration":1,"value":null}',
    },
    {
      name: "negative time",
      text: jams(chordAnnotation([obs(-2, 1, "C")])),
      message: 'x.jams:1: start time -2 is negative, in "{"time":-2,"duration":1,"value":"C"}"',
    },
    {
      name: "overlapping observations",
      text: jams(chordAnnotation([obs(0, 2, "C"), obs(1, 1, "D")])),
      message: "x.jams:2: segment starts at 1, before the previous one (line 1) ends at 2",
    },
    {
      name: "invalid label",
      text: jams(chordAnnotation([obs(0, 1, "C"), obs(1, 1, "E:min7/E")])),
      message: 'x.jams:2: invalid chord label "E:min7/E": malformed bass "/E"',
    },
    { name: "empty data", text: jams(chordAnnotation([])), message: "x.jams: no chord segments found" },
  ];
  it.each(cases)("$name", ({ text, message }) => {
    expect(() => parseJams(text, OPTS)).toThrow(InputError);
    expect(() => parseJams(text, OPTS)).toThrow(message);
  });
  it("error cases have unique names", () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });
});

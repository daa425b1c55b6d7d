import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { collectWarnings, InputError } from "../../src/errors.js";
import * as annotations from "../../src/annotations/index.js";
import { chordName } from "../../src/annotations/chordClasses.js";
import { findAnnotationFile } from "../../src/annotations/find.js";
import { annotationFormatOf, parseAnnotation, readAnnotation } from "../../src/annotations/read.js";
import type { AnnotationReadOptions } from "../../src/annotations/types.js";

const OPTS: AnnotationReadOptions = { annotations: { dim: "min", aug: "maj" }, lenient: false };
const root = mkdtempSync(join(tmpdir(), "chordtrain-annotations-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh folder holding the given files (name → content). */
function folder(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  return dir;
}

const JAMS_TEXT = JSON.stringify({
  annotations: [{ namespace: "chord", data: [{ time: 0, duration: 2, value: "E:min/b3", confidence: 1 }] }],
});

describe("readAnnotation", () => {
  const dir = folder("read", {
    "a.lab": "0 2 E:min/b3\n",
    "b.csv": '"Start";"End";"Label"\n0;2;"Em"\n',
    "c.jams": JAMS_TEXT,
    "D.LAB": "0 2 E:min\n",
    "e.txt": "0 2 E:min\n",
  });
  it.each(["a.lab", "b.csv", "c.jams", "D.LAB"])("reads %s by its extension", (name) => {
    const annotation = readAnnotation(join(dir, name), OPTS);
    expect(annotation.file).toBe(join(dir, name));
    expect(annotation.spans.map((s) => [s.startSec, s.endSec, chordName(s.chord)])).toEqual([[0, 2, "Em"]]);
  });

  it("rejects other extensions, naming the file", () => {
    expect(() => readAnnotation(join(dir, "e.txt"), OPTS)).toThrow(
      `${join(dir, "e.txt")}: unsupported annotation format ".txt" (expected .lab, .csv or .jams)`,
    );
  });

  it("reports a missing file as an InputError with the file and the reason", () => {
    const missing = join(dir, "missing.lab");
    expect(() => readAnnotation(missing, OPTS)).toThrow(InputError);
    expect(() => readAnnotation(missing, OPTS)).toThrow(`${missing}: cannot read the annotation file (ENOENT)`);
  });

  it("passes lenient mode and the warnings sink through", () => {
    const lenientDir = folder("lenient", { "x.lab": "0 1 C\n1 2 Q:foo\n2 3 Q:foo\n" });
    const warnings = collectWarnings();
    const spans = readAnnotation(join(lenientDir, "x.lab"), { ...OPTS, lenient: true }, warnings).spans;
    expect(spans.map((s) => s.chord)).toEqual([0, -1, -1]);
    expect(warnings.messages).toEqual([`${join(lenientDir, "x.lab")}: 2 unknown labels mapped to no-chord: Q:foo`]);
  });
});

describe("parseAnnotation", () => {
  it("dispatches on the format and ignores a BOM", () => {
    const opts = { ...OPTS, file: "mem" };
    expect(parseAnnotation("\uFEFF0 1 C", "lab", opts).spans[0].chord).toBe(0);
    expect(parseAnnotation("\uFEFF0,1,Cm", "csv", opts).spans[0].chord).toBe(12);
    expect(parseAnnotation(`\uFEFF${JAMS_TEXT}`, "jams", opts).spans[0].chord).toBe(16);
  });

  it("reads labels by format: 'Am' is minor in CSV but invalid in .lab", () => {
    const opts = { ...OPTS, file: "mem" };
    expect(parseAnnotation("0,1,Am", "csv", opts).spans[0].chord).toBe(21);
    expect(() => parseAnnotation("0 1 Am", "lab", opts)).toThrow('mem:1: invalid chord label "Am"');
  });
});

describe("annotationFormatOf", () => {
  const cases: [string, string][] = [
    ["song.lab", "lab"],
    ["dir.v2/song.CSV", "csv"],
    ["a/b/song.Jams", "jams"],
  ];
  it.each(cases)("%s → %s", (path, format) => {
    expect(annotationFormatOf(path)).toBe(format);
  });
  it("names the file when the extension is missing", () => {
    expect(() => annotationFormatOf("dir/song")).toThrow('dir/song: unsupported annotation format ""');
  });
});

describe("findAnnotationFile", () => {
  it.each(["lab", "csv", "jams"])("finds song.%s beside song.wav", (ext) => {
    const dir = folder(`find-${ext}`, { "song.wav": "", [`song.${ext}`]: "", "other.lab": "" });
    expect(findAnnotationFile(join(dir, "song.wav"))).toBe(join(dir, `song.${ext}`));
  });

  it("replaces any audio extension", () => {
    const dir = folder("find-upper", { "Song.v1.WAV": "", "Song.v1.lab": "" });
    expect(findAnnotationFile(join(dir, "Song.v1.WAV"))).toBe(join(dir, "Song.v1.lab"));
  });

  it("names the audio file and the names tried when there is none", () => {
    const dir = folder("find-none", { "song.wav": "", "song.txt": "" });
    const audio = join(dir, "song.wav");
    expect(() => findAnnotationFile(audio)).toThrow(InputError);
    expect(() => findAnnotationFile(audio)).toThrow(
      `${audio}: no annotation beside the audio file (tried song.lab, song.csv, song.jams)`,
    );
  });

  it("ignores a folder with an annotation's name", () => {
    const dir = folder("find-dir", { "song.wav": "", "song.csv": "" });
    mkdirSync(join(dir, "song.lab"));
    expect(findAnnotationFile(join(dir, "song.wav"))).toBe(join(dir, "song.csv"));
  });

  it("refuses to choose between several annotations", () => {
    const dir = folder("find-several", { "song.wav": "", "song.lab": "", "song.jams": "" });
    const audio = join(dir, "song.wav");
    expect(() => findAnnotationFile(audio)).toThrow(
      `${audio}: several annotations beside the audio file (song.lab, song.jams); keep exactly one`,
    );
  });
});

describe("src/annotations/index.ts", () => {
  it("exports this public API (a change here is an API change)", () => {
    expect(Object.keys(annotations).sort()).toEqual([
      "ANNOTATION_EXTENSIONS",
      "CHORD_NAMES",
      "NO_CHORD",
      "NUM_CHORDS",
      "OUT_OF_VOCABULARY",
      "OVERLAP_TOLERANCE_SEC",
      "PITCH_CLASS_NAMES",
      "QUALITY_NAMES",
      "SHORTHANDS",
      "VOCABULARY_NAMES",
      "annotationFormatOf",
      "chordClass",
      "chordName",
      "chordQuality",
      "chordRoot",
      "classOfEncoded",
      "classOfOutput",
      "expandSimplifiedLabel",
      "findAnnotationFile",
      "framesToLab",
      "framesToSegments",
      "harteLabel",
      "isAnnotationPath",
      "isMinor",
      "labText",
      "labelToClass",
      "outputOfClass",
      "parseAnnotation",
      "parseCsv",
      "parseHarte",
      "parseJams",
      "parseLab",
      "pitchClassOf",
      "readAnnotation",
      "reduceChord",
      "transposeChordClass",
      "triadClass",
      "vocabularyClass",
      "vocabularyOf",
    ]);
  });
});

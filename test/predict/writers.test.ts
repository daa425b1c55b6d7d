/**
 * Frames → segments → .lab / CSV / JAMS. Segment times are derived by hand from the frame
 * convention (frame n covers [(n − ½)/rate, (n + ½)/rate), clamped to [0, duration]); the JAMS
 * document is checked against the rules of marl/jams' schemata (jams_schema.json: file_metadata
 * .duration ≥ 0; each annotation has annotation_metadata, namespace and data; each sparse
 * observation has time ≥ 0, duration ≥ 0, value, confidence) and namespaces/chord/chord.json
 * (the value pattern, copied below as the schema states it).
 */
import { describe, expect, it } from "vitest";
import { NO_CHORD } from "../../src/annotations/chordClasses.js";
import { parseLab } from "../../src/annotations/index.js";
import { framesToSegments } from "../../src/annotations/segments.js";
import { formatSegments, jamsDocument, type OutputContext } from "../../src/predict/writers.js";

// namespaces/chord/chord.json, "value.pattern" (JSON-unescaped)
const JAMS_CHORD_PATTERN = new RegExp(
  "^((N|X)|(([A-G](b*|#*))((:(maj|min|dim|aug|1|5|sus2|sus4|maj6|min6|7|maj7|min7|dim7|hdim7|minmaj7|aug7|9|maj9|min9|11|maj11|min11|13|maj13|min13)(\\((\\*?((b*|#*)([1-9]|1[0-3]?))(,\\*?((b*|#*)([1-9]|1[0-3]?)))*)\\))?)|(:\\((\\*?((b*|#*)([1-9]|1[0-3]?))(,\\*?((b*|#*)([1-9]|1[0-3]?)))*)\\)))?((/((b*|#*)([1-9]|1[0-3]?)))?)?))$",
);

const ctx: OutputContext = { durationSec: 1.05, title: "x.wav", modelSource: "test", chordtrainVersion: "0", settings: { smoothing: "hmm" } };

// 10 frames/s: N N C C C Am Am F# N N — duration 1.05 s (the last frame's half-hop is cut)
const frames = {
  classes: Int16Array.from([NO_CHORD, NO_CHORD, 0, 0, 0, 21, 21, 6, NO_CHORD, NO_CHORD]),
  confidence: [null, null, 0.5, 0.7, 0.9, 0.6, 0.8, 1, null, null],
};

describe("framesToSegments", () => {
  const segments = framesToSegments(frames, { frameRateHz: 10, durationSec: 1.05 });
  it("joins runs of equal frames and places boundaries half a hop before each frame centre", () => {
    expect(segments.map((s) => [s.startSec, s.endSec, s.label])).toEqual([
      [0, expect.closeTo(0.15, 12), "N"],
      [expect.closeTo(0.15, 12), expect.closeTo(0.45, 12), "C:maj"],
      [expect.closeTo(0.45, 12), expect.closeTo(0.65, 12), "A:min"],
      [expect.closeTo(0.65, 12), expect.closeTo(0.75, 12), "F#:maj"],
      [expect.closeTo(0.75, 12), 1.05, "N"],
    ]);
  });
  it("gives each chord segment the mean posterior of its frames, and N none", () => {
    expect(segments.map((s) => s.confidence)).toEqual([null, expect.closeTo(0.7, 12), expect.closeTo(0.7, 12), 1, null]);
  });
  it("covers [0, duration] without gaps or overlaps", () => {
    for (let i = 1; i < segments.length; i++) expect(segments[i].startSec).toBe(segments[i - 1].endSec);
  });
});

describe("formatSegments", () => {
  const segments = framesToSegments(frames, { frameRateHz: 10, durationSec: 1.05 });
  it("writes an Isophonics .lab that chordtrain's own reader reads back", () => {
    const text = formatSegments(segments, "lab", ctx);
    expect(text.split("\n")[1]).toBe("0.150000 0.450000 C:maj");
    const back = parseLab(text, { file: "x.lab", annotations: { dim: "min", aug: "maj" }, lenient: false }).spans;
    expect(back.map((s) => s.label)).toEqual(["N", "C:maj", "A:min", "F#:maj", "N"]);
    expect(back.map((s) => s.chord)).toEqual([NO_CHORD, 0, 21, 6, NO_CHORD]);
  });
  it("writes CSV start,end,label with a header", () => {
    const lines = formatSegments(segments, "csv", ctx).trim().split("\n");
    expect(lines[0]).toBe("start,end,label");
    expect(lines[3]).toBe("0.450000,0.650000,A:min");
    expect(lines).toHaveLength(6);
  });
  it("writes JAMS that satisfies the JAMS schema's rules for a chord annotation", () => {
    const doc = JSON.parse(formatSegments(segments, "jams", ctx));
    expect(typeof doc.file_metadata.duration).toBe("number");
    expect(doc.file_metadata.duration).toBe(1.05);
    expect(Array.isArray(doc.annotations)).toBe(true);
    expect(doc.annotations).toHaveLength(1);
    const ann = doc.annotations[0];
    expect(ann.namespace).toBe("chord");
    expect(typeof ann.annotation_metadata).toBe("object");
    expect(ann.annotation_metadata.curator).toEqual({ name: "", email: "" }); // Curator requires both
    expect(typeof ann.sandbox).toBe("object");
    for (const key of ["version", "annotation_tools", "annotation_rules", "validation", "data_source", "corpus"]) {
      expect(typeof ann.annotation_metadata[key], key).toBe("string");
    }
    expect(ann.data).toHaveLength(5);
    for (const obs of ann.data) {
      expect(Object.keys(obs).sort()).toEqual(["confidence", "duration", "time", "value"]);
      expect(obs.time).toBeGreaterThanOrEqual(0);
      expect(obs.duration).toBeGreaterThanOrEqual(0);
      expect(obs.value).toMatch(JAMS_CHORD_PATTERN);
      expect(obs.time + obs.duration).toBeLessThanOrEqual(doc.file_metadata.duration + 1e-9);
    }
    expect(ann.data[2]).toEqual({ time: 0.45, duration: 0.2, value: "A:min", confidence: 0.7 });
    expect(ann.time).toBe(0);
    expect(ann.duration).toBe(1.05);
  });
  it("the chord pattern accepts every label predict can emit and rejects chordtrain's short names", () => {
    const labels = jamsDocument(framesToSegments({ classes: Int16Array.from({ length: 25 }, (_, i) => i - 1), confidence: new Array(25).fill(0.5) }, { frameRateHz: 10, durationSec: 2.5 }), ctx);
    const values = ((labels.annotations as { data: { value: string }[] }[])[0].data).map((d) => d.value);
    expect(values).toHaveLength(25);
    for (const v of values) expect(v).toMatch(JAMS_CHORD_PATTERN);
    expect("Am").not.toMatch(JAMS_CHORD_PATTERN);
  });
});

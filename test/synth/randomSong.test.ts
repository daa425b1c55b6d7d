import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { labelToClass, parseHarte } from "../../src/annotations/index.js";
import { encodeWav } from "../../src/audio/encodeWav.js";
import { generateSong, generateSpans, randomSongPlan } from "../../src/synth/index.js";
import type { LabSpan } from "../../src/synth/index.js";

const SONGS = 60;
const plans = Array.from({ length: SONGS }, (_, i) => randomSongPlan(3, i, { durationSec: 90 }));
const spansOf = plans.map((p) => generateSpans(p.spec, { seed: 3 }));

/** Minor share of major + minor chord time, read back from the labels with the annotation reader's reduction. */
function minorShareOf(spans: LabSpan[]): number {
  let major = 0;
  let minor = 0;
  for (const s of spans) {
    const c = labelToClass(s.label, { dim: "min", aug: "maj" });
    if (c < 0) continue;
    if (c < 12) major += s.endSec - s.startSec;
    else minor += s.endSec - s.startSec;
  }
  return minor / (major + minor);
}

describe("randomSongPlan", () => {
  // Tolerance: a section of 32 beats cannot hit a share finer than its chords (1–8 beats each),
  // and the song ends on a major V–I; songs cut mid-form repeat sections unequally.
  it("the minor share drawn for a song is the one its .lab shows (each within 0.08, median within 0.03)", () => {
    const errors = plans.map((p, i) => Math.abs(minorShareOf(spansOf[i]) - p.minorShare));
    errors.forEach((e, i) => expect(e, plans[i].spec.name).toBeLessThan(0.08));
    expect([...errors].sort((a, b) => a - b)[SONGS / 2]).toBeLessThan(0.03);
  });

  it("spans the range the benchmark needs: songs with no minor chord, songs near 40 % minor, many keys and tempi", () => {
    const shares = spansOf.map(minorShareOf);
    expect(shares.filter((s) => s === 0).length).toBeGreaterThanOrEqual(5);
    expect(shares.filter((s) => s >= 0.33).length).toBeGreaterThanOrEqual(5);
    expect(new Set(plans.map((p) => p.spec.keyPc)).size).toBe(12);
    const tempi = plans.map((p) => p.spec.tempoBpm);
    expect(Math.max(...tempi) - Math.min(...tempi)).toBeGreaterThan(50);
  });

  it("writes only labels that parse as Harte, with sevenths, inversions and sus chords among them", () => {
    const labels = new Set(spansOf.flat().map((s) => s.label));
    for (const label of labels) expect(() => parseHarte(label), label).not.toThrow();
    const all = [...labels];
    expect(all.some((l) => /:(7|min7|maj7)(\/|$)/.test(l))).toBe(true);
    expect(all.some((l) => l.includes("/"))).toBe(true);
    expect(all.some((l) => l.includes(":sus"))).toBe(true);
    expect(all.some((l) => l.includes(":hdim7") || l.includes(":dim"))).toBe(true);
  });

  it("is deterministic per (seed, index) and differs between indices and seeds", () => {
    expect(randomSongPlan(3, 7)).toEqual(randomSongPlan(3, 7));
    expect(JSON.stringify(randomSongPlan(3, 7).spec.sections)).not.toBe(JSON.stringify(randomSongPlan(3, 8).spec.sections));
    expect(JSON.stringify(randomSongPlan(4, 7).spec.sections)).not.toBe(JSON.stringify(randomSongPlan(3, 7).spec.sections));
  });

  it("renders byte-identical WAV for the same seed, different for another seed", () => {
    const wav = (seed: number): string => {
      const { spec } = randomSongPlan(seed, 1, { durationSec: 25 });
      const song = generateSong(spec, { seed });
      return createHash("sha256").update(encodeWav([song.samples], { sampleRate: song.sampleRate, encoding: "pcm16" })).digest("hex");
    };
    expect(wav(5)).toBe(wav(5));
    expect(wav(5)).not.toBe(wav(6));
  });
});

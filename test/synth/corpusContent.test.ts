/**
 * What the full-length corpus (default options) contains, checked on its labels alone: the
 * Beatles-like proportions and vocabulary the corpus is meant to stand in for.
 */
import { describe, expect, it } from "vitest";
import { generateSpans, intendedClass, SONGS, type LabSpan } from "../../src/synth/index.js";

const corpus = SONGS.map((spec, i) => ({ name: spec.name, spans: generateSpans(i) }));
const seconds = (s: LabSpan): number => s.endSec - s.startSec;

function classSeconds(spans: LabSpan[]): { major: number; minor: number; none: number } {
  const out = { major: 0, minor: 0, none: 0 };
  for (const s of spans) {
    const c = intendedClass(s.label);
    out[c < 0 ? "none" : c < 12 ? "major" : "minor"] += seconds(s);
  }
  return out;
}

describe("the built-in corpus (default options)", () => {
  it("has the four songs in order", () => {
    expect(corpus.map((s) => s.name)).toEqual(["ballad_in_c", "sunrise_in_a", "ska_in_bb", "march_in_b"]);
  });

  it("gives each song the length of the song it stands in for: 55 segments of 150 frames in all", () => {
    expect(corpus.map((s) => s.spans.at(-1)!.endSec)).toEqual([243, 186, 189, 183]);
    const frameRateHz = 22050 / 2048;
    const segments = corpus.map((s) => {
      const chordSec = s.spans.at(-1)!.startSec - s.spans[0].endSec; // leading/trailing N trimmed
      return Math.floor((chordSec * frameRateHz) / 150);
    });
    expect(segments.reduce((a, b) => a + b)).toBe(55);
  });

  it("is mostly major like the Beatles training set (90.6 % major, 9.4 % minor)", () => {
    const totals = corpus.map((s) => classSeconds(s.spans)).reduce((a, b) => ({
      major: a.major + b.major,
      minor: a.minor + b.minor,
      none: a.none + b.none,
    }));
    const majorShare = totals.major / (totals.major + totals.minor);
    expect(majorShare).toBeGreaterThan(0.84);
    expect(majorShare).toBeLessThan(0.91);
    for (const song of corpus) {
      const c = classSeconds(song.spans);
      expect(c.minor / (c.major + c.minor), song.name).toBeGreaterThan(0.02);
    }
  });

  it("has chords lasting about a bar or half a bar", () => {
    for (const song of corpus) {
      const durations = song.spans.filter((s) => s.label !== "N").map(seconds).sort((a, b) => a - b);
      const median = durations[Math.floor(durations.length / 2)];
      expect(median, song.name).toBeGreaterThan(0.9);
      expect(median, song.name).toBeLessThan(2.4);
      expect(durations[0], song.name).toBeGreaterThan(0.4);
    }
  });

  it("uses a vocabulary that exercises the label reduction", () => {
    const labels = new Set(corpus.flatMap((s) => s.spans.map((x) => x.label)));
    const has = (re: RegExp): boolean => [...labels].some((l) => re.test(l));
    for (const re of [/:7$/, /:maj7$/, /:min7$/, /:maj6$/, /:sus4/, /:sus2/, /:hdim7$/, /\/3$/, /\/5$/, /\/b7$/, /\(b7\)/, /^[A-G]b/]) {
      expect(has(re), String(re)).toBe(true);
    }
  });

  it("has a few no-chord passages inside a song, and sus chords that reduce to no chord", () => {
    const inner = corpus.flatMap((s) => s.spans.slice(1, -1)).filter((s) => s.label === "N");
    expect(inner.length).toBeGreaterThanOrEqual(1);
    const sus = corpus.flatMap((s) => s.spans).filter((s) => s.label.includes("sus"));
    expect(sus.length).toBeGreaterThan(10);
    expect(sus.every((s) => intendedClass(s.label) === -1)).toBe(true);
  });

  it("repeats its progressions (verse/chorus form): label sequences recur", () => {
    for (const song of corpus) {
      const labels = song.spans.map((s) => s.label);
      const eight = new Map<string, number>();
      for (let k = 0; k + 8 <= labels.length; k++) {
        const key = labels.slice(k, k + 8).join(" ");
        eight.set(key, (eight.get(key) ?? 0) + 1);
      }
      expect(Math.max(...eight.values()), song.name).toBeGreaterThanOrEqual(3);
    }
  });
});

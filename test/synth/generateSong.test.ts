import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateSong, generateSpans, SONGS } from "../../src/synth/index.js";

const sha = (x: Float32Array): string => createHash("sha256").update(new Uint8Array(x.buffer, x.byteOffset, x.byteLength)).digest("hex");

describe("generateSong", () => {
  it("is deterministic: the same options give bit-identical samples and spans", () => {
    const a = generateSong(1, { seconds: 25, seed: 7 });
    const b = generateSong(1, { seconds: 25, seed: 7 });
    expect(sha(a.samples)).toBe(sha(b.samples));
    expect(a.spans).toEqual(b.spans);
  });

  it("gives different audio for a different seed", () => {
    const a = generateSong(0, { seconds: 25, seed: 0 });
    const b = generateSong(0, { seconds: 25, seed: 1 });
    expect(sha(a.samples)).not.toBe(sha(b.samples));
  });

  it.each(SONGS.map((s, i) => [s.name, i] as const))("%s lasts exactly `seconds` at the requested rate", (name, i) => {
    const song = generateSong(i, { seconds: 30, sampleRate: 16000 });
    expect(song.name).toBe(name);
    expect(song.sampleRate).toBe(16000);
    expect(song.samples.length).toBe(30 * 16000);
    expect(song.spans.at(-1)!.endSec).toBe(30);
  });

  it("keeps the samples in [-1, 1] and not silent", () => {
    const { samples } = generateSong(2, { seconds: 30 });
    let peak = 0;
    let energy = 0;
    for (const x of samples) {
      peak = Math.max(peak, Math.abs(x));
      energy += x * x;
    }
    expect(peak).toBeLessThanOrEqual(1);
    expect(peak).toBeGreaterThan(0.5);
    expect(Math.sqrt(energy / samples.length)).toBeGreaterThan(0.03);
  });

  it("labels the whole song without gaps: N first and last, chords in between", () => {
    for (let i = 0; i < SONGS.length; i++) {
      const spans = generateSpans(i, { seconds: 60, seed: 3 });
      expect(spans[0]).toMatchObject({ startSec: 0, label: "N" });
      expect(spans[0].endSec).toBeGreaterThan(0.1);
      expect(spans[0].endSec).toBeLessThan(1);
      expect(spans.at(-1)).toMatchObject({ endSec: 60, label: "N" });
      for (let k = 1; k < spans.length; k++) {
        expect(spans[k].startSec).toBe(spans[k - 1].endSec);
        expect(spans[k].endSec).toBeGreaterThan(spans[k].startSec);
      }
    }
  });

  it("generateSpans returns what generateSong labels", () => {
    expect(generateSpans(3, { seconds: 40, seed: 2 })).toEqual(generateSong(3, { seconds: 40, seed: 2 }).spans);
  });

  it.each([
    [{ seconds: 5 }, /seconds must be between/],
    [{ seed: -1 }, /seed must be a non-negative integer/],
    [{ seed: 1.5 }, /seed must be a non-negative integer/],
    [{ sampleRate: 8000 }, /sampleRate must be an integer/],
  ])("rejects %j", (options, message) => {
    expect(() => generateSong(0, options)).toThrow(message);
  });

  it("rejects an unknown song index", () => {
    expect(() => generateSong(4)).toThrow(/no built-in song 4/);
  });
});

import { describe, expect, it } from "vitest";
import { cutSegments, segmentCount } from "../../src/dataset/segments.js";
import { makeSong } from "./fixtures.js";

describe("cutSegments", () => {
  const cases = [
    { name: "1000 frames → 6 × 150, tail of 100 dropped", nFrames: 1000, length: 150, hop: 150, want: 6 },
    { name: "exactly one segment", nFrames: 150, length: 150, hop: 150, want: 1 },
    { name: "shorter than a segment → none", nFrames: 149, length: 150, hop: 150, want: 0 },
    { name: "overlapping hop 75: starts 0, 75, …, 825", nFrames: 1000, length: 150, hop: 75, want: 12 },
    { name: "empty song", nFrames: 0, length: 150, hop: 150, want: 0 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const song = makeSong("s", new Array(c.nFrames).fill(0));
      const segments = cutSegments(song, { segmentLength: c.length, segmentHop: c.hop });
      expect(segments).toHaveLength(c.want);
      expect(segmentCount(c.nFrames, { segmentLength: c.length, segmentHop: c.hop })).toBe(c.want);
      segments.forEach((s, k) => {
        expect(s.index).toBe(k);
        expect(s.startFrame).toBe(k * c.hop);
        expect(s.labels).toHaveLength(c.length);
        expect(s.chroma).toHaveLength(c.length * 12);
      });
    });
  }

  it("copies the right frames, labels and train labels, and places startSec in the untrimmed audio", () => {
    const labels = Array.from({ length: 10 }, (_, n) => n % 24);
    const trainLabels = labels.map((l) => (l + 1) % 24);
    const song = makeSong("s", labels, { trainLabels, frameRateHz: 4, frameOffset: 6 });
    const [, second] = cutSegments(song, { segmentLength: 4, segmentHop: 4 });
    expect(second.startFrame).toBe(4);
    expect(second.startSec).toBe((4 + 6) / 4);
    expect(second.frameRateHz).toBe(4);
    expect(Array.from(second.labels)).toEqual([4, 5, 6, 7]);
    expect(Array.from(second.trainLabels)).toEqual([5, 6, 7, 8]);
    expect(second.chroma[0]).toBe(4); // chroma row n is filled with n
    expect(second.chroma[12 * 3 + 11]).toBe(7);
    second.labels[0] = 99; // a copy: the song is untouched
    expect(song.labels[4]).toBe(4);
  });
});

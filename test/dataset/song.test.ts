import { describe, expect, it } from "vitest";
import { NO_CHORD as N } from "../../src/annotations/chordClasses.js";
import { buildSong } from "../../src/dataset/song.js";
import { span } from "./fixtures.js";

// 10 frames/s, 12 frames; chroma row n filled with n so the kept rows can be traced.
const nFrames = 12;
const data = new Float32Array(nFrames * 12);
for (let n = 0; n < nFrames; n++) data.fill(n, n * 12, (n + 1) * 12);
const source = {
  name: "song",
  audioFile: "song.wav",
  annotationFile: "song.lab",
  chroma: { data, nFrames, frameRateHz: 10 },
  spans: [span(0, 0.3, N), span(0.3, 0.5, 0), span(0.5, 0.6, N), span(0.6, 0.9, 16), span(0.9, 1.2, N)],
};
const neutral = { jitterSec: 0, offsetSec: 0, stretch: 1 };

describe("buildSong", () => {
  it("trims leading/trailing N of the clean labels, keeps inner N, records frameOffset", () => {
    const song = buildSong(source, { dataset: { trimNoChord: true }, distortion: neutral, seed: 0 });
    expect(Array.from(song.labels)).toEqual([0, 0, N, 16, 16, 16]);
    expect(song.frameOffset).toBe(3);
    expect(song.chroma.nFrames).toBe(6);
    expect(song.chroma.data).toHaveLength(6 * 12);
    expect(song.chroma.data[0]).toBe(3);
    expect(song.chroma.data[6 * 12 - 1]).toBe(8);
    expect(song.trainLabels).toBe(song.labels); // same array when distortion is off
    expect(song.spans).toBe(source.spans);
  });

  it("trimNoChord false keeps every frame", () => {
    const song = buildSong(source, { dataset: { trimNoChord: false }, distortion: neutral, seed: 0 });
    expect(song.labels).toHaveLength(12);
    expect(song.frameOffset).toBe(0);
  });

  it("distortion changes only trainLabels, trimmed by the clean range", () => {
    const song = buildSong(source, { dataset: { trimNoChord: true }, distortion: { ...neutral, offsetSec: 0.2 }, seed: 0 });
    expect(Array.from(song.labels)).toEqual([0, 0, N, 16, 16, 16]);
    // shifted 2 frames later: frames 3..8 of [N N N N N 0 0 N 16 16 16 N]
    expect(Array.from(song.trainLabels)).toEqual([N, N, 0, 0, N, 16]);
  });

  it("jittered train labels are seeded per song name", () => {
    const cfg = { dataset: { trimNoChord: true }, distortion: { ...neutral, jitterSec: 0.15 }, seed: 4 };
    const a = buildSong(source, cfg).trainLabels;
    expect(buildSong(source, cfg).trainLabels).toEqual(a);
    const differs = [1, 2, 3, 5, 6, 7, 8].some((seed) => buildSong(source, { ...cfg, seed }).trainLabels.join() !== a.join());
    expect(differs).toBe(true);
  });

  it("a song without chords keeps no frames", () => {
    const song = buildSong({ ...source, spans: [span(0, 2, N)] }, { dataset: { trimNoChord: true }, distortion: neutral, seed: 0 });
    expect(song.chroma.nFrames).toBe(0);
    expect(song.labels).toHaveLength(0);
  });
});

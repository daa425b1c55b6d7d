import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_CHORD } from "../../src/annotations/chordClasses.js";
import { readAnnotation } from "../../src/annotations/index.js";
import { ConfigSchema } from "../../src/config/schema.js";
import { frameLabels } from "../../src/dataset/frameLabels.js";
import { loadCorpus } from "../../src/dataset/loadCorpus.js";
import type { Song } from "../../src/dataset/types.js";
import { collectWarnings, InputError } from "../../src/errors.js";
import { makeTinyCorpus } from "../helpers/corpus.js";
import { tmpFolder } from "../helpers/tmp.js";

const config = (dir: string, over: Record<string, unknown> = {}) =>
  ConfigSchema.parse({ data: { dir, cache: false }, ...over });

describe("loadCorpus end to end on a generated corpus", () => {
  let dir = "";
  let songs: Song[] = [];
  const progress: [number, number, string][] = [];

  beforeAll(async () => {
    dir = await makeTinyCorpus({ songs: 2, seconds: 20, seed: 1 });
    songs = await loadCorpus(config(dir), collectWarnings(), (done, total, song) => progress.push([done, total, song]));
  });
  afterAll(() => rmSync(dirname(dir), { recursive: true, force: true }));

  it("one song per WAV, in name order, with progress after each", () => {
    const wavs = readdirSync(dir).filter((f) => f.endsWith(".wav")).sort();
    expect(songs.map((s) => `${s.name}.wav`)).toEqual(wavs);
    expect(progress).toEqual(songs.map((s, i) => [i + 1, songs.length, s.name]));
    for (const s of songs) {
      expect(s.audioFile).toBe(join(dir, `${s.name}.wav`));
      expect(s.annotationFile).toBe(join(dir, `${s.name}.lab`));
    }
  });

  it("labels are the annotation at the frame centres of the kept frames, trimmed of outer N", () => {
    for (const s of songs) {
      const { spans } = readAnnotation(s.annotationFile, { annotations: config(dir).annotations, lenient: false });
      const { nFrames, frameRateHz, data } = s.chroma;
      expect(frameRateHz).toBeCloseTo(22050 / 2048, 9);
      expect(nFrames).toBeGreaterThan(150);
      expect(data).toHaveLength(nFrames * 12);
      expect(s.labels).toHaveLength(nFrames);
      expect(s.labels[0]).not.toBe(NO_CHORD);
      expect(s.labels[nFrames - 1]).not.toBe(NO_CHORD);
      const full = frameLabels(spans, s.frameOffset + nFrames, frameRateHz);
      expect(Array.from(s.labels)).toEqual(Array.from(full.subarray(s.frameOffset)));
      expect(full.subarray(0, s.frameOffset).every((c) => c === NO_CHORD)).toBe(true);
      expect(s.trainLabels).toBe(s.labels);
      expect(s.spans).toEqual(spans);
    }
  });

  it("distortion changes the training labels only, the same way for the same seed", async () => {
    const over = { distortion: { jitterSec: 0.5, offsetSec: 0.3 }, seed: 3 };
    const a = await loadCorpus(config(dir, over));
    const b = await loadCorpus(config(dir, over));
    a.forEach((s, i) => {
      expect(Array.from(s.labels)).toEqual(Array.from(songs[i].labels));
      expect(s.frameOffset).toBe(songs[i].frameOffset);
      expect(Array.from(s.trainLabels)).not.toEqual(Array.from(s.labels));
      expect(Array.from(s.trainLabels)).toEqual(Array.from(b[i].trainLabels));
    });
  });

  it("accepts an upper-case .WAV extension", async () => {
    const other = tmpFolder();
    const name = songs[0].name;
    copyFileSync(songs[0].audioFile, join(other, `${name}.WAV`));
    copyFileSync(songs[0].annotationFile, join(other, `${name}.lab`));
    const [song] = await loadCorpus(config(other));
    expect(song.name).toBe(name);
    expect(Array.from(song.labels)).toEqual(Array.from(songs[0].labels));
    rmSync(other, { recursive: true, force: true });
  });

  it("a WAV without an annotation is an InputError naming the WAV", async () => {
    const other = tmpFolder();
    copyFileSync(songs[0].audioFile, join(other, "lonely.wav"));
    const run = loadCorpus(config(other));
    await expect(run).rejects.toThrow(InputError);
    await expect(loadCorpus(config(other))).rejects.toThrow(/1 audio file without an annotation \(".*lonely\.wav"\)/);
    rmSync(other, { recursive: true, force: true });
  });
});

describe("loadCorpus: folder errors", () => {
  const made: string[] = [];
  const folder = (files: Record<string, string> = {}): string => {
    const dir = tmpFolder(files);
    made.push(dir);
    return dir;
  };
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("a missing data.dir is named", async () => {
    const missing = join(folder(), "nope");
    await expect(loadCorpus(config(missing))).rejects.toThrow(InputError);
    await expect(loadCorpus(config(missing))).rejects.toThrow(`data.dir "${missing}" does not exist`);
  });

  it("a folder without audio files is named", async () => {
    const dir = folder({ "song.lab": "0 1 C\n", "notes.txt": "x" });
    mkdirSync(join(dir, "sub.wav.d"));
    await expect(loadCorpus(config(dir))).rejects.toThrow(`data.dir "${dir}" has no audio files (.wav .flac`);
  });

  it("data.dir pointing at a file", async () => {
    const dir = folder({ "a.wav": "" });
    await expect(loadCorpus(config(join(dir, "a.wav")))).rejects.toThrow(/is not a folder/);
  });

  it("two WAVs giving the same song name", async () => {
    const dir = folder({ "a.wav": "", "a.WAV": "" });
    if (readdirSync(dir).length < 2) return; // a case-insensitive file system holds one file
    await expect(loadCorpus(config(dir))).rejects.toThrow(/are both the audio of song "a"; keep exactly one/);
  });
});

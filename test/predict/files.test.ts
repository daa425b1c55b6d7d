/** Which files predict reads and where it writes: recursion, mirrored folders, collisions, no overwrite. */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { checkNoOverwrite, planOutputs } from "../../src/predict/files.js";
import { tmpFolder } from "../helpers/tmp.js";

describe("planOutputs", () => {
  it("searches folders recursively (sorted, any case of extension, hidden entries skipped) and mirrors their layout", () => {
    const dir = tmpFolder({
      "album/CD2/01 Intro.FLAC": "",
      "album/CD1/01 Intro.wav": "",
      "album/CD1/cover.jpg": "",
      "album/CD1/01 Intro.lab": "",
      "album/.hidden/x.wav": "",
      "album/notes.mp3": "",
    });
    const plan = planOutputs([join(dir, "album")], { outDir: "out", format: "jams" });
    expect(plan).toEqual([
      { audio: join(dir, "album/CD1/01 Intro.wav"), output: join("out", "CD1/01 Intro.jams") },
      { audio: join(dir, "album/CD2/01 Intro.FLAC"), output: join("out", "CD2/01 Intro.jams") },
      { audio: join(dir, "album/notes.mp3"), output: join("out", "notes.jams") },
    ]);
  });

  it("writes a file argument to <out>/<stem>.<format>", () => {
    const dir = tmpFolder({ "a/song.ogg": "" });
    expect(planOutputs([join(dir, "a/song.ogg")], { outDir: "o", format: "lab" })).toEqual([
      { audio: join(dir, "a/song.ogg"), output: join("o", "song.lab") },
    ]);
  });

  it("refuses two inputs that would write the same output, naming both", () => {
    const dir = tmpFolder({ "a/song.wav": "", "b/song.mp3": "", "c/x.wav": "", "c/x.flac": "" });
    expect(() => planOutputs([join(dir, "a/song.wav"), join(dir, "b/song.mp3")], { outDir: "o", format: "lab" })).toThrow(
      `${join(dir, "a/song.wav")} and ${join(dir, "b/song.mp3")} would both be written to ${join("o", "song.lab")}`,
    );
    expect(() => planOutputs([join(dir, "c")], { outDir: "o", format: "lab" })).toThrow(/x\.flac and .*x\.wav would both be written/);
  });

  it("refuses a missing path, a non-audio file and a folder without audio, one line each", () => {
    const dir = tmpFolder({ "t.txt": "", "empty/readme.md": "" });
    expect(() => planOutputs([join(dir, "nope.wav")], { outDir: "o", format: "lab" })).toThrow(`${join(dir, "nope.wav")}: no such audio file or folder`);
    expect(() => planOutputs([join(dir, "t.txt")], { outDir: "o", format: "lab" })).toThrow(`${join(dir, "t.txt")}: not an audio file`);
    expect(() => planOutputs([join(dir, "empty")], { outDir: "o", format: "lab" })).toThrow(`${join(dir, "empty")}: no audio files`);
    expect(() => planOutputs([], { outDir: "o", format: "lab" })).toThrow("no audio files or folders given");
  });
});

describe("checkNoOverwrite", () => {
  it("names the first existing output unless forced", () => {
    const dir = tmpFolder({ "out/b.lab": "old" });
    const plan = [
      { audio: "a.wav", output: join(dir, "out/a.lab") },
      { audio: "b.wav", output: join(dir, "out/b.lab") },
    ];
    expect(() => checkNoOverwrite(plan, false)).toThrow(`${join(dir, "out/b.lab")}: output exists (use --force to overwrite)`);
    expect(() => checkNoOverwrite(plan, true)).not.toThrow();
    expect(() => checkNoOverwrite(plan.slice(0, 1), false)).not.toThrow();
  });
});

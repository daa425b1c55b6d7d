/**
 * data.manifest: absolute paths are kept as they are (not joined onto the manifest's folder), and
 * the header's column names match in any case (`Audio,Annotation`, `AUDIO,annotation,Name`).
 * Discovery never reads audio, so the planted files are empty stand-ins.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataSchema } from "../../src/config/schema.js";
import { discoverSongs } from "../../src/dataset/discover.js";
import { readManifest } from "../../src/dataset/manifest.js";
import { tmpFolder } from "../helpers/tmp.js";
import { inputErrorOf } from "../helpers/errors.js";

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const plant = (files: Record<string, string>): string => {
  const dir = tmpFolder(files, "chordtrain-manifest-");
  made.push(dir);
  return dir;
};
const data = (over: Record<string, unknown>) => DataSchema.parse(over);

describe("absolute paths in a manifest", () => {
  // The audio and annotations live in one folder, the manifest in an unrelated one.
  const library = plant({ "flac/06 Let It Be.flac": "", "chordlab/06 Let It Be.lab": "", "flac/01 Two of Us.flac": "", "chordlab/01 Two of Us.lab": "" });
  const lists = plant({});

  it("are used as they are, also mixed with relative ones", () => {
    const manifest = join(lists, "sub", "m.csv");
    const csv = [
      "audio,annotation,name",
      `"${library}/flac/06 Let It Be.flac","${library}/chordlab/06 Let It Be.lab",Let It Be`,
      // relative to the manifest's folder: ../../<library folder>/flac/…
      `"${relative(dirname(manifest), library)}/flac/01 Two of Us.flac","${library}/chordlab/01 Two of Us.lab",Two of Us`,
    ].join("\n");
    plantFile(manifest, csv);
    const songs = discoverSongs(data({ manifest }));
    expect(songs).toEqual([
      { name: "Let It Be", audioFile: `${library}/flac/06 Let It Be.flac`, annotationFile: `${library}/chordlab/06 Let It Be.lab` },
      { name: "Two of Us", audioFile: `${library}/flac/01 Two of Us.flac`, annotationFile: `${library}/chordlab/01 Two of Us.lab` },
    ]);
  });

  it("a missing absolute path is reported as that path, not joined onto the manifest's folder", () => {
    const manifest = join(lists, "missing.csv");
    plantFile(manifest, `audio,annotation\n${library}/flac/nope.flac,${library}/chordlab/06 Let It Be.lab\n`);
    const found = readManifest(manifest);
    expect(found.songs).toEqual([]);
    expect(found.unpaired.missing).toEqual([`${manifest}:2: audio "${library}/flac/nope.flac"`]);
  });
});

describe("the header's case does not matter", () => {
  const tree = (csv: string) =>
    plant({ "a/one.flac": "", "a/one.lab": "", "a/two.flac": "", "a/two.lab": "", "m.csv": csv });

  it.each([
    ["Audio,Annotation", "Audio,Annotation\na/one.flac,a/one.lab\na/two.flac,a/two.lab\n", ["one", "two"]],
    ["AUDIO,ANNOTATION", "AUDIO,ANNOTATION\na/one.flac,a/one.lab\na/two.flac,a/two.lab\n", ["one", "two"]],
    ["annotation,AUDIO,Name (any order)", "annotation,AUDIO,Name\na/one.lab,a/one.flac,First\na/two.lab,a/two.flac,Second\n", ["First", "Second"]],
  ])("%s", (_, csv, names) => {
    const root = tree(csv);
    const songs = discoverSongs(data({ manifest: join(root, "m.csv") }));
    expect(songs.map((s) => s.name)).toEqual(names);
    // the columns are matched by name, not position: the audio column gives the audio file
    expect(songs.map((s) => [s.audioFile.slice(root.length + 1), s.annotationFile.slice(root.length + 1)])).toEqual([
      ["a/one.flac", "a/one.lab"],
      ["a/two.flac", "a/two.lab"],
    ]);
  });

  it("a column named twice in different case is refused, naming manifest:1", () => {
    const root = tree("audio,Audio,annotation\na/one.flac,a/one.flac,a/one.lab\n");
    const m = join(root, "m.csv");
    expect(inputErrorOf(() => discoverSongs(data({ manifest: m }))).message).toBe(
      `${m}:1: expected a header with columns audio,annotation and optionally name, got "audio,Audio,annotation"`,
    );
  });
});

function plantFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

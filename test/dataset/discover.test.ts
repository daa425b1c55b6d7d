/**
 * Song discovery on planted trees: every layout finds exactly the planted pairs with the expected
 * names; unpaired files, duplicates and bad manifests are one-line errors naming the files.
 * Discovery never reads audio, so the planted files are empty stand-ins.
 */
import { rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataSchema } from "../../src/config/schema.js";
import { dataLayout, discoverSongs } from "../../src/dataset/discover.js";
import { collectWarnings, InputError } from "../../src/errors.js";
import { tmpFolder } from "../helpers/tmp.js";
import { inputErrorOf } from "../helpers/errors.js";

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const plant = (files: string[] | Record<string, string>): string => {
  const dir = tmpFolder(Array.isArray(files) ? Object.fromEntries(files.map((f) => [f, ""])) : files, "chordtrain-discover-");
  made.push(dir);
  return dir;
};
const data = (over: Record<string, unknown>) => DataSchema.parse(over);
const rel = (root: string, songs: { name: string; audioFile: string; annotationFile: string }[]) =>
  songs.map((s) => [s.name, s.audioFile.slice(root.length + 1), s.annotationFile.slice(root.length + 1)]);

const BEATLES = "The Beatles/12_-_Let_It_Be";

describe("data.dir: recursive, annotation beside its audio", () => {
  it("finds songs at any depth in every format, named by stem, sorted by name; hidden files ignored", () => {
    const root = plant([
      `${BEATLES}/06_-_Let_It_Be.flac`, `${BEATLES}/06_-_Let_It_Be.lab`,
      "White Album/Disc 1/04 Ob-La-Di, Ob-La-Da.mp3", "White Album/Disc 1/04 Ob-La-Di, Ob-La-Da.jams",
      "Abbey Road/Here Comes the Sun (Remaster) – Señor's.m4a", "Abbey Road/Here Comes the Sun (Remaster) – Señor's.csv",
      "a.ogg", "a.lab", "b.OPUS", "b.lab", "c.aiff", "c.lab", "d.WAV", "d.lab",
      "Abbey Road/._Here Comes the Sun.m4a", ".cache/x.flac", "cover.jpg", "notes.txt",
    ]);
    expect(rel(root, discoverSongs(data({ dir: root })))).toEqual([
      ["04 Ob-La-Di, Ob-La-Da", "White Album/Disc 1/04 Ob-La-Di, Ob-La-Da.mp3", "White Album/Disc 1/04 Ob-La-Di, Ob-La-Da.jams"],
      ["06_-_Let_It_Be", `${BEATLES}/06_-_Let_It_Be.flac`, `${BEATLES}/06_-_Let_It_Be.lab`],
      ["Here Comes the Sun (Remaster) – Señor's", "Abbey Road/Here Comes the Sun (Remaster) – Señor's.m4a", "Abbey Road/Here Comes the Sun (Remaster) – Señor's.csv"],
      ["a", "a.ogg", "a.lab"],
      ["b", "b.OPUS", "b.lab"],
      ["c", "c.aiff", "c.lab"],
      ["d", "d.WAV", "d.lab"],
    ]);
  });

  it("an annotation in another folder than its audio does not pair", () => {
    const root = plant(["x/song.flac", "y/song.lab"]);
    expect(() => discoverSongs(data({ dir: root }))).toThrow(
      `data.dir "${root}": 2 unpaired: 1 audio file without an annotation ("${root}/x/song.flac"); 1 annotation without audio ("${root}/y/song.lab")`,
    );
  });

  it("follows a symlinked album folder once, even with a link loop", () => {
    const root = plant(["real/s.flac", "real/s.lab"]);
    const other = plant([]);
    symlinkSync(join(root, "real"), join(other, "linked"));
    symlinkSync(other, join(other, "linked", "loop"));
    expect(rel(other, discoverSongs(data({ dir: other })))).toEqual([["s", "linked/s.flac", "linked/s.lab"]]);
  });
});

describe("data.audioDir + data.annotationDir: paired by relative path without extension", () => {
  it("the Isophonics layout", () => {
    const root = plant([
      `audio/${BEATLES}/06_-_Let_It_Be.flac`, `chordlab/${BEATLES}/06_-_Let_It_Be.lab`,
      `audio/${BEATLES}/01_-_Two_of_Us.mp3`, `chordlab/${BEATLES}/01_-_Two_of_Us.lab`,
    ]);
    const songs = discoverSongs(data({ audioDir: join(root, "audio"), annotationDir: join(root, "chordlab") }));
    expect(rel(root, songs)).toEqual([
      ["01_-_Two_of_Us", `audio/${BEATLES}/01_-_Two_of_Us.mp3`, `chordlab/${BEATLES}/01_-_Two_of_Us.lab`],
      ["06_-_Let_It_Be", `audio/${BEATLES}/06_-_Let_It_Be.flac`, `chordlab/${BEATLES}/06_-_Let_It_Be.lab`],
    ]);
  });

  it("unpaired files on both sides: an error with counts, or skipped with a warning", () => {
    const root = plant(["audio/A/1.flac", "audio/A/2.flac", "audio/B/3.flac", "labs/A/1.lab", "labs/B/4.lab", "labs/A/2.jams"]);
    const cfg = { audioDir: join(root, "audio"), annotationDir: join(root, "labs") };
    expect(() => discoverSongs(data(cfg))).toThrow(InputError);
    expect(() => discoverSongs(data(cfg))).toThrow(/: 2 unpaired: 1 audio file without an annotation \(".*audio\/B\/3\.flac"\); 1 annotation without audio \(".*labs\/B\/4\.lab"\) \(set data.unpaired: skip/);
    const warnings = collectWarnings();
    const songs = discoverSongs(data({ ...cfg, unpaired: "skip" }), warnings);
    expect(songs.map((s) => s.name)).toEqual(["1", "2"]);
    expect(warnings.messages).toHaveLength(1);
    expect(warnings.messages[0]).toMatch(/skipped 2 unpaired: 1 audio file without an annotation .*; 1 annotation without audio/);
  });

  it("the same stem in two albums is a duplicate name naming both files", () => {
    const root = plant(["audio/A/Intro.flac", "audio/B/Intro.flac", "labs/A/Intro.lab", "labs/B/Intro.lab"]);
    expect(() => discoverSongs(data({ audioDir: join(root, "audio"), annotationDir: join(root, "labs") }))).toThrow(
      `two songs named "Intro": "${root}/audio/A/Intro.flac" and "${root}/audio/B/Intro.flac"`,
    );
  });

  it("two annotations of one song (.lab and .jams) are refused", () => {
    const root = plant(["audio/s.flac", "labs/s.lab", "labs/s.jams"]);
    expect(() => discoverSongs(data({ audioDir: join(root, "audio"), annotationDir: join(root, "labs") }))).toThrow(
      /are both the annotation of song "s"; keep exactly one/,
    );
  });

  it("only one of the two keys is a config error; so is a manifest with trees", () => {
    expect(() => data({ audioDir: "a" })).toThrow(/set both/);
    expect(() => data({ manifest: "m.csv", audioDir: "a", annotationDir: "b" })).toThrow(/not both/);
  });

  it("a missing tree is named", () => {
    const root = plant(["audio/s.flac"]);
    expect(() => discoverSongs(data({ audioDir: join(root, "audio"), annotationDir: join(root, "nope") }))).toThrow(
      `data.annotationDir "${join(root, "nope")}" does not exist`,
    );
  });
});

describe("data.manifest: CSV relative to its own folder", () => {
  const manifestTree = (csv: string) =>
    plant({ "flac/track06.flac": "", "flac/track01.flac": "", "chordlab/Let It Be.lab": "", "chordlab/Two of Us.lab": "", "lists/m.csv": csv });

  it("names from the name column (quoted commas kept), else the audio stem; BOM and CRLF accepted", () => {
    const root = manifestTree(
      '\uFEFFaudio,annotation,name\r\n../flac/track06.flac,"../chordlab/Let It Be.lab","Ob-La-Di, Ob-La-Da"\r\n../flac/track01.flac,../chordlab/Two of Us.lab,\r\n',
    );
    const songs = discoverSongs(data({ manifest: join(root, "lists/m.csv") }));
    expect(rel(root, songs)).toEqual([
      ["Ob-La-Di, Ob-La-Da", "flac/track06.flac", "chordlab/Let It Be.lab"],
      ["track01", "flac/track01.flac", "chordlab/Two of Us.lab"],
    ]);
  });

  it("column order is free and a subset selects songs", () => {
    const root = manifestTree("name,annotation,audio\nLet It Be,../chordlab/Let It Be.lab,../flac/track06.flac\n");
    expect(discoverSongs(data({ manifest: join(root, "lists/m.csv") })).map((s) => s.name)).toEqual(["Let It Be"]);
  });

  it("missing paths are unpaired, with manifest:line", () => {
    const root = manifestTree("audio,annotation\n../flac/track06.flac,../chordlab/Let It Be.lab\n../flac/nope.flac,../chordlab/Two of Us.lab\n");
    const m = join(root, "lists/m.csv");
    expect(() => discoverSongs(data({ manifest: m }))).toThrow(`1 unpaired: 1 missing manifest path ("${m}:3: audio "${root}/flac/nope.flac"")`);
    expect(discoverSongs(data({ manifest: m, unpaired: "skip" }), collectWarnings()).map((s) => s.name)).toEqual(["track06"]);
  });

  it.each([
    ["a misspelt column", "audio,anotation\nx,y\n", /:1: expected a header with columns audio,annotation and optionally name, got "audio,anotation"/],
    ["an unknown column", "audio,annotation,year\nx,y,1970\n", /:1: expected a header/],
    ["a short row", "audio,annotation\n../flac/track06.flac\n", /:2: expected 2 fields \(audio,annotation\), got 1/],
    ["an empty cell", "audio,annotation\n,../chordlab/Let It Be.lab\n", /:2: empty "audio" cell/],
    ["a name that is no file name", "audio,annotation,name\n../flac/track06.flac,../chordlab/Let It Be.lab,AC/DC\n", /song name "AC\/DC" .* cannot be a file name/],
    ["a duplicate name", "audio,annotation,name\n../flac/track06.flac,../chordlab/Let It Be.lab,X\n../flac/track01.flac,../chordlab/Two of Us.lab,X\n", /two songs named "X": ".*track06\.flac" and ".*track01\.flac"/],
    ["an empty file", "", /empty manifest/],
  ])("%s", (_, csv, pattern) => {
    const m = join(manifestTree(csv), "lists/m.csv");
    const error = inputErrorOf(() => discoverSongs(data({ manifest: m })));
    expect(error.message).toMatch(pattern);
    expect(error.message).not.toContain("\n");
  });

  it("a missing manifest is named", () => {
    const m = join(plant([]), "none.csv");
    expect(() => discoverSongs(data({ manifest: m }))).toThrow(`${m}: data.manifest not found`);
  });
});

describe("dataLayout precedence", () => {
  it("manifest, then trees, then dir (default: the built-in corpus)", () => {
    expect(dataLayout(data({ manifest: "m.csv" })).kind).toBe("manifest");
    expect(dataLayout(data({ audioDir: "a", annotationDir: "b" })).kind).toBe("trees");
    expect(dataLayout(data({}))).toEqual({ kind: "dir", dir: "data/synth" });
  });
});

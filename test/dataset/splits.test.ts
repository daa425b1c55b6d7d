import { describe, expect, it } from "vitest";
import { SplitSchema } from "../../src/config/schema.js";
import type { Segment, Splits } from "../../src/dataset/types.js";
import { splitSegments } from "../../src/dataset/splits.js";
import { InputError } from "../../src/errors.js";
import { cyclingSong } from "./fixtures.js";

// 150-frame segments: a → 6, b → 3, c → 2 (tails dropped)
const songs = [cyclingSong("b", 450, [0, 12], 20), cyclingSong("a", 1000, [0, 7, 5], 30), cyclingSong("c", 300, [9, 21], 50)];
const dataset = { segmentLength: 150, segmentHop: 150, trimNoChord: true };
const options = (over: Record<string, unknown>) => ({ ...SplitSchema.parse(over), dataset });
const ids = (segments: Segment[]): string[] => segments.map((s) => `${s.song}#${s.index}`);

function expectPartition(splits: Splits, total: number): void {
  const all = [...ids(splits.train), ...ids(splits.val), ...ids(splits.test)];
  expect(new Set(all).size).toBe(all.length); // no segment in two splits
  expect(all).toHaveLength(total); // none lost
}

describe("study protocol", () => {
  it("test = one segment; the other 10 pooled, round(0.25 × 10) = 3 to validation", () => {
    const splits = splitSegments(songs, options({ protocol: "study" }), 42);
    expect(ids(splits.test)).toEqual(["a#0"]);
    expect(splits.val).toHaveLength(3);
    expect(splits.train).toHaveLength(7);
    expectPartition(splits, 11);
    expect(splits.notes.some((n) => /testSong is not set.*"a"/.test(n))).toBe(true);
    expect(splits.notes.some((n) => /"a" also has 5 other segment/.test(n))).toBe(true);
  });

  it("named test song and segment; no default note", () => {
    const splits = splitSegments(songs, options({ protocol: "study", testSong: "b", testSegment: 2 }), 1);
    expect(ids(splits.test)).toEqual(["b#2"]);
    expect(splits.notes.some((n) => /not set/.test(n))).toBe(false);
    expectPartition(splits, 11);
  });

  it("song names with commas, quotes, parentheses and non-ASCII letters select like any other", () => {
    const odd = ["Ob-La-Di, Ob-La-Da", "Don't Let Me Down (Naked)", "Blåbærsyltetøy"];
    const renamed = songs.map((s, i) => ({ ...s, name: odd[i] }));
    const splits = splitSegments(renamed, options({ protocol: "study", testSong: odd[0], testSegment: 1 }), 1);
    expect(ids(splits.test)).toEqual([`${odd[0]}#1`]);
    expectPartition(splits, 11);
    const bySong = splitSegments(renamed, options({ protocol: "songs", testSongs: [odd[2]], valSongs: [odd[1]] }), 1);
    expect(new Set(bySong.test.map((s) => s.song))).toEqual(new Set([odd[2]]));
    expect(new Set(bySong.val.map((s) => s.song))).toEqual(new Set([odd[1]]));
  });

  it("deterministic in the seed, independent of song order, and the seed matters", () => {
    const a = splitSegments(songs, options({ protocol: "study" }), 5);
    const b = splitSegments([...songs].reverse(), options({ protocol: "study" }), 5);
    expect(ids(b.train)).toEqual(ids(a.train));
    expect(ids(b.val)).toEqual(ids(a.val));
    const vals = new Set([0, 1, 2, 3, 4, 5, 6, 7].map((seed) => ids(splitSegments(songs, options({ protocol: "study" }), seed).val).join()));
    expect(vals.size).toBeGreaterThan(1);
  });

  it("overlapping segments are noted (test frames leak into training)", () => {
    const overlapping = { ...SplitSchema.parse({ protocol: "study" }), dataset: { ...dataset, segmentHop: 75 } };
    expect(splitSegments(songs, overlapping, 0).notes.some((n) => /segments overlap/.test(n))).toBe(true);
    expect(splitSegments(songs, options({ protocol: "study" }), 0).notes.some((n) => /segments overlap/.test(n))).toBe(false);
  });

  it("splits are listed by song, then segment index", () => {
    const { train } = splitSegments(songs, options({ protocol: "study" }), 3);
    const sorted = [...train].sort((x, y) => (x.song < y.song ? -1 : x.song > y.song ? 1 : x.index - y.index));
    expect(ids(train)).toEqual(ids(sorted));
  });

  const errors = [
    { name: "unknown testSong lists the available songs", over: { testSong: "zz" }, re: /split.testSong: unknown song\(s\) "zz"; available: "a", "b", "c"/ },
    { name: "testSegment out of range", over: { testSong: "c", testSegment: 2 }, re: /testSegment 2 does not exist: "c" has 2 segment\(s\).*\(0\.\.1\)/ },
    { name: "valFraction 0 empties validation", over: { valFraction: 0 }, re: /validation split is empty: 10 segments.*= 0 to validation/ },
  ];
  for (const e of errors) {
    it(e.name, () => {
      const run = (): unknown => splitSegments(songs, options({ protocol: "study", ...e.over }), 0);
      expect(run).toThrow(InputError);
      expect(run).toThrow(e.re);
    });
  }

  it("an empty training split explains the rounding", () => {
    const two = [cyclingSong("x", 300, [0], 10)]; // 2 segments: test + 1 pooled, round(0.9 × 1) = 1 to val
    expect(() => splitSegments(two, options({ protocol: "study", valFraction: 0.9 }), 0)).toThrow(/training split is empty: 1 segments besides the test segment/);
  });
});

describe("songs protocol", () => {
  it("whole songs per split, nothing shared", () => {
    const splits = splitSegments(songs, options({ protocol: "songs", testSongs: ["b"], valSongs: ["c"] }), 0);
    expect(new Set(splits.test.map((s) => s.song))).toEqual(new Set(["b"]));
    expect(new Set(splits.val.map((s) => s.song))).toEqual(new Set(["c"]));
    expect(new Set(splits.train.map((s) => s.song))).toEqual(new Set(["a"]));
    expect([splits.train.length, splits.val.length, splits.test.length]).toEqual([6, 2, 3]);
    expectPartition(splits, 11);
    expect(splits.notes[0]).toMatch(/whole songs per split/);
  });

  const errors = [
    { name: "unknown names are listed with the available ones", over: { testSongs: ["b", "nope"], valSongs: ["c"] }, re: /split.testSongs: unknown song\(s\) "nope"; available: "a", "b", "c"/ },
    { name: "a song in both test and val", over: { testSongs: ["b"], valSongs: ["b", "c"] }, re: /"b" are in both/ },
    { name: "no validation songs", over: { testSongs: ["b"] }, re: /split.valSongs is empty/ },
    { name: "no training song left", over: { testSongs: ["a", "b"], valSongs: ["c"] }, re: /training split is empty: every song is a test or validation song/ },
  ];
  for (const e of errors) {
    it(e.name, () => {
      const run = (): unknown => splitSegments(songs, options({ protocol: "songs", ...e.over }), 0);
      expect(run).toThrow(InputError);
      expect(run).toThrow(e.re);
    });
  }

  describe("trainSongs and * patterns (train on one family, test on another)", () => {
    // Two families of the same three songs: osc-a/b/c and sf-a/b/c (segments: a 6, b 3, c 2).
    const families = ["osc-", "sf-"].flatMap((prefix) => songs.map((s) => ({ ...s, name: prefix + s.name })));

    it("trains only on the listed songs; the other family's songs are in no split", () => {
      const splits = splitSegments(families, options({ protocol: "songs", trainSongs: ["osc-a"], valSongs: ["osc-c"], testSongs: ["sf-b"] }), 0);
      expect(new Set(splits.train.map((s) => s.song))).toEqual(new Set(["osc-a"]));
      expect(new Set(splits.val.map((s) => s.song))).toEqual(new Set(["osc-c"]));
      expect(new Set(splits.test.map((s) => s.song))).toEqual(new Set(["sf-b"]));
      expect([splits.train.length, splits.val.length, splits.test.length]).toEqual([6, 2, 3]);
      expect(splits.notes.some((n) => /3 song\(s\) of the corpus are in no split/.test(n))).toBe(true);
    });

    it("* stands for any run of characters, only as a whole-name pattern", () => {
      const splits = splitSegments(families, options({ protocol: "songs", trainSongs: ["osc-*"], valSongs: ["sf-c"], testSongs: ["sf-*b"] }), 0);
      expect(new Set(splits.train.map((s) => s.song))).toEqual(new Set(["osc-a", "osc-b", "osc-c"]));
      expect(new Set(splits.test.map((s) => s.song))).toEqual(new Set(["sf-b"]));
      // "sf-" alone is no pattern: it names no song.
      expect(() => splitSegments(families, options({ protocol: "songs", valSongs: ["sf-c"], testSongs: ["sf-"] }), 0)).toThrow(/split.testSongs: unknown song\(s\) "sf-"/);
      // Regular-expression characters are literal: "osc-." matches nothing.
      expect(() => splitSegments(families, options({ protocol: "songs", valSongs: ["osc-."], testSongs: ["sf-b"] }), 0)).toThrow(/split.valSongs: unknown song\(s\) "osc-\."/);
    });

    it("an unset trainSongs leaves no key in the resolved config (existing configs keep their hash)", () => {
      expect("trainSongs" in SplitSchema.parse({ protocol: "songs" })).toBe(false);
    });

    it("a training song that is also tested is an error", () => {
      const run = (): unknown => splitSegments(families, options({ protocol: "songs", trainSongs: ["osc-*"], valSongs: ["sf-c"], testSongs: ["osc-b"] }), 0);
      expect(run).toThrow(InputError);
      expect(run).toThrow(/"osc-b" are in split.trainSongs and also in split.testSongs/);
    });
  });

  it("a validation song too short for one segment", () => {
    const withShort = [...songs, cyclingSong("d", 100, [0], 10)];
    expect(() => splitSegments(withShort, options({ protocol: "songs", testSongs: ["b"], valSongs: ["d"] }), 0)).toThrow(/validation split is empty: .*shorter than dataset.segmentLength = 150/);
  });
});

describe("leave-one-song-out protocol", () => {
  it("fold k tests on the k-th song by name; validation = round(valFraction) of the others' segments", () => {
    const splits = splitSegments(songs, options({ protocol: "leave-one-song-out", fold: 1 }), 9);
    expect(ids(splits.test)).toEqual(["b#0", "b#1", "b#2"]);
    expect(splits.val).toHaveLength(2); // round(0.25 × 8)
    expect(splits.train).toHaveLength(6);
    expect([...splits.train, ...splits.val].some((s) => s.song === "b")).toBe(false);
    expectPartition(splits, 11);
    expect(splits.notes[0]).toMatch(/fold 1 of 3: testing on "b"/);
    const again = splitSegments(songs, options({ protocol: "leave-one-song-out", fold: 1 }), 9);
    expect(ids(again.val)).toEqual(ids(splits.val));
  });

  it("every fold tests a different song and together they cover all songs", () => {
    const tested = [0, 1, 2].map((fold) => splitSegments(songs, options({ protocol: "leave-one-song-out", fold }), 0).test[0].song);
    expect(tested).toEqual(["a", "b", "c"]);
  });

  it("fold out of range", () => {
    expect(() => splitSegments(songs, options({ protocol: "leave-one-song-out", fold: 3 }), 0)).toThrow(/split.fold 3 is out of range: 3 song\(s\), folds 0..2/);
  });
});

describe("corpus-level errors", () => {
  it("no songs", () => expect(() => splitSegments([], options({}), 0)).toThrow(/empty corpus/));
  it("duplicate names", () => expect(() => splitSegments([songs[0], songs[0]], options({}), 0)).toThrow(/two songs are named "b"/));
});

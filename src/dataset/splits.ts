/**
 * Segments → train / validation / test, by one of three protocols (config `split.protocol`).
 *
 * - `study`: test = segment `testSegment` of `testSong` (default: the first song by name). All
 *   other segments of all songs are pooled, shuffled with the seed, and the first
 *   round(valFraction · pool) go to validation, the rest to training. As in the study, the test
 *   song's other segments are in training (a note says so).
 * - `songs`: whole songs — `testSongs` test, `valSongs` validation, `trainSongs` training (default:
 *   every other song). Each list holds names or `*` patterns ("sf-g5*"): train on one family of a
 *   corpus and test on another (docs/generalization.md).
 * - `leave-one-song-out`: fold k tests on the k-th song by name; of the other songs' segments,
 *   round(valFraction · pool), seeded, go to validation, the rest to training.
 *
 * Songs are ordered by name (code-unit order, locale-independent), so the result depends only on
 * the songs, the config and the seed — not on the order of `songs`. Within each split, segments are
 * listed by song name, then segment index (the shuffle decides membership, not order).
 * An empty split is an InputError saying why.
 */
import type { DatasetConfig, SplitConfig } from "../config/schema.js";
import { InputError } from "../errors.js";
import { compareNames } from "../util/files.js";
import { createRng, shuffled } from "../util/random.js";
import { songStream } from "./distortion.js";
import { cutSegments } from "./segments.js";
import type { Segment, Song, Splits } from "./types.js";

export type SplitOptions = SplitConfig & { dataset: DatasetConfig };

type SegmentsBySong = Map<string, Segment[]>;

export function splitSegments(songs: readonly Song[], cfg: SplitOptions, seed: number): Splits {
  if (songs.length === 0) throw new InputError("cannot split an empty corpus: no songs were loaded");
  const bySong: SegmentsBySong = new Map();
  for (const song of [...songs].sort((a, b) => compareNames(a.name, b.name))) {
    if (bySong.has(song.name)) throw new InputError(`two songs are named "${song.name}"; song names must be unique`);
    bySong.set(song.name, cutSegments(song, cfg.dataset));
  }
  switch (cfg.protocol) {
    case "study":
      return studySplit(bySong, cfg, seed);
    case "songs":
      return songsSplit(bySong, cfg);
    case "leave-one-song-out":
      return leaveOneSongOut(bySong, cfg, seed);
  }
}

function studySplit(bySong: SegmentsBySong, cfg: SplitOptions, seed: number): Splits {
  const notes: string[] = [];
  const names = [...bySong.keys()];
  const testSong = cfg.testSong ?? names[0];
  if (cfg.testSong === undefined) notes.push(`split.testSong is not set: testing on "${testSong}", the first song by name`);
  requireKnown([testSong], names, "split.testSong");
  const own = bySong.get(testSong)!;
  if (cfg.testSegment >= own.length) {
    throw new InputError(
      `split.testSegment ${cfg.testSegment} does not exist: "${testSong}" has ${own.length} segment(s) of ` +
        `${cfg.dataset.segmentLength} frames${own.length > 0 ? ` (0..${own.length - 1})` : ""}`,
    );
  }
  const test = [own[cfg.testSegment]];
  const pool = [...bySong.values()].flat().filter((s) => s !== test[0]);
  const { train, val } = poolSplit(pool, cfg.valFraction, seed);
  const reused = pool.filter((s) => s.song === testSong).length;
  if (reused > 0) {
    notes.push(
      `the test song "${testSong}" also has ${reused} other segment(s) in training/validation, as in the study: ` +
        "the test excerpt is not unseen music",
    );
  }
  if (cfg.dataset.segmentHop < cfg.dataset.segmentLength) {
    notes.push("segments overlap (dataset.segmentHop < segmentLength): training and validation segments share frames with the test segment");
  }
  checkPooled({ train, val, pool, valFraction: cfg.valFraction, what: "segments besides the test segment" });
  return { train, val, test, notes };
}

function songsSplit(bySong: SegmentsBySong, cfg: SplitOptions): Splits {
  const names = [...bySong.keys()];
  const testSongs = matchSongs(cfg.testSongs, names, "split.testSongs");
  const valSongs = matchSongs(cfg.valSongs, names, "split.valSongs");
  const shared = testSongs.filter((n) => valSongs.includes(n));
  if (shared.length > 0) {
    throw new InputError(`song(s) ${quoteList(shared)} are in both split.testSongs and split.valSongs`);
  }
  for (const [key, list] of [["testSongs", cfg.testSongs], ["valSongs", cfg.valSongs]] as const) {
    if (list.length === 0) {
      throw new InputError(`split.${key} is empty: the "songs" protocol needs at least one; available: ${quoteList(names)}`);
    }
  }
  const trainSongs = cfg.trainSongs !== undefined ? matchSongs(cfg.trainSongs, names, "split.trainSongs") : names.filter((n) => !testSongs.includes(n) && !valSongs.includes(n));
  const reused = trainSongs.filter((n) => testSongs.includes(n) || valSongs.includes(n));
  if (reused.length > 0) {
    throw new InputError(`song(s) ${quoteList(reused)} are in split.trainSongs and also in split.testSongs or split.valSongs`);
  }
  const pick = (wanted: readonly string[]): Segment[] => names.filter((n) => wanted.includes(n)).flatMap((n) => bySong.get(n)!);
  const test = pick(testSongs);
  const val = pick(valSongs);
  const train = pick(trainSongs);
  const tooShort = `shorter than dataset.segmentLength = ${cfg.dataset.segmentLength} frames`;
  if (trainSongs.length === 0) throw new InputError("the training split is empty: every song is a test or validation song");
  if (train.length === 0) throw new InputError(`the training split is empty: the training songs are all ${tooShort}`);
  if (val.length === 0) throw new InputError(`the validation split is empty: split.valSongs are all ${tooShort}`);
  if (test.length === 0) throw new InputError(`the test split is empty: split.testSongs are all ${tooShort}`);
  const notes = [
    `whole songs per split: test ${quoteList(cfg.testSongs)} (${testSongs.length}), validation ${quoteList(cfg.valSongs)} (${valSongs.length}), ` +
      (cfg.trainSongs !== undefined ? `training ${quoteList(cfg.trainSongs)} (${trainSongs.length})` : `training the other ${trainSongs.length}`),
  ];
  const unused = names.length - testSongs.length - valSongs.length - trainSongs.length;
  if (unused > 0) notes.push(`${unused} song(s) of the corpus are in no split (split.trainSongs lists the training songs)`);
  return { train, val, test, notes };
}

/**
 * The song names a list selects, in name order: each entry a name, or a pattern where `*` stands
 * for any run of characters ("sf-g5*"). An entry that selects no song is an error naming it.
 */
export function matchSongs(patterns: readonly string[], names: readonly string[], key: string): string[] {
  const unknown: string[] = [];
  const selected = new Set<string>();
  for (const pattern of patterns) {
    const re = new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`);
    const hits = names.filter((n) => re.test(n));
    if (hits.length === 0) unknown.push(pattern);
    for (const n of hits) selected.add(n);
  }
  if (unknown.length > 0) {
    const shown = names.length > 12 ? `${quoteList(names.slice(0, 12))}, … (${names.length} songs)` : quoteList(names);
    throw new InputError(`${key}: unknown song(s) ${quoteList(unknown)}; available: ${shown}`);
  }
  return names.filter((n) => selected.has(n));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function leaveOneSongOut(bySong: SegmentsBySong, cfg: SplitOptions, seed: number): Splits {
  const names = [...bySong.keys()];
  if (cfg.fold >= names.length) {
    throw new InputError(`split.fold ${cfg.fold} is out of range: ${names.length} song(s), folds 0..${names.length - 1} (${quoteList(names)})`);
  }
  const testSong = names[cfg.fold];
  const test = bySong.get(testSong)!;
  if (test.length === 0) {
    throw new InputError(`the test split is empty: fold ${cfg.fold} song "${testSong}" is shorter than dataset.segmentLength = ${cfg.dataset.segmentLength} frames`);
  }
  const pool = names.filter((n) => n !== testSong).flatMap((n) => bySong.get(n)!);
  const { train, val } = poolSplit(pool, cfg.valFraction, seed);
  checkPooled({ train, val, pool, valFraction: cfg.valFraction, what: "segments in the other songs" });
  const notes = [
    `leave-one-song-out fold ${cfg.fold} of ${names.length}: testing on "${testSong}"; validation segments come from the training songs`,
  ];
  return { train, val, test, notes };
}

/** Shuffle with the seed; the first round(valFraction · n) go to validation. Each part back in song/index order. */
function poolSplit(pool: readonly Segment[], valFraction: number, seed: number): { train: Segment[]; val: Segment[] } {
  const order = shuffled(pool, createRng(seed, songStream("split/pool")));
  const nVal = Math.round(valFraction * pool.length);
  return { val: inSongOrder(order.slice(0, nVal)), train: inSongOrder(order.slice(nVal)) };
}

function checkPooled(p: { train: Segment[]; val: Segment[]; pool: Segment[]; valFraction: number; what: string }): void {
  const counted = `${p.pool.length} ${p.what}, round(split.valFraction ${p.valFraction} × ${p.pool.length}) = ${p.val.length} to validation`;
  if (p.pool.length === 0) {
    throw new InputError(`the training split is empty: there are no ${p.what} (songs shorter than dataset.segmentLength give none)`);
  }
  if (p.val.length === 0) throw new InputError(`the validation split is empty: ${counted}; raise split.valFraction or add songs`);
  if (p.train.length === 0) throw new InputError(`the training split is empty: ${counted}; lower split.valFraction or add songs`);
}

function inSongOrder(segments: Segment[]): Segment[] {
  return segments.sort((a, b) => compareNames(a.song, b.song) || a.index - b.index);
}

function requireKnown(wanted: readonly string[], names: readonly string[], key: string): void {
  const unknown = wanted.filter((n) => !names.includes(n));
  if (unknown.length > 0) {
    throw new InputError(`${key}: unknown song(s) ${quoteList(unknown)}; available: ${quoteList(names)}`);
  }
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(", ");
}

/**
 * Dataset statistics: what the study's Tables 4.2 and 4.3 show (class balance of strong and soft
 * targets in the training split), plus segment counts per split, the reduction ratio of soft
 * targets and per-song sizes.
 *
 * - Targets are built from the labels the model is trained on (`trainLabels`); the test split's
 *   reduced lengths use its clean `labels` (what it is scored against).
 * - strong: every training frame, no-chord frames counted as such (they are masked in training).
 * - soft unpadded (the study's "soft 0"): the reduced sequences, which never contain no-chord.
 * - soft L × padding: the padded sequences. Segments without any chord are skipped (counted in
 *   `emptySegments`); reduced sequences longer than L are counted truncated here (training would
 *   stop with an error unless `targets.overflow` is "truncate").
 * - reduction ratio = 1 − mean reduced length / mean segment length (the study: ≈ 85 %).
 * - notes: the stats' own (callers add `splits.notes` if they want them shown).
 */
import type { TargetConfig } from "../config/schema.js";
import { NO_CHORD, isMinor } from "../annotations/chordClasses.js";
import { compareNames } from "../util/files.js";
import { reduceLabels, resolveSoftLength, softTargets } from "./targets.js";
import type { Segment, Song, Splits } from "./types.js";

export interface ClassCounts {
  major: number;
  minor: number;
  noChord: number;
  total: number;
}

export interface SoftVariantStats {
  padding: "uniform" | "last";
  softLength: number;
  counts: ClassCounts;
  /** Training segments whose reduced sequence was longer than softLength. */
  truncatedSegments: number;
}

export interface SplitSummary {
  segments: number;
  frames: number;
  songs: number;
  meanReducedLength: number;
  maxReducedLength: number;
  /** Segments without any chord (no soft target). */
  emptySegments: number;
}

export interface SongStats {
  name: string;
  /** Kept frames (after trimming). */
  frames: number;
  durationSec: number;
  /** Index of kept frame 0 in the untrimmed song. */
  frameOffset: number;
  segments: { train: number; val: number; test: number };
}

export interface DatasetStats {
  frameRateHz: number;
  splits: { train: SplitSummary; val: SplitSummary; test: SplitSummary };
  /** Of the training split. */
  reduction: { meanOriginalLength: number; meanReducedLength: number; reductionRatio: number };
  /** Of the training split; the shape of artifacts.json `classDistribution`. */
  classDistribution: { strong: ClassCounts; softUnpadded: ClassCounts; soft: SoftVariantStats[] };
  songs: SongStats[];
  notes: string[];
}

export interface StatsOptions {
  targets: TargetConfig;
  /** @default [16, 75] plus targets.softLength */
  softLengths?: number[];
  /** @default ["uniform", "last"] */
  paddings?: ("uniform" | "last")[];
}

export function computeStats(songs: readonly Song[], splits: Splits, cfg: StatsOptions): DatasetStats {
  const train = splits.train;
  const own = resolveSoftLength(cfg.targets.softLength, train[0]?.trainLabels.length ?? 0);
  const softLengths = cfg.softLengths ?? [...new Set([16, 75, ...(own > 0 ? [own] : [])])].sort((a, b) => a - b);
  const paddings = cfg.paddings ?? ["uniform", "last"];
  const soft = softLengths.flatMap((softLength) => paddings.map((padding) => softVariant(train, padding, softLength)));
  const trainSummary = summarizeSplit(train, "trainLabels");
  const meanOriginalLength = mean(train.map((s) => s.trainLabels.length));
  const notes: string[] = [];
  for (const v of soft.filter((v) => v.truncatedSegments > 0)) {
    notes.push(`${v.truncatedSegments} training segment(s) reduce to more than ${v.softLength} chords (counted truncated)`);
  }
  if (trainSummary.emptySegments > 0) {
    notes.push(`${trainSummary.emptySegments} training segment(s) have no chord: no soft target, skipped in soft counts`);
  }
  return {
    frameRateHz: songs[0]?.chroma.frameRateHz ?? train[0]?.frameRateHz ?? 0,
    splits: {
      train: trainSummary,
      val: summarizeSplit(splits.val, "trainLabels"),
      test: summarizeSplit(splits.test, "labels"),
    },
    reduction: {
      meanOriginalLength,
      meanReducedLength: trainSummary.meanReducedLength,
      reductionRatio: meanOriginalLength > 0 ? 1 - trainSummary.meanReducedLength / meanOriginalLength : 0,
    },
    classDistribution: {
      strong: countClasses(train.map((s) => s.trainLabels)),
      softUnpadded: countClasses(train.map((s) => reduceLabels(s.trainLabels))),
      soft,
    },
    songs: songStats(songs, splits),
    notes,
  };
}

function softVariant(train: readonly Segment[], padding: "uniform" | "last", softLength: number): SoftVariantStats {
  let truncatedSegments = 0;
  const sequences = train.map((s) => {
    const target = softTargets(s.trainLabels, { softLength, padding, overflow: "truncate" }, { song: s.song, segment: s.index });
    if (target.truncated) truncatedSegments++;
    return target.sequence;
  });
  return { padding, softLength, counts: countClasses(sequences), truncatedSegments };
}

export function countClasses(sequences: readonly Int16Array[]): ClassCounts {
  const counts: ClassCounts = { major: 0, minor: 0, noChord: 0, total: 0 };
  for (const sequence of sequences) {
    for (const chord of sequence) {
      if (chord < 0) counts.noChord++; // OUT_OF_VOCABULARY (context model) has no chord of the vocabulary either
      else if (isMinor(chord)) counts.minor++;
      else counts.major++;
    }
    counts.total += sequence.length;
  }
  return counts;
}

function summarizeSplit(segments: readonly Segment[], which: "labels" | "trainLabels"): SplitSummary {
  const reducedLengths = segments.map((s) => reduceLabels(s[which]).length);
  return {
    segments: segments.length,
    frames: segments.reduce((sum, s) => sum + s.labels.length, 0),
    songs: new Set(segments.map((s) => s.song)).size,
    meanReducedLength: mean(reducedLengths),
    maxReducedLength: Math.max(0, ...reducedLengths),
    emptySegments: reducedLengths.filter((n) => n === 0).length,
  };
}

function songStats(songs: readonly Song[], splits: Splits): SongStats[] {
  const countIn = (segments: readonly Segment[], name: string): number => segments.filter((s) => s.song === name).length;
  return [...songs]
    .sort((a, b) => compareNames(a.name, b.name))
    .map((song) => ({
      name: song.name,
      frames: song.chroma.nFrames,
      durationSec: song.chroma.nFrames / song.chroma.frameRateHz,
      frameOffset: song.frameOffset,
      segments: {
        train: countIn(splits.train, song.name),
        val: countIn(splits.val, song.name),
        test: countIn(splits.test, song.name),
      },
    }));
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

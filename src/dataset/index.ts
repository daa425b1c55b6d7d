/** The dataset stage: corpus loading, frame labels, trimming, segments, splits, targets, distortion, stats. */
export type { Discovery, Segment, Song, SongFiles, Splits, Unpaired } from "./types.js";
export { frameLabels, chordFrameRange, type FrameRange } from "./frameLabels.js";
export { distortSpans, isNeutralDistortion, songStream } from "./distortion.js";
export { buildSong, type SongSource, type SongOptions } from "./song.js";
export { loadCorpus, type CorpusConfig, type CorpusProgress } from "./loadCorpus.js";
export {
  dataLayout,
  discoverSongs,
  findPairs,
  type DataLayout,
  type DiscoverConfig,
} from "./discover.js";
export { cutSegments, segmentCount } from "./segments.js";
export { splitSegments, type SplitOptions } from "./splits.js";
export { compareNames } from "../util/files.js";
export {
  strongTargets,
  reduceLabels,
  softTargets,
  padUniform,
  padLast,
  type StrongTargets,
  type SoftTarget,
} from "./targets.js";
export {
  computeStats,
  countClasses,
  type ClassCounts,
  type DatasetStats,
  type SoftVariantStats,
  type SplitSummary,
  type SongStats,
  type StatsOptions,
} from "./stats.js";
export { formatStats, formatTable } from "./formatStats.js";

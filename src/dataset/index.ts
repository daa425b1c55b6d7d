/** The dataset stage: corpus loading, frame labels, trimming, segments, splits, targets, distortion, stats. */
export type { Segment, Song, Splits } from "./types.js";
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
  type Discovery,
  type SongFiles,
  type Unpaired,
} from "./discover.js";
export { cutSegments, segmentCount } from "./segments.js";
export { splitSegments, compareNames, type SplitOptions } from "./splits.js";
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

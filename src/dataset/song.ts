/**
 * One song's chroma + annotation → a `Song` (pure; `loadCorpus` does the reading).
 *
 * 1. clean labels at the frame centres (frameLabels.ts);
 * 2. training labels from the distorted annotation (distortion.ts), seeded per song by
 *    createRng(seed, songStream(name)); the very same array as the clean labels when distortion is off;
 * 3. trimming (dataset.trimNoChord): frames before the first and after the last chord of the
 *    *clean* labels are dropped from chroma and both label arrays; `frameOffset` = first kept frame.
 *    Inner no-chord frames stay (masked later). A song without any chord keeps no frames.
 */
import type { ChordSpan } from "../annotations/types.js";
import type { DatasetConfig, DistortionConfig } from "../config/schema.js";
import type { Chroma } from "../features/types.js";
import { createRng } from "../util/random.js";
import { distortSpans, isNeutralDistortion, songStream } from "./distortion.js";
import { chordFrameRange, frameLabels } from "./frameLabels.js";
import type { ModelInput, Song } from "./types.js";

export interface SongSource {
  name: string;
  audioFile: string;
  annotationFile: string;
  /** Untrimmed chroma of the whole recording. */
  chroma: Chroma;
  /** The model's own input on the same frames (model.context.input: logfreq), untrimmed. */
  input?: ModelInput;
  /** The clean annotation. */
  spans: ChordSpan[];
}

export interface SongOptions {
  dataset: Pick<DatasetConfig, "trimNoChord">;
  distortion: DistortionConfig;
  seed: number;
}

export function buildSong(source: SongSource, cfg: SongOptions): Song {
  const { chroma, spans, name } = source;
  const labels = frameLabels(spans, chroma.nFrames, chroma.frameRateHz);
  const trainLabels = isNeutralDistortion(cfg.distortion)
    ? labels
    : frameLabels(distortSpans(spans, cfg.distortion, createRng(cfg.seed, songStream(name))), chroma.nFrames, chroma.frameRateHz);
  const { startFrame, endFrame } = cfg.dataset.trimNoChord
    ? chordFrameRange(labels)
    : { startFrame: 0, endFrame: chroma.nFrames };
  const keptLabels = labels.slice(startFrame, endFrame);
  return {
    name,
    audioFile: source.audioFile,
    annotationFile: source.annotationFile,
    chroma: {
      data: chroma.data.slice(startFrame * 12, endFrame * 12),
      nFrames: endFrame - startFrame,
      frameRateHz: chroma.frameRateHz,
    },
    ...(source.input ? { input: { data: source.input.data.slice(startFrame * source.input.bins, endFrame * source.input.bins), bins: source.input.bins } } : {}),
    labels: keptLabels,
    trainLabels: trainLabels === labels ? keptLabels : trainLabels.slice(startFrame, endFrame),
    frameOffset: startFrame,
    spans,
  };
}

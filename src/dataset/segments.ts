/**
 * Songs → fixed-length segments (the study: 150 frames, non-overlapping).
 *
 * Segment k starts at kept frame k·segmentHop and holds segmentLength frames; a tail shorter than
 * segmentLength is dropped (1000 frames → 6 segments of 150, the last 100 frames unused).
 */
import type { DatasetConfig } from "../config/schema.js";
import type { Segment, Song } from "./types.js";

const PITCH_CLASSES = 12;

export function cutSegments(song: Song, cfg: Pick<DatasetConfig, "segmentLength" | "segmentHop">): Segment[] {
  const { segmentLength, segmentHop } = cfg;
  const { frameRateHz, nFrames, data } = song.chroma;
  const segments: Segment[] = [];
  for (let startFrame = 0; startFrame + segmentLength <= nFrames; startFrame += segmentHop) {
    const endFrame = startFrame + segmentLength;
    segments.push({
      song: song.name,
      index: segments.length,
      startFrame,
      startSec: (startFrame + song.frameOffset) / frameRateHz,
      frameRateHz,
      chroma: data.slice(startFrame * PITCH_CLASSES, endFrame * PITCH_CLASSES),
      ...(song.input ? { input: song.input.data.slice(startFrame * song.input.bins, endFrame * song.input.bins) } : {}),
      labels: song.labels.slice(startFrame, endFrame),
      trainLabels: song.trainLabels.slice(startFrame, endFrame),
    });
  }
  return segments;
}

/** How many segments `cutSegments` gives for a song of `nFrames` kept frames. */
export function segmentCount(nFrames: number, cfg: Pick<DatasetConfig, "segmentLength" | "segmentHop">): number {
  if (nFrames < cfg.segmentLength) return 0;
  return Math.floor((nFrames - cfg.segmentLength) / cfg.segmentHop) + 1;
}

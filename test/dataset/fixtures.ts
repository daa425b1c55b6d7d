/** Hand-built songs and spans for the dataset tests (no I/O). */
import type { ChordSpan } from "../../src/annotations/types.js";
import type { Song } from "../../src/dataset/types.js";

export function span(startSec: number, endSec: number, chord: number, line = 1): ChordSpan {
  return { startSec, endSec, chord, label: chord < 0 ? "N" : `c${chord}`, line };
}

/**
 * A song whose chroma row n is filled with the frame number n (so slices can be traced back) and
 * whose labels are given; trainLabels === labels unless given.
 */
export function makeSong(name: string, labels: number[] | Int16Array, opts: { trainLabels?: number[]; frameRateHz?: number; frameOffset?: number } = {}): Song {
  const nFrames = labels.length;
  const data = new Float32Array(nFrames * 12);
  for (let n = 0; n < nFrames; n++) data.fill(n, n * 12, (n + 1) * 12);
  const clean = Int16Array.from(labels);
  return {
    name,
    audioFile: `${name}.wav`,
    annotationFile: `${name}.lab`,
    chroma: { data, nFrames, frameRateHz: opts.frameRateHz ?? 10 },
    labels: clean,
    trainLabels: opts.trainLabels ? Int16Array.from(opts.trainLabels) : clean,
    frameOffset: opts.frameOffset ?? 0,
    spans: [],
  };
}

/** A song of `nFrames` frames cycling through `chords`, each held `holdFrames` frames. */
export function cyclingSong(name: string, nFrames: number, chords: number[], holdFrames: number): Song {
  const labels = Array.from({ length: nFrames }, (_, n) => chords[Math.floor(n / holdFrames) % chords.length]);
  return makeSong(name, labels);
}

/**
 * The plain template recogniser the corpus is tuned against (FMP §5.2): STFT chroma (window
 * 4096, hop 2048, log(1 + 0.1·|X|²), l2), cosine similarity with the 24 binary triads, argmax
 * per frame, scored frame-wise against the generated labels.
 */
import { ConfigSchema } from "../../src/config/schema.js";
import { labelToClass } from "../../src/annotations/index.js";
import { frameLabels } from "../../src/dataset/frameLabels.js";
import { frameScores, type FrameScores } from "../../src/evaluation/index.js";
import { computeChroma } from "../../src/features/chroma.js";
import type { Chroma } from "../../src/features/types.js";
import type { GeneratedSong } from "../../src/synth/index.js";

export const FEATURES = ConfigSchema.parse({}).features;
const ANNOTATIONS = { dim: "min", aug: "maj" } as const;

export function songChroma(song: GeneratedSong): Chroma {
  return computeChroma(song.samples, song.sampleRate, FEATURES);
}

/** [frames] reference class per frame centre. */
export function referenceFrames(song: GeneratedSong, chroma: Chroma): Int16Array {
  const spans = song.spans.map((s, i) => ({ ...s, chord: labelToClass(s.label, ANNOTATIONS), line: i + 1 }));
  return frameLabels(spans, chroma.nFrames, chroma.frameRateHz);
}

/** [frames] argmax over the 24 binary triad templates (cosine: the frames are l2-normalised). */
export function templateEstimate(chroma: Chroma): Int16Array {
  const out = new Int16Array(chroma.nFrames);
  for (let n = 0; n < chroma.nFrames; n++) {
    const f = chroma.data.subarray(n * 12, n * 12 + 12);
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < 24; c++) {
      const root = c % 12;
      const third = root + (c < 12 ? 4 : 3);
      const score = f[root] + f[third % 12] + f[(root + 7) % 12];
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    out[n] = best;
  }
  return out;
}

export function templateBaseline(song: GeneratedSong): FrameScores {
  const chroma = songChroma(song);
  return frameScores(referenceFrames(song, chroma), templateEstimate(chroma));
}

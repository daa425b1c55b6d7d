/**
 * Chord spans → one class per frame, and the no-chord trimming of a song.
 *
 * Frame n is centred at t = n / frameRateHz seconds (= n·hop/sampleRate; see features/types.ts).
 * A frame takes the chord of the span that contains its centre, spans being half-open
 * [startSec, endSec): a boundary exactly at a frame centre gives that frame to the span that
 * starts there. Time covered by no span (before the first, in gaps, after the last) is NO_CHORD.
 */
import type { ChordSpan } from "../annotations/types.js";
import { NO_CHORD } from "../annotations/chordClasses.js";

/** [nFrames] class per frame centre; one sweep over frames and spans (O(frames + spans)). */
export function frameLabels(spans: readonly ChordSpan[], nFrames: number, frameRateHz: number): Int16Array {
  const sorted = sortedByStart(spans);
  const labels = new Int16Array(nFrames).fill(NO_CHORD);
  let s = 0;
  for (let n = 0; n < nFrames; n++) {
    const tSec = n / frameRateHz;
    // Spans that end at or before this centre can hold no later centre either.
    while (s < sorted.length && sorted[s].endSec <= tSec) s++;
    if (s === sorted.length) break;
    if (sorted[s].startSec <= tSec) labels[n] = sorted[s].chord;
  }
  return labels;
}

function sortedByStart(spans: readonly ChordSpan[]): readonly ChordSpan[] {
  for (let i = 1; i < spans.length; i++) {
    if (spans[i].startSec < spans[i - 1].startSec) {
      return spans.slice().sort((a, b) => a.startSec - b.startSec);
    }
  }
  return spans;
}

/** Half-open frame range [startFrame, endFrame). */
export interface FrameRange {
  startFrame: number;
  endFrame: number;
}

/**
 * The frames from the first to the last frame that has a chord (inner no-chord frames stay).
 * All no-chord → the empty range {0, 0}.
 */
export function chordFrameRange(labels: Int16Array): FrameRange {
  let startFrame = 0;
  while (startFrame < labels.length && labels[startFrame] === NO_CHORD) startFrame++;
  if (startFrame === labels.length) return { startFrame: 0, endFrame: 0 };
  let endFrame = labels.length;
  while (labels[endFrame - 1] === NO_CHORD) endFrame--;
  return { startFrame, endFrame };
}

/**
 * Frame classes → chord segments in seconds (pure). Frame n is centred at n/frameRateHz
 * (features/framing.ts) and covers [centre − ½ hop, centre + ½ hop), clamped to [0, duration]
 * (used by `chordtrain predict` and by the run directory's prediction .lab files: lab.ts framesToLab).
 * Runs of equal classes become one segment; its confidence is the mean posterior of its class
 * over its frames (null for no-chord, which the model did not decide).
 */
import { harteLabel } from "./chordClasses.js";

/** Frame-wise decisions: [frames] class (0..23 or NO_CHORD) and its posterior (null: not decided by the model). */
export interface FrameClasses {
  classes: Int16Array;
  confidence: readonly (number | null)[];
}

export interface ChordSegment {
  startSec: number;
  endSec: number;
  /** Harte label: `C:maj`, `A:min`, `N`. */
  label: string;
  confidence: number | null;
}

/**
 * `firstFrame`: index of classes[0] in the recording (an excerpt starting later); without
 * `durationSec` the last segment ends half a hop after the last frame centre.
 */
export function framesToSegments(
  frames: FrameClasses,
  opts: { frameRateHz: number; durationSec?: number; firstFrame?: number },
): ChordSegment[] {
  const { classes, confidence } = frames;
  const first = opts.firstFrame ?? 0;
  const duration = opts.durationSec ?? Infinity;
  const edge = (n: number) => Math.min(duration, Math.max(0, (first + n - 0.5) / opts.frameRateHz));
  const segments: ChordSegment[] = [];
  let start = 0;
  for (let n = 1; n <= classes.length; n++) {
    if (n < classes.length && classes[n] === classes[start]) continue;
    const startSec = edge(start);
    // the last segment reaches the end of the file (its last frame's half hop may stop short)
    const endSec = n === classes.length && opts.durationSec !== undefined ? opts.durationSec : edge(n);
    if (endSec > startSec) {
      segments.push({ startSec, endSec, label: harteLabel(classes[start]), confidence: meanOf(confidence, start, n) });
    }
    start = n;
  }
  return segments;
}

function meanOf(values: readonly (number | null)[], from: number, to: number): number | null {
  let sum = 0;
  for (let n = from; n < to; n++) {
    const v = values[n];
    if (v === null) return null;
    sum += v;
  }
  return sum / (to - from);
}

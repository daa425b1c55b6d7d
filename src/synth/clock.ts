/**
 * Beat positions → seconds, with a slowly drifting tempo. Real recordings (and hence their
 * annotations) never have equal chord durations; a smooth ±2 % drift gives the irregular
 * boundaries of a human band while chords still last "a bar" or "half a bar".
 */
import type { Rng } from "../util/random.js";

export interface BeatClock {
  /** Seconds at a (fractional) beat; beats past the end continue at the last tempo. */
  timeAt(beat: number): number;
}

export interface ClockOptions {
  /** Time of beat 0 (the first downbeat). */
  startSec: number;
  tempoBpm: number;
  /** Beats to lay out; later beats extrapolate. */
  nBeats: number;
  /** Largest relative tempo deviation. @default 0.03 */
  maxDrift?: number;
}

export function createBeatClock(options: ClockOptions, rng: Rng): BeatClock {
  const { startSec, tempoBpm, nBeats, maxDrift = 0.03 } = options;
  const nominal = 60 / tempoBpm;
  const times = new Float64Array(nBeats + 1);
  times[0] = startSec;
  // AR(1) drift: correlated over ~30 beats, so tempo changes gradually like a band's.
  let drift = 0;
  for (let b = 0; b < nBeats; b++) {
    drift = Math.max(-maxDrift, Math.min(maxDrift, 0.97 * drift + 0.004 * rng.normal()));
    times[b + 1] = times[b] + nominal * (1 + drift);
  }
  const timeAt = (beat: number): number => {
    if (beat <= 0) return startSec + beat * nominal;
    const b = Math.min(Math.floor(beat), nBeats - 1);
    return times[b] + (beat - b) * (times[b + 1] - times[b]);
  };
  return { timeAt };
}

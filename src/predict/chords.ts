/**
 * The decoding stage of `chordtrain predict`: chord scores and a no-chord mask → one class per
 * frame (NO_CHORD = −1 where masked) and the posterior of the chosen class (pure).
 *
 * No-chord comes first, from the signal (noChord.ts): dChord has no N class. Smoothing then runs
 * on each stretch of chord frames between no-chord frames separately, so a chord never leaks into
 * silence and the HMM restarts (uniform initial distribution) after every silence.
 */
import { NO_CHORD, NUM_CHORDS } from "../annotations/chordClasses.js";
import type { PredictConfig } from "../config/schema.js";
import { argmaxPath, logPosteriors, medianPosteriors, viterbiUniform } from "./decode.js";

export interface FrameChords {
  /** [frames] 0..23 or NO_CHORD. */
  classes: Int16Array;
  /** [frames] the posterior of the chosen class; null on no-chord frames. */
  confidence: (number | null)[];
}

export type SmoothingOptions = Pick<PredictConfig, "smoothing" | "selfProb" | "medianLength">;

/** scores [frames][24] (model logits), noChord [frames] true = N. */
export function decodeChords(scores: Float32Array | Float64Array, noChord: Uint8Array, opts: SmoothingOptions): FrameChords {
  const frames = noChord.length;
  if (scores.length !== frames * NUM_CHORDS) {
    throw new Error(`decodeChords: ${scores.length / NUM_CHORDS} score frames for ${frames} mask frames`);
  }
  const logP = logPosteriors(scores, NUM_CHORDS);
  const classes = new Int16Array(frames).fill(NO_CHORD);
  const confidence: (number | null)[] = new Array(frames).fill(null);
  for (const [from, to] of chordStretches(noChord)) {
    const stretch = logP.subarray(from * NUM_CHORDS, to * NUM_CHORDS);
    const path = smoothPath(stretch, opts);
    for (let n = from; n < to; n++) {
      classes[n] = path[n - from];
      confidence[n] = Math.exp(logP[n * NUM_CHORDS + classes[n]]);
    }
  }
  return { classes, confidence };
}

function smoothPath(logP: Float64Array, opts: SmoothingOptions): Int16Array {
  switch (opts.smoothing) {
    case "none":
      return argmaxPath(logP, NUM_CHORDS);
    case "hmm":
      return viterbiUniform(logP, NUM_CHORDS, opts.selfProb);
    case "median":
      return argmaxPath(medianPosteriors(logP.map(Math.exp), NUM_CHORDS, opts.medianLength), NUM_CHORDS);
  }
}

/** Half-open frame ranges [from, to) of consecutive frames where the mask is 0. */
export function chordStretches(noChord: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let n = 0; n <= noChord.length; n++) {
    const chord = n < noChord.length && noChord[n] === 0;
    if (chord && start < 0) start = n;
    if (!chord && start >= 0) {
      out.push([start, n]);
      start = -1;
    }
  }
  return out;
}

/**
 * The decoding stage of `chordtrain predict`: chord scores and a no-chord mask → one class per
 * frame (NO_CHORD = −1 where masked) and the posterior of the chosen class (pure).
 *
 * No-chord comes first, from the signal (noChord.ts): dChord has no N class. Smoothing then runs
 * on each stretch of chord frames between no-chord frames separately, so a chord never leaks into
 * silence and the HMM restarts (uniform initial distribution) after every silence.
 */
import { NO_CHORD, NUM_CHORDS } from "../annotations/chordClasses.js";
import { vocabularyOf } from "../annotations/vocabulary.js";
import type { PredictConfig } from "../config/schema.js";
import { argmaxPath, logPosteriors, medianPosteriors, viterbiUniform } from "./decode.js";

/** Score widths decodeChords accepts: dChord's 24 chords, the context vocabularies' classes with N. */
const CLASS_COUNTS = [NUM_CHORDS, vocabularyOf("majmin").classes, vocabularyOf("sevenths").classes];

export interface FrameChords {
  /** [frames] 0..23 (0..59: sevenths) or NO_CHORD. */
  classes: Int16Array;
  /** [frames] the posterior of the chosen class; null on no-chord frames. */
  confidence: (number | null)[];
}

export type SmoothingOptions = Pick<PredictConfig, "smoothing" | "selfProb" | "medianLength">;

/**
 * scores [frames][24] (dChord's logits), or [frames][classes] from a model with a no-chord class
 * as its last class (the context network: 25 = majmin's 24 chords + N, 61 = sevenths' 60 + N;
 * N is smoothed like a chord and then written as NO_CHORD); noChord [frames] true = N.
 */
export function decodeChords(scores: Float32Array | Float64Array, noChord: Uint8Array, opts: SmoothingOptions): FrameChords {
  const frames = noChord.length;
  const k = frames > 0 && CLASS_COUNTS.includes(scores.length / frames) ? scores.length / frames : NUM_CHORDS;
  if (scores.length !== frames * k) {
    throw new Error(`decodeChords: ${scores.length / NUM_CHORDS} score frames for ${frames} mask frames`);
  }
  const noChordClass = k > NUM_CHORDS ? k - 1 : -1;
  const logP = logPosteriors(scores, k);
  const classes = new Int16Array(frames).fill(NO_CHORD);
  const confidence: (number | null)[] = new Array(frames).fill(null);
  for (const [from, to] of chordStretches(noChord)) {
    const stretch = logP.subarray(from * k, to * k);
    const path = smoothPath(stretch, k, opts);
    for (let n = from; n < to; n++) {
      const c = path[n - from];
      if (c === noChordClass) continue; // the model's N
      classes[n] = c;
      confidence[n] = Math.exp(logP[n * k + c]);
    }
  }
  return { classes, confidence };
}

function smoothPath(logP: Float64Array, k: number, opts: SmoothingOptions): Int16Array {
  switch (opts.smoothing) {
    case "none":
      return argmaxPath(logP, k);
    case "hmm":
      return viterbiUniform(logP, k, opts.selfProb);
    case "median":
      return argmaxPath(medianPosteriors(logP.map(Math.exp), k, opts.medianLength), k);
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

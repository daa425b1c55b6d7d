/**
 * Training targets from a segment's frame labels.
 *
 * Strong: one-hot [L][24] per frame; no-chord frames have an all-zero row and mask 0, so losses
 * and metrics skip them.
 *
 * Soft (weak alignment: only the order of chords is known):
 *   reduce — drop NO_CHORD frames, then merge adjacent repetitions. Dropping N first merges the
 *            same chord on both sides of a no-chord gap (C N C → C): the model has no N class, so
 *            a chord that resumes after a gap is not a chord change.
 *   pad    — to softLength L (`frames`: the segment's own length — sequence unfolding), from the
 *            n reduced elements:
 *            `uniform`: position j holds element ⌊j·n/L⌋, so each element appears ⌊L/n⌋ or ⌈L/n⌉
 *                       times, in order, the extra copies spread evenly (L = n: the identity);
 *            `last`:    the reduced sequence, then its last element repeated to length L;
 *            `none`:    the reduced sequence itself (variable length; softLength unused).
 * A reduced sequence longer than L is an InputError, or with `overflow: "truncate"` its first L
 * elements, flagged `truncated`. A segment without any chord reduces to the empty sequence: there
 * is nothing to align it to, so callers skip it (and count it).
 */
import type { TargetConfig } from "../config/schema.js";
import { NO_CHORD, NUM_CHORDS } from "../annotations/chordClasses.js";
import { InputError } from "../errors.js";

export interface StrongTargets {
  /** [L][24] one-hot; all zero at no-chord frames. */
  target: Float32Array;
  /** [L] 1 = the frame has a chord (counts in losses and metrics). */
  mask: Uint8Array;
}

export function strongTargets(labels: Int16Array): StrongTargets {
  const target = new Float32Array(labels.length * NUM_CHORDS);
  const mask = new Uint8Array(labels.length);
  labels.forEach((chord, n) => {
    if (chord === NO_CHORD) return;
    target[n * NUM_CHORDS + chord] = 1;
    mask[n] = 1;
  });
  return { target, mask };
}

/** The chord sequence without no-chord frames and without adjacent repetitions. */
export function reduceLabels(labels: Int16Array): Int16Array {
  const out: number[] = [];
  for (const chord of labels) {
    if (chord >= 0 && chord !== out[out.length - 1]) out.push(chord); // no chord (and OUT_OF_VOCABULARY) dropped
  }
  return Int16Array.from(out);
}

export interface SoftTarget {
  /** [softLength], or [reduced length] with padding "none"; empty when the segment has no chord. */
  sequence: Int16Array;
  /** The reduced sequence was longer than softLength and was cut (overflow "truncate"). */
  truncated: boolean;
}

export function softTargets(
  labels: Int16Array,
  cfg: Pick<TargetConfig, "softLength" | "padding" | "overflow">,
  where: { song: string; segment: number },
): SoftTarget {
  const reduced = reduceLabels(labels);
  if (reduced.length === 0 || cfg.padding === "none") return { sequence: reduced, truncated: false };
  const lengthL = resolveSoftLength(cfg.softLength, labels.length);
  if (reduced.length > lengthL) {
    if (cfg.overflow === "truncate") return { sequence: reduced.slice(0, lengthL), truncated: true };
    throw new InputError(
      `segment ${where.segment} of "${where.song}": the reduced target has ${reduced.length} chords, more than ` +
        `targets.softLength = ${lengthL}; raise targets.softLength or set targets.overflow: truncate`,
    );
  }
  const sequence = cfg.padding === "uniform" ? padUniform(reduced, lengthL) : padLast(reduced, lengthL);
  return { sequence, truncated: false };
}

/** The soft length in elements: `frames` is the segment's length in frames (unfolding). */
export function resolveSoftLength(softLength: TargetConfig["softLength"], segmentFrames: number): number {
  return softLength === "frames" ? segmentFrames : softLength;
}

/** Position j ← element ⌊j·n/L⌋ (n ≤ L, n ≥ 1). Integer products: exact for any realistic L. */
export function padUniform(reduced: Int16Array, lengthL: number): Int16Array {
  const n = reduced.length;
  const out = new Int16Array(lengthL);
  for (let j = 0; j < lengthL; j++) out[j] = reduced[Math.floor((j * n) / lengthL)];
  return out;
}

/** The reduced sequence, then its last element to length L (n ≤ L, n ≥ 1). */
export function padLast(reduced: Int16Array, lengthL: number): Int16Array {
  const out = new Int16Array(lengthL).fill(reduced[reduced.length - 1]);
  out.set(reduced);
  return out;
}

/**
 * Is a trained model degenerate? Decided from the confusion matrix of an evaluated set alone
 * (rows reference, columns estimate, the last index = no chord: 24, or 60 for the context model's
 * sevenths vocabulary: confusion.ts), so a reader can decide it
 * again for a run folder written before this check existed. docs/degenerate-models.md explains
 * the rules and their thresholds.
 *
 * A set is degenerate when
 *  1. "one class": one class is estimated on ≥ DOMINANT_SHARE of its frames while no reference
 *     class covers REFERENCE_TOP_SHARE of the frames with a reference chord (the reference has
 *     several chords, the model answers one), or
 *  2. "trivial baseline": its F is not above the F of the best constant prediction on the same
 *     frames (the one chord that, estimated on every frame, scores highest).
 *
 * The F of a constant prediction follows from the reference counts (scores.ts, FMP §5.2.2): with
 * n frames, r of them with a reference chord and r_c of chord c, estimating c everywhere gives
 * TP = r_c, FP = n − r_c, FN = r − r_c, so P = r_c/n, R = r_c/r and F = 2·r_c/(n + r). Likewise a
 * model's F is 2·TP/(e + r) with e the frames it estimates a chord on.
 */
import { harteLabel, NO_CHORD, NUM_CHORDS } from "../annotations/chordClasses.js";
import { vocabularyOf } from "../annotations/vocabulary.js";

/** Confusion sizes: chord classes + N (24 + 1; the sevenths vocabulary's 60 + 1). */
const CONFUSION_SIZES = [NUM_CHORDS + 1, vocabularyOf("sevenths").classes];

/** Rule 1: one class on at least this share of the frames … */
export const DOMINANT_SHARE = 0.9;
/** … while the reference's largest chord class covers less than this share of its chord frames. */
export const REFERENCE_TOP_SHARE = 0.5;

/** A class (0..23, 0..59 with sevenths, or NO_CHORD = −1) and the share of frames it covers. */
export interface ClassShare {
  class: number;
  share: number;
}

/** A trivial prediction (one class on every frame) and its F on the set's frames. */
export interface Baseline {
  class: number;
  f: number;
}

/** What the check found on one evaluated set. */
export interface SetHealth {
  frames: number;
  /** The model's F on these frames (equal to the set's `Scores.f`). */
  f: number;
  /** The most estimated class; share of all frames. */
  dominant: ClassShare;
  /** The largest reference chord class; share of the frames with a reference chord (null without any). */
  referenceTop: ClassShare | null;
  /** The best constant prediction (null when no frame has a reference chord). */
  constantBaseline: Baseline | null;
  /** Estimating the training set's most frequent chord everywhere (null when not known). */
  trainMajorityBaseline: Baseline | null;
  /** Why the set is degenerate; empty when it is not. */
  reasons: string[];
}

/** metrics.json `health`. */
export interface Health {
  degenerate: boolean;
  /** Every reason of every set, each naming its set ("test", "validation"). */
  reasons: string[];
  test: SetHealth | null;
  val: SetHealth | null;
}

/** "100 %", "89.9 %": rounded down, so a share shown as 90 % is at least 90 %. */
export const percent = (share: number) => `${Math.floor(share * 1000) / 10} %`;

/**
 * The check on one set. `where` names the set in the reasons ("test", "validation");
 * `trainMajorityClass` is the training set's most frequent reference chord, if known.
 */
export function setHealth(confusion: readonly (readonly number[])[], where: string, trainMajorityClass?: number): SetHealth {
  const size = confusion.length;
  if (!CONFUSION_SIZES.includes(size) || confusion.some((row) => row.length !== size)) {
    throw new Error(`confusion matrix must be ${CONFUSION_SIZES.map((n) => `${n}×${n}`).join(" or ")}, got ${confusion.length}×${confusion[0]?.length ?? 0}`);
  }
  const chords = size - 1; // index of N
  const classOf = (index: number) => (index === chords ? NO_CHORD : index);
  const referenceOf = new Array<number>(size).fill(0);
  const estimatedOf = new Array<number>(size).fill(0);
  let tp = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      referenceOf[i] += confusion[i][j];
      estimatedOf[j] += confusion[i][j];
    }
    if (i < chords) tp += confusion[i][i];
  }
  const frames = referenceOf.reduce((a, b) => a + b, 0);
  const chordFrames = frames - referenceOf[chords]; // r
  const estimatedChords = frames - estimatedOf[chords]; // e
  const f = tp > 0 ? (2 * tp) / (estimatedChords + chordFrames) : 0;
  const top = argmax(estimatedOf);
  const dominant = { class: classOf(top), share: frames > 0 ? estimatedOf[top] / frames : 0 };
  const refTop = argmax(referenceOf.slice(0, chords));
  const referenceTop = chordFrames > 0 ? { class: refTop, share: referenceOf[refTop] / chordFrames } : null;
  const constantF = (c: number) => (2 * referenceOf[c]) / (frames + chordFrames);
  const constantBaseline = chordFrames > 0 ? { class: refTop, f: constantF(refTop) } : null;
  const trainMajorityBaseline =
    chordFrames > 0 && trainMajorityClass !== undefined && trainMajorityClass >= 0 && trainMajorityClass < chords
      ? { class: trainMajorityClass, f: constantF(trainMajorityClass) }
      : null;

  const reasons: string[] = [];
  if (frames > 0 && referenceTop && dominant.share >= DOMINANT_SHARE && referenceTop.share < REFERENCE_TOP_SHARE) {
    reasons.push(
      `predicts ${harteLabel(dominant.class)} on ${percent(dominant.share)} of ${where} frames ` +
        `(the reference's largest chord, ${harteLabel(referenceTop.class)}, covers ${percent(referenceTop.share)})`,
    );
  }
  if (constantBaseline && f <= constantBaseline.f) {
    const train = trainMajorityBaseline ? `; the training set's majority chord ${harteLabel(trainMajorityBaseline.class)} everywhere: ${trainMajorityBaseline.f.toFixed(3)}` : "";
    reasons.push(
      `${where} F ${f.toFixed(3)} is not above the constant-class baseline ${constantBaseline.f.toFixed(3)} ` +
        `(${harteLabel(constantBaseline.class)} on every frame${train})`,
    );
  }
  return { frames, f, dominant, referenceTop, constantBaseline, trainMajorityBaseline, reasons };
}

/** The check on the test set and, when given, the validation set. */
export function assessHealth(sets: {
  test?: readonly (readonly number[])[];
  val?: readonly (readonly number[])[];
  trainMajorityClass?: number;
}): Health {
  const test = sets.test ? setHealth(sets.test, "test", sets.trainMajorityClass) : null;
  const val = sets.val ? setHealth(sets.val, "validation", sets.trainMajorityClass) : null;
  const reasons = [...(test?.reasons ?? []), ...(val?.reasons ?? [])];
  return { degenerate: reasons.length > 0, reasons, test, val };
}

/** The most frequent chord class (0..23, 0..59) of some label sequences; undefined when none has a chord. */
export function majorityClass(labels: readonly Int16Array[]): number | undefined {
  const counts = new Array<number>(CONFUSION_SIZES[CONFUSION_SIZES.length - 1] - 1).fill(0);
  for (const seq of labels) for (const c of seq) if (c >= 0) counts[c]++;
  const best = argmax(counts);
  return counts[best] > 0 ? best : undefined;
}

/** Index of the largest value; the first one on a tie. */
function argmax(xs: readonly number[]): number {
  let best = 0;
  for (let k = 1; k < xs.length; k++) if (xs[k] > xs[best]) best = k;
  return best;
}

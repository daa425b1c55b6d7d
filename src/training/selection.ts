/**
 * What picks the best epoch (training.selectBy), as a function of one epoch's record, so that the
 * best-epoch choice and early stopping read the same number.
 *
 * `valLoss`: the validation value of the training loss. For CTC this can prefer a degenerate
 * model: a blank that takes every frame lowers the CTC loss (issue 16, docs/ctc.md).
 *
 * `valChordLoss`: the chord-sequence loss of the validation set, which uses only what the weak
 * labels know (each segment's reduced chord sequence) and only the 24 chord outputs the
 * predictions are decoded from (never the CTC blank): per segment,
 *     −log Σ_{a ∈ A(l)} Π_t p_t(a_t) / L,   p_t = softmax of the 24 chord logits at frame t,
 * A(l) = every way to give each frame one label of l = (l_1 … l_L) in order, each label at least
 * one frame (a monotone segmentation: CTC without blank states), then the mean over segments.
 * A model that predicts one class everywhere, or whose chord outputs carry no information,
 * pays −log(1/24) per frame here whatever its blank does. Being a likelihood it also rises when
 * the chord outputs grow overconfident (the logits' scale keeps growing under CTC), which can
 * favour early epochs.
 *
 * `valSequenceAccuracy`: 1 − the sequence-aligned accuracy of the validation set: the share of
 * frames whose predicted chord (argmax of the 24 chord outputs) equals the element of the reduced
 * sequence the frame is aligned to, under the monotone segmentation that maximises that share
 * (a Viterbi pass; each element at least one frame). It depends only on the decoded chords, so
 * neither the blank nor the outputs' confidence moves it; one chord predicted everywhere scores
 * at most that chord's share of the sequence.
 */
import { NUM_CHORDS } from "../annotations/chordClasses.js";
import { ctcKernel } from "../losses/ctc.js";
import type { LossWorkspace } from "../losses/workspace.js";
import { reduceLabels } from "../dataset/targets.js";
import type { PreparedSet } from "./batches.js";
import type { EpochRecord } from "./types.js";

export type SelectBy = "valLoss" | "valChordLoss" | "valSequenceAccuracy";

/** The number an epoch is ranked by (lower is better; NaN: this epoch cannot be ranked). */
export function selectionScore(record: Pick<EpochRecord, "valLoss" | "valChordLoss" | "valSequenceAccuracy">, selectBy: SelectBy): number {
  if (selectBy === "valChordLoss") return record.valChordLoss;
  if (selectBy === "valSequenceAccuracy") return 1 - record.valSequenceAccuracy;
  return record.valLoss;
}

/**
 * Sequence-aligned accuracy (module comment) of decoded chords `estimate` [items × frames]
 * against each item's reduced sequence: Σ_items max_segmentation #(frames matching their element)
 * / Σ frames of the items with a non-empty sequence; NaN when there are none.
 */
export function sequenceAlignedAccuracy(estimate: ArrayLike<number>, frames: number, sequences: readonly Int32Array[]): number {
  let matched = 0;
  let counted = 0;
  let prev = new Float64Array(0);
  let cur = new Float64Array(0);
  for (let b = 0; b < sequences.length; b++) {
    const labels = sequences[b];
    const L = labels.length;
    if (L === 0 || L > frames) continue;
    if (prev.length < L) {
      prev = new Float64Array(L);
      cur = new Float64Array(L);
    }
    // best[t][s]: most matches of frames 0..t with frame t in element s (s ≤ t, and L−1−s ≤ frames−1−t)
    for (let t = 0; t < frames; t++) {
      const hit = estimate[b * frames + t];
      const sLo = Math.max(0, L - frames + t);
      const sHi = Math.min(L - 1, t);
      for (let s = sLo; s <= sHi; s++) {
        let before: number;
        if (t === 0) before = 0;
        else {
          const stay = s <= t - 1 ? prev[s] : -Infinity;
          const advance = s >= 1 ? prev[s - 1] : -Infinity;
          before = stay > advance ? stay : advance;
        }
        cur[s] = before + (hit === labels[s] ? 1 : 0);
      }
      const swap = prev;
      prev = cur;
      cur = swap;
    }
    matched += prev[L - 1];
    counted += frames;
  }
  return counted === 0 ? NaN : matched / counted;
}

const C = NUM_CHORDS + 1; // the kernel's classes: the 24 chords and a blank that is never possible

/**
 * The chord-sequence loss (module comment) of logits [items][frames][outputs] (outputs 24, or 25
 * with a CTC blank, which is ignored) against each item's reduced sequence (no adjacent repeats,
 * no blank). Items with an empty sequence are left out; NaN when none is left.
 */
export function chordSequenceLoss(
  logits: ArrayLike<number>,
  dims: { items: number; frames: number; outputs: number },
  sequences: readonly Int32Array[],
  workspace: LossWorkspace,
  scratch: { logp?: Float64Array } = {},
): number {
  const { items, frames, outputs } = dims;
  if (!scratch.logp || scratch.logp.length < frames * C) scratch.logp = new Float64Array(frames * C);
  const logp = scratch.logp;
  let total = 0;
  let counted = 0;
  for (let b = 0; b < items; b++) {
    const labels = sequences[b];
    if (labels.length === 0) continue;
    for (let t = 0; t < frames; t++) {
      const at = (b * frames + t) * outputs;
      let m = -Infinity;
      for (let k = 0; k < NUM_CHORDS; k++) if (logits[at + k] > m) m = logits[at + k];
      let sum = 0;
      for (let k = 0; k < NUM_CHORDS; k++) sum += Math.exp(logits[at + k] - m);
      const lse = m + Math.log(sum);
      for (let k = 0; k < NUM_CHORDS; k++) logp[t * C + k] = logits[at + k] - lse;
      logp[t * C + NUM_CHORDS] = -Infinity;
    }
    const value = ctcKernel(logp, 0, frames, C, labels, labels.length, NUM_CHORDS, workspace, null, 0, "chordSequenceLoss");
    total += value / labels.length;
    counted++;
  }
  return counted === 0 ? NaN : total / counted;
}

const setSequences = new WeakMap<PreparedSet, Int32Array[]>();

/**
 * chordSequenceLoss of a whole prepared set's logits [segments][frames][outputs] against each
 * segment's reduced chord sequence (the CTC target; dataset/targets.ts reduceLabels), the
 * sequences built once per set. What every engine's validate() reports as `chordLoss`.
 */
export function setChordSequenceLoss(set: PreparedSet, logits: ArrayLike<number>, outputs: number, workspace: LossWorkspace): number {
  return chordSequenceLoss(logits, { items: set.segments.length, frames: set.frames, outputs }, sequencesOf(set), workspace);
}

/** sequenceAlignedAccuracy of a whole prepared set's decoded chords [segments × frames]. */
export function setSequenceAccuracy(set: PreparedSet, estimate: ArrayLike<number>): number {
  return sequenceAlignedAccuracy(estimate, set.frames, sequencesOf(set));
}

function sequencesOf(set: PreparedSet): Int32Array[] {
  let sequences = setSequences.get(set);
  if (!sequences) {
    sequences = set.segments.map((s) => Int32Array.from(reduceLabels(s.trainLabels)));
    setSequences.set(set, sequences);
  }
  return sequences;
}

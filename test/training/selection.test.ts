/**
 * The chord-sequence loss (training/selection.ts): −log Σ over monotone segmentations of the
 * reduced sequence of Π_t softmax₂₄(chord logits)_t(label), per label, mean over segments.
 */
import { describe, expect, it } from "vitest";
import { chordSequenceLoss, selectionScore, sequenceAlignedAccuracy } from "../../src/training/selection.js";
import { createLossWorkspace } from "../../src/losses/workspace.js";
import { createRng } from "../../src/util/random.js";

const rng = createRng(16, 9);
const workspace = createLossWorkspace();

/** Σ over every segmentation of T frames into L ordered non-empty runs of Π_t p_t(label of its run), by enumeration. */
function bruteForce(logits: number[][], labels: number[]): number {
  const T = logits.length;
  const L = labels.length;
  const logp = logits.map((row) => {
    const chords = row.slice(0, 24);
    const m = Math.max(...chords);
    const lse = m + Math.log(chords.reduce((s, v) => s + Math.exp(v - m), 0));
    return chords.map((v) => v - lse);
  });
  let total = 0;
  // choose L − 1 cut points among the T − 1 gaps
  const walk = (start: number, label: number, logProduct: number): void => {
    if (label === L - 1) {
      let lp = logProduct;
      for (let t = start; t < T; t++) lp += logp[t][labels[label]];
      total += Math.exp(lp);
      return;
    }
    let lp = logProduct;
    for (let end = start; end < T - (L - 1 - label); end++) {
      lp += logp[end][labels[label]];
      walk(end + 1, label + 1, lp);
    }
  };
  walk(0, 0, 0);
  return -Math.log(total) / L;
}

describe("chordSequenceLoss", () => {
  it("a case by hand: 2 frames, sequence [0, 1], uniform chord logits → −log(1/24 · 1/24)/2 = log 24", () => {
    const logits = new Float64Array(2 * 25); // all zeros, a blank logit of 0 too
    const v = chordSequenceLoss(logits, { items: 1, frames: 2, outputs: 25 }, [Int32Array.from([0, 1])], workspace);
    expect(v).toBeCloseTo(Math.log(24), 12);
  });

  it("equals the sum over every segmentation (brute force), for 24 and 25 outputs", () => {
    for (const outputs of [24, 25]) {
      const T = 7;
      const rows = Array.from({ length: T }, () => Array.from({ length: outputs }, () => 2 * rng.normal()));
      const sequences = [[3, 15, 3], [7], [0, 1, 2, 3, 4, 5, 6]];
      const logits = new Float64Array(sequences.length * T * outputs);
      for (let b = 0; b < sequences.length; b++) rows.forEach((r, t) => logits.set(r, (b * T + t) * outputs));
      const v = chordSequenceLoss(logits, { items: sequences.length, frames: T, outputs }, sequences.map((s) => Int32Array.from(s)), workspace);
      const expected = sequences.reduce((s, l) => s + bruteForce(rows, l), 0) / sequences.length;
      expect(v).toBeCloseTo(expected, 10);
    }
  });

  it("does not depend on the blank logit (a blank that takes every frame cannot lower it)", () => {
    const T = 20;
    const logits = Float64Array.from({ length: T * 25 }, () => rng.normal());
    const seq = [Int32Array.from([4, 9, 16])];
    const before = chordSequenceLoss(logits, { items: 1, frames: T, outputs: 25 }, seq, workspace);
    for (let t = 0; t < T; t++) logits[t * 25 + 24] = 50;
    expect(chordSequenceLoss(logits, { items: 1, frames: T, outputs: 25 }, seq, workspace)).toBe(before);
  });

  it("leaves out empty sequences; NaN when every one is empty", () => {
    const logits = new Float64Array(2 * 3 * 24);
    const one = chordSequenceLoss(logits, { items: 2, frames: 3, outputs: 24 }, [Int32Array.from([]), Int32Array.from([5])], workspace);
    expect(one).toBeCloseTo(3 * Math.log(24), 12); // 3 frames of 1/24, one label
    expect(chordSequenceLoss(logits, { items: 2, frames: 3, outputs: 24 }, [Int32Array.from([]), Int32Array.from([])], workspace)).toBeNaN();
  });

  it("selectionScore reads the record's field of the criterion (accuracy as 1 − accuracy: lower is better)", () => {
    const record = { valLoss: 1, valChordLoss: 2, valSequenceAccuracy: 0.75 };
    expect(selectionScore(record, "valLoss")).toBe(1);
    expect(selectionScore(record, "valChordLoss")).toBe(2);
    expect(selectionScore(record, "valSequenceAccuracy")).toBe(0.25);
  });
});

/** Most frames matching their element over every monotone segmentation, by enumeration of the cut points. */
function bruteForceMatches(estimate: number[], labels: number[]): number {
  const T = estimate.length;
  const L = labels.length;
  let best = -1;
  const walk = (start: number, label: number, matched: number): void => {
    if (label === L - 1) {
      let m = matched;
      for (let t = start; t < T; t++) if (estimate[t] === labels[label]) m++;
      best = Math.max(best, m);
      return;
    }
    let m = matched;
    for (let end = start; end < T - (L - 1 - label); end++) {
      if (estimate[end] === labels[label]) m++;
      walk(end + 1, label + 1, m);
    }
  };
  walk(0, 0, 0);
  return best;
}

describe("sequenceAlignedAccuracy", () => {
  it("a case by hand: estimate C C G G Am Am against (C, Am): C C | G G Am Am → 4 of 6", () => {
    // the G frames match neither element: the best cut gives C to frames 0–1 (or 0–3) and Am to 4–5
    expect(sequenceAlignedAccuracy([0, 0, 7, 7, 21, 21], 6, [Int32Array.from([0, 21])])).toBeCloseTo(4 / 6, 12);
  });

  it("equals the best segmentation found by enumeration, pooled over items (empty sequences left out)", () => {
    const T = 9;
    const items = [
      { estimate: Array.from({ length: T }, () => rng.int(4)), labels: [1, 2, 1] },
      { estimate: Array.from({ length: T }, () => rng.int(4)), labels: [0, 3] },
      { estimate: Array.from({ length: T }, () => rng.int(4)), labels: [3, 2, 1, 0, 3, 2, 1, 0, 3] },
      { estimate: Array.from({ length: T }, () => rng.int(4)), labels: [] },
      { estimate: Array.from({ length: T }, () => rng.int(4)), labels: [2] },
    ];
    const expected = items.filter((i) => i.labels.length > 0).reduce((s, i) => s + bruteForceMatches(i.estimate, i.labels), 0) / (4 * T);
    const got = sequenceAlignedAccuracy(items.flatMap((i) => i.estimate), T, items.map((i) => Int32Array.from(i.labels)));
    expect(got).toBeCloseTo(expected, 12);
  });

  it("one chord predicted everywhere scores at most that chord's share of the alignment", () => {
    // (C, G, Am, F) over 8 frames, C everywhere: C can hold at most 5 frames (the other three need one each)
    expect(sequenceAlignedAccuracy(new Array(8).fill(0), 8, [Int32Array.from([0, 7, 21, 5])])).toBeCloseTo(5 / 8, 12);
  });
});

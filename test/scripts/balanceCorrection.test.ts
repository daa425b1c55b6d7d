/**
 * scripts/balance-correction.ts: the class balance undone at prediction time subtracts ln w_c from
 * chord c's logit (the logit adjustment of a weighted loss), leaves outputs past the 24 chords
 * alone, and so moves a decision between a major and a minor chord exactly when their logits
 * differ by less than the log ratio of the weights.
 */
import { describe, expect, it } from "vitest";
import { balanceCorrected } from "../../scripts/balance-correction.js";
import { predictClasses, type ChordScorer } from "../../src/model/predict.js";

/** A scorer that returns fixed logits per frame (one frame per 12 chroma values), 24 or 25 outputs. */
function fixedScorer(frames: number[][]): ChordScorer {
  const outputs = frames[0].length;
  return {
    engine: "js",
    outputs,
    logits: () => Float64Array.from(frames.flat()),
    dispose: () => undefined,
  };
}

describe("the class balance undone at prediction time", () => {
  // major rows weigh 0.8, minor rows 2 (as classBalance.ts gives for a minor share of 1/6 at β = 0.5… any weights do)
  const weights = [...Array(12).fill(0.8), ...Array(12).fill(2)];
  const shift = Math.log(2) - Math.log(0.8); // what the correction takes from a minor logit relative to a major one

  it("subtracts ln w_c from every chord's logit, frame by frame", () => {
    const row = Array.from({ length: 24 }, (_, c) => c / 10);
    const out = balanceCorrected(fixedScorer([row, row]), weights).logits(new Float32Array(24));
    for (let f = 0; f < 2; f++) for (let c = 0; c < 24; c++) expect(out[f * 24 + c]).toBeCloseTo(c / 10 - Math.log(weights[c]), 12);
  });

  it("leaves the CTC blank (output 24) unchanged", () => {
    const row = [...Array(24).fill(0), 5];
    const out = balanceCorrected(fixedScorer([row]), [...weights, 3]).logits(new Float32Array(12));
    expect(out[24]).toBe(5);
    expect(out[0]).toBeCloseTo(-Math.log(0.8), 12);
  });

  it("turns a minor decision into the major one only when the minor lead is below ln(w_minor / w_major)", () => {
    const frame = (lead: number) => {
      const row = Array(24).fill(-10);
      row[0] = 0; // C major
      row[16] = lead; // E minor, C major's relative-minor neighbour
      return row;
    };
    const scorer = fixedScorer([frame(shift - 0.01), frame(shift + 0.01)]);
    const segment = { chroma: new Float32Array(2 * 12) };
    expect([...predictClasses(scorer, [segment])[0]]).toEqual([16, 16]);
    expect([...predictClasses(balanceCorrected(scorer, weights), [segment])[0]]).toEqual([0, 16]);
  });
});

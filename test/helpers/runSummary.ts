import type { RunSummary } from "../../src/experiment/table.js";

/**
 * A run's summary as a batch table reads it: a completed soft-DTW run (uniform padding, target
 * length 16 of 150) whose F, precision, recall, majmin and both recalls are all `f`, without
 * vocabulary scores (a study-protocol dChord run: NaN); `fields` replaces any of that.
 */
export function runSummary(row: string, seed: number, f: number, fields: Partial<RunSummary> = {}): RunSummary {
  return {
    row,
    slug: row,
    seed,
    fold: null,
    dir: `/r/${row}/${seed}`,
    status: "COMPLETED",
    loss: "softDtw",
    padding: "uniform",
    targetLength: 16,
    originalLength: 150,
    testF1: f,
    testPrecision: f,
    testRecall: f,
    majmin: f,
    majorRecall: f,
    minorRecall: f,
    minorShare: 0.1,
    bestEpoch: 10,
    seconds: 2,
    stoppedEpoch: 200,
    mirEvalSevenths: NaN,
    mirEvalMajmin: NaN,
    frameSevenths: NaN,
    recall7: NaN,
    recallMaj7: NaN,
    recallMin7: NaN,
    recallN: NaN,
    degenerate: false,
    reasons: [],
    stoppedEarly: false,
    ...fields,
  };
}

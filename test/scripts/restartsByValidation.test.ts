/**
 * scripts/restarts-by-validation.ts on a planted batch folder: the expected test F of "keep the
 * best of K seeds by the run's own selection score" worked out by hand over every K-subset.
 */
import { describe, expect, it } from "vitest";
import { restartTable } from "../../scripts/restarts-by-validation.js";
import { tmpFolder } from "../helpers/tmp.js";

/** One finished run: its kept epoch (2 of 3) has `value` in the column of `selectBy` (a loss, or an accuracy). */
function run(seed: number, testF: number, value: number, selectBy = "valLoss"): Record<string, string> {
  const column = value;
  return {
    "metrics.json": JSON.stringify({ bestEpoch: 2, test: { f: testF } }),
    "config.json": JSON.stringify({ seed, training: { selectBy } }),
    "history.csv": ["epoch,train_loss,val_loss,val_sequence_accuracy", `1,9,99,0.01`, `2,9,${column},${column}`, `3,9,99,0.01`].join("\n"),
  };
}

function batch(rows: Record<string, Record<string, string>[]>): string {
  const files: Record<string, string> = {};
  for (const [folder, runs] of Object.entries(rows)) {
    runs.forEach((r, i) => {
      for (const [name, content] of Object.entries(r)) files[`${folder}/20261207-000000-00${i}-s${i}/${name}`] = content;
    });
  }
  files["batch.json"] = "{}";
  return tmpFolder(files);
}

describe("restarts chosen by the validation score", () => {
  it("averages the best-scoring run's test F over every K-subset, per fold, then over folds", () => {
    // fold 0: scores 3, 1, 2 → test F 0.5, 0.9, 0.7 (lower score, higher F)
    // fold 1: scores 1, 2, 3 → test F 0.4, 0.6, 0.8 (lower score, lower F)
    const dir = batch({
      "a-fold0": [run(0, 0.5, 3), run(1, 0.9, 1), run(2, 0.7, 2)],
      "a-fold1": [run(0, 0.4, 1), run(1, 0.6, 2), run(2, 0.8, 3)],
    });
    const [row] = restartTable(dir, [2, 3]);
    expect(row.row).toBe("a");
    expect(row.runs).toBe(6);
    // K = 1: the plain mean of each fold, (0.7 + 0.6) / 2
    expect(row.expected.get(1)).toBeCloseTo(0.65, 12);
    // K = 2, fold 0: pairs {0,1}→0.9, {0,2}→0.7, {1,2}→0.9: 2.5/3; fold 1: {0,1}→0.4, {0,2}→0.4, {1,2}→0.6: 1.4/3
    expect(row.expected.get(2)).toBeCloseTo((2.5 / 3 + 1.4 / 3) / 2, 12);
    // K = 3: the lowest score of all, 0.9 and 0.4
    expect(row.expected.get(3)).toBeCloseTo(0.65, 12);
    // score against F: −1 in fold 0, +1 in fold 1
    expect(row.correlation).toBeCloseTo(0, 12);
  });

  it("reads a run selected by the sequence accuracy by that accuracy (higher is better)", () => {
    const dir = batch({ b: [run(0, 0.3, 0.2, "valSequenceAccuracy"), run(1, 0.6, 0.9, "valSequenceAccuracy")] });
    const [row] = restartTable(dir, [2]);
    expect(row.row).toBe("b");
    // score = 1 − accuracy (selection.ts): the run with accuracy 0.9 wins
    expect(row.expected.get(2)).toBeCloseTo(0.6, 12);
    expect(row.correlation).toBeCloseTo(-1, 12);
  });
});

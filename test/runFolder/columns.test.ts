/** What one run contributes to the batch table (runFolder/columns.ts), from metrics.json as read. */
import { describe, expect, it } from "vitest";
import { runHealth, runScores } from "../../src/runFolder/index.js";
import { confusionMatrix } from "../../src/evaluation/confusion.js";

describe("runScores", () => {
  const test = { precision: 0.5, recall: 0.4, f: 0.45, majmin: 0.4, majorRecall: 0.6, minorRecall: null, minorShare: 0 };

  it("takes the scores from metrics.test, seconds from run.json, null (no minor frames) as unknown", () => {
    const s = runScores({ test, bestEpoch: 7, epochs: 10 }, { status: "COMPLETED", timings: { totalSec: 3.5 } });
    expect(s).toMatchObject({ testF1: 0.45, testPrecision: 0.5, testRecall: 0.4, majmin: 0.4, majorRecall: 0.6, minorShare: 0, bestEpoch: 7, seconds: 3.5 });
    expect(s.minorRecall).toBeNaN();
  });

  it("stoppedEpoch: the recorded epoch when training stopped early, else the epochs that ran", () => {
    expect(runScores({ test, epochs: 45, stoppedEpoch: 40 }, null).stoppedEpoch).toBe(40);
    expect(runScores({ test, epochs: 200 }, null).stoppedEpoch).toBe(200);
    expect(runScores({ test, epochs: 200, stoppedEpoch: null }, null).stoppedEpoch).toBe(200);
    expect(runScores(undefined, null).stoppedEpoch).toBeNaN();
    expect(runHealth({ stoppedEpoch: 40 }).stoppedEarly).toBe(true);
    expect(runHealth({ stoppedEpoch: null }).stoppedEarly).toBe(false);
  });
});

describe("runScores: the vocabulary columns", () => {
  const test = { precision: 0.5, recall: 0.4, f: 0.45 };
  const mirEval = { perSong: {}, total: { sevenths: 0.61, majmin: 0.83, root: 0.9 } };
  const vocabulary = (name: "majmin" | "sevenths") => ({ name, accuracy: 0.55, majmin: 0.7, recall: {} });

  it("take mir_eval's whole-song sevenths and majmin from mirEval.total, for dChord as for the context model", () => {
    expect(runScores({ test, mirEval }, null)).toMatchObject({ mirEvalSevenths: 0.61, mirEvalMajmin: 0.83 });
    expect(runScores({ test: { ...test, vocabulary: vocabulary("sevenths") }, mirEval }, null)).toMatchObject({ mirEvalSevenths: 0.61, mirEvalMajmin: 0.83, frameSevenths: 0.55 });
  });

  it("frame sevenths: the vocabulary accuracy of a sevenths run only (a majmin run's accuracy is not a sevenths score)", () => {
    expect(runScores({ test: { ...test, vocabulary: vocabulary("majmin") } }, null).frameSevenths).toBeNaN();
    expect(runScores({ test }, null).frameSevenths).toBeNaN();
  });

  it("are unknown without the score (study protocol: no mirEval; a null written for NaN)", () => {
    const s = runScores({ test }, null);
    expect([s.mirEvalSevenths, s.mirEvalMajmin]).toEqual([NaN, NaN]);
    expect(runScores({ test, mirEval: { perSong: {}, total: { sevenths: null } } }, null).mirEvalSevenths).toBeNaN();
  });
});

describe("runHealth", () => {
  it("uses the recorded verdict, else decides from the confusion matrix, else unknown", () => {
    const recorded = { degenerate: true, reasons: ["recorded"], test: null, val: null };
    expect(runHealth({ health: recorded })).toMatchObject({ degenerate: true, reasons: ["recorded"] });
    // Reference C ×60, G ×40; estimate G everywhere: F = 2·40/200 = 0.4, not above constant C 0.6.
    const reference = Int16Array.from([...Array(60).fill(0), ...Array(40).fill(7)]);
    const confusion = confusionMatrix(reference, new Int16Array(100).fill(7));
    expect(runHealth({ confusion })).toMatchObject({ degenerate: true, reasons: ["test F 0.400 is not above the constant-class baseline 0.600 (C:maj on every frame)"] });
    expect(runHealth({ confusion: confusionMatrix(reference, reference) })).toMatchObject({ degenerate: false, reasons: [] });
    expect(runHealth({})).toMatchObject({ degenerate: null, reasons: [] });
  });
});

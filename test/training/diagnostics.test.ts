/**
 * training.diagnostics: the weak-label diagnostics (selection.ts, classShares.ts) are computed every
 * epoch only when asked for or when training.selectBy needs them; the kept epoch's class-share
 * check always runs, from the kept weights, and must equal what a per-epoch run records there.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useWasmBackend } from "../helpers/tf.js";
import { ConfigSchema } from "../../src/config/schema.js";
import { train } from "../../src/training/train.js";
import { plantedSegments } from "./fixtures.js";

beforeAll(useWasmBackend);

const segments = plantedSegments({ segments: 12, frames: 60, seed: 5, noise: 0.15, meanDuration: 10 });
const data = { train: segments.slice(0, 9), val: segments.slice(9) };
const soft = { loss: { kind: "softDtw" }, targets: { kind: "soft" }, report: { alignmentEpochs: [] } };
const config = (training: Record<string, unknown>) => ConfigSchema.parse({ ...soft, training: { epochs: 5, ...training } });

describe("training.diagnostics", () => {
  it("absent: no per-epoch weak diagnostics, but the kept epoch's minor share equals the per-epoch run's", async () => {
    const lean = await train(data, config({}), { seed: 2 });
    const full = await train(data, config({ diagnostics: "epoch" }), { seed: 2 });
    // the diagnostics never change training: same epochs, losses and kept weights
    expect(lean.history.map((h) => h.valLoss)).toEqual(full.history.map((h) => h.valLoss));
    expect(lean.bestEpoch).toBe(full.bestEpoch);
    expect(lean.best).toEqual(full.best);
    for (const h of lean.history) {
      expect(h.valChordLoss).toBeNaN();
      expect(h.valSequenceAccuracy).toBeNaN();
      if (h.epoch !== lean.bestEpoch) expect(h.trainMinorShare).toBeNaN();
    }
    for (const h of full.history) {
      expect(Number.isFinite(h.valChordLoss)).toBe(true);
      expect(h.valSequenceAccuracy).toBeGreaterThanOrEqual(0);
      expect(h.trainMinorShare).toBeGreaterThanOrEqual(0);
    }
    const kept = (r: typeof lean) => r.history[r.bestEpoch - 1].trainMinorShare;
    expect(kept(lean)).toBe(kept(full));
    lean.model.dispose();
    full.model.dispose();
  });

  it("a selection criterion that needs them computes them every epoch", async () => {
    const r = await train(data, config({ selectBy: "valSequenceAccuracy" }), { seed: 2 });
    for (const h of r.history) expect(h.valSequenceAccuracy).toBeGreaterThanOrEqual(0);
    const scores = r.history.map((h) => h.valSequenceAccuracy);
    expect(r.bestEpoch).toBe(scores.indexOf(Math.max(...scores)) + 1);
    r.model.dispose();
  });
});

describe("early stopping watches the selection score", () => {
  it("with selectBy valSequenceAccuracy it stops `patience` epochs after the best sequence accuracy, not after the best loss", async () => {
    const patience = 2;
    const cfg = (es: boolean) => config({ epochs: 40, learningRate: 0.3, selectBy: "valSequenceAccuracy", ...(es ? { earlyStopping: { patience } } : {}) });
    const full = await train(data, cfg(false), { seed: 3 });
    // the stop epoch by hand from the uninterrupted run's history: the first epoch at least
    // `patience` epochs after the last strict improvement of the accuracy
    let best = -Infinity;
    let bestEpoch = 0;
    let expected: number | undefined;
    for (const h of full.history) {
      if (h.valSequenceAccuracy > best) [best, bestEpoch] = [h.valSequenceAccuracy, h.epoch];
      if (h.epoch >= bestEpoch + patience) {
        expected = h.epoch;
        break;
      }
    }
    expect(expected).toBeDefined();
    const stopped = await train(data, cfg(true), { seed: 3 });
    expect(stopped.stoppedEpoch).toBe(expected);
    expect(stopped.bestEpoch).toBe(bestEpoch);
    // and the same rule on the validation loss would have stopped elsewhere on this run (else the
    // test could not tell the two apart)
    let bestLoss = Infinity;
    let lossEpoch = 0;
    let byLoss: number | undefined;
    for (const h of full.history) {
      if (h.valLoss < bestLoss) [bestLoss, lossEpoch] = [h.valLoss, h.epoch];
      if (h.epoch >= lossEpoch + patience) {
        byLoss = h.epoch;
        break;
      }
    }
    expect(byLoss).not.toBe(expected);
    full.model.dispose();
    stopped.model.dispose();
  });
});

/**
 * Early stopping inside the training loop: where it stops is what the rule says about the
 * recorded validation losses (checked here by brute force), the best epoch's weights are returned,
 * stopping does not change the trajectory (a fixed run of as many epochs gives the same bits), a
 * rerun after an interruption stops where the uninterrupted run did, and the time budget follows
 * an injected clock.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useWasmBackend } from "../helpers/tf.js";
import { ConfigSchema } from "../../src/config/schema.js";
import { train } from "../../src/training/train.js";
import type { EpochRecord, TrainResult } from "../../src/training/index.js";
import { plantedSegments } from "./fixtures.js";
import { createScorer } from "../../src/model/predict.js";

beforeAll(useWasmBackend);

const segments = plantedSegments({ segments: 16, frames: 60, seed: 3, noise: 0.15, meanDuration: 10 });
const data = { train: segments.slice(0, 12), val: segments.slice(12) };
const PATIENCE = 3;
// learning rate 2 overshoots after a few epochs (train.test.ts): the validation loss plateaus early
const config = (training: Record<string, unknown> = {}, over: Record<string, unknown> = {}) =>
  ConfigSchema.parse({ training: { epochs: 40, learningRate: 2, ...training }, report: { alignmentEpochs: [] }, ...over });
const withoutSeconds = (h: EpochRecord[]) => h.map(({ seconds: _s, ...rest }) => rest);
const bits = (r: TrainResult) => JSON.stringify({ best: r.best, last: r.last, bestEpoch: r.bestEpoch, history: withoutSeconds(r.history) });

/**
 * Brute force of the rule with minDelta 0 and no schedule: the first epoch e ≥ patience whose last
 * `patience` losses are all ≥ the lowest loss before them; null when none of the first `epochs` is.
 */
function bruteForceStop(losses: number[], patience: number): number | null {
  for (let e = patience + 1; e <= losses.length; e++) {
    const before = Math.min(...losses.slice(0, e - patience));
    if (losses.slice(e - patience, e).every((l) => !(l < before))) return e;
  }
  return null;
}

describe("train with early stopping", () => {
  let fixed: TrainResult;
  let stopped: TrainResult;
  beforeAll(async () => {
    fixed = await train(data, config(), { seed: 1 });
    stopped = await train(data, config({ earlyStopping: { patience: PATIENCE } }), { seed: 1 });
  });

  it("stops where the rule says on the fixed run's validation losses, and records why", () => {
    const expected = bruteForceStop(fixed.history.map((h) => h.valLoss), PATIENCE);
    expect(expected).not.toBeNull(); // the planted overshoot makes this run stop early
    expect(expected!).toBeLessThan(40);
    expect(stopped.stoppedEpoch).toBe(expected);
    expect(stopped.stopReason).toBe("patience");
    expect(stopped.history).toHaveLength(expected!);
    expect(fixed.stoppedEpoch).toBeNull();
    expect(fixed.stopReason).toBeNull();
    expect(fixed.history).toHaveLength(40);
  });

  it("does not change the trajectory: the same bits as a fixed run of as many epochs", async () => {
    const short = await train(data, config({ epochs: stopped.stoppedEpoch! }), { seed: 1 });
    expect(bits(stopped)).toBe(bits(short));
    expect(withoutSeconds(stopped.history)).toEqual(withoutSeconds(fixed.history.slice(0, stopped.stoppedEpoch!)));
    short.model.dispose();
  });

  it("patience counted in updates stops where the same patience in epochs does, with the same bits", async () => {
    // 12 training segments in batches of 5: 3 updates per epoch, so 3·PATIENCE updates = PATIENCE
    // epochs; one update fewer still rounds up to PATIENCE epochs, one more to PATIENCE + 1
    const inUpdates = await train(data, config({ earlyStopping: { patienceUpdates: 3 * PATIENCE - 1 } }), { seed: 1 });
    expect(inUpdates.patienceInEpochs).toEqual({ patience: PATIENCE, minEpochs: 0, updatesPerEpoch: 3 });
    expect(inUpdates.stoppedEpoch).toBe(stopped.stoppedEpoch);
    expect(bits(inUpdates)).toBe(bits(stopped));
    const longer = await train(data, config({ earlyStopping: { patienceUpdates: 3 * PATIENCE + 1 } }), { seed: 1 });
    expect(longer.stoppedEpoch).not.toBeNull();
    expect(longer.stoppedEpoch).toBe(bruteForceStop(fixed.history.map((h) => h.valLoss), PATIENCE + 1));
    // at least as many updates as the whole run holds: it never stops for patience
    const never = await train(data, config({ earlyStopping: { patienceUpdates: 1, minUpdates: 40 * 3 } }), { seed: 1 });
    expect(never.stoppedEpoch).toBeNull();
    expect(bits(never)).toBe(bits(fixed));
  });

  it("returns the best epoch's weights, not the last epoch's", () => {
    const losses = stopped.history.map((h) => h.valLoss);
    expect(stopped.bestEpoch).toBe(losses.indexOf(Math.min(...losses)) + 1);
    expect(stopped.bestEpoch).toBe(stopped.stoppedEpoch! - PATIENCE); // stopped by patience after the best
    expect(stopped.best).not.toEqual(stopped.last);
    // the returned model scores with the best weights: the same logits as a scorer made from them
    const chroma = data.val[0].chroma;
    const fromBest = createScorer("js", config().model, stopped.best);
    expect(Array.from(stopped.model.logits(chroma))).toEqual(Array.from(fromBest.logits(chroma)));
    const fromLast = createScorer("js", config().model, stopped.last);
    expect(Array.from(stopped.model.logits(chroma))).not.toEqual(Array.from(fromLast.logits(chroma)));
    fromBest.dispose();
    fromLast.dispose();
    // the best of the uninterrupted fixed run is the same epoch with the same weights (the best came before the stop)
    expect(fixed.bestEpoch).toBe(stopped.bestEpoch);
    expect(fixed.best).toEqual(stopped.best);
  });

  it("a rerun after an interrupted run stops at the same epoch with byte-identical weights", async () => {
    const controller = new AbortController();
    const aborted = train(data, config({ earlyStopping: { patience: PATIENCE } }), {
      seed: 1,
      signal: controller.signal,
      onEpoch: (r) => r.epoch === 2 && controller.abort(),
    });
    await expect(aborted).rejects.toThrow();
    const rerun = await train(data, config({ earlyStopping: { patience: PATIENCE } }), { seed: 1 });
    expect(rerun.stoppedEpoch).toBe(stopped.stoppedEpoch);
    expect(bits(rerun)).toBe(bits(stopped));
    rerun.model.dispose();
  });

  it("with a γ schedule, does not stop before the schedule has ended plus patience", async () => {
    const end = 12; // constEpochs + decayEpochs
    const cfg = config({ earlyStopping: { patience: 1 } }, {
      loss: { kind: "softDtw", gammaSchedule: { start: 1, constEpochs: 4, decayEpochs: 8 } },
      targets: { kind: "soft" },
    });
    const r = await train(data, cfg, { seed: 1 });
    const last = r.stoppedEpoch ?? r.history.length;
    expect(last).toBeGreaterThanOrEqual(end + 1);
    // and it stops at the first epoch after the schedule that does not improve on the best so far
    const losses = r.history.map((h) => h.valLoss);
    const firstFlat = losses.findIndex((l, i) => i >= end && !(l < Math.min(...losses.slice(0, i)))) + 1;
    expect(r.stoppedEpoch).toBe(firstFlat > 0 ? firstFlat : null);
    r.model.dispose();
  });

  it("the time budget stops after the first epoch at or past it (injected clock: 7 s per call)", async () => {
    let t = 0;
    const clock = () => (t += 7); // start 7; epoch e ends at 7 + 7e → elapsed 7e; budget 20 s → epoch 3
    const r = await train(data, config({ timeBudgetSec: 20 }), { seed: 1, clock });
    expect(r.stoppedEpoch).toBe(3);
    expect(r.stopReason).toBe("timeBudget");
    expect(r.history).toHaveLength(3);
    r.model.dispose();
  });

  it("passes the epoch it would stop at to onEpoch, and marks the last epoch", async () => {
    const outlooks: { epoch: number; stopBy?: number; last: boolean }[] = [];
    const r = await train(data, config({ epochs: 10, earlyStopping: { patience: 4 } }), {
      seed: 1,
      onEpoch: (rec, o) => outlooks.push({ epoch: rec.epoch, ...o }),
    });
    const losses = r.history.map((h) => h.valLoss);
    outlooks.forEach((o, i) => {
      const bestSoFar = losses.slice(0, i + 1).indexOf(Math.min(...losses.slice(0, i + 1))) + 1;
      expect(o.stopBy).toBe(bestSoFar + 4);
      expect(o.last).toBe(i === outlooks.length - 1);
    });
    r.model.dispose();
  });
});

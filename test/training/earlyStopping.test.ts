import { describe, expect, it } from "vitest";
import { createStopRule, epochsOfUpdates, patienceInEpochs, scheduleEnd, stopRuleOf, updatesPerEpoch, type StopRuleOptions } from "../../src/training/earlyStopping.js";
import { ConfigSchema } from "../../src/config/schema.js";
import { resolveConfig } from "../../src/config/load.js";

const base: StopRuleOptions = { patience: 3, minDelta: 0, minEpochs: 0, scheduleEnd: 0 };

/** Feeds the losses (epoch k = index + 1, 1 s per epoch); the first stop's epoch and reason, or null. */
function stopOf(losses: number[], opts: Partial<StopRuleOptions> = {}, secondsPerEpoch = 1): { epoch: number; reason: string } | null {
  const rule = createStopRule({ ...base, ...opts });
  for (let i = 0; i < losses.length; i++) {
    const d = rule.update(i + 1, losses[i], (i + 1) * secondsPerEpoch);
    if (d.stop) return { epoch: i + 1, reason: d.reason! };
  }
  return null;
}

describe("early stopping rule on hand-made validation-loss curves", () => {
  it("a plateau stops `patience` epochs after the last improvement", () => {
    // best at epoch 3 (0.5); epochs 4, 5, 6 do not improve → stop after epoch 6
    expect(stopOf([1, 0.8, 0.5, 0.5, 0.6, 0.5, 0.4, 0.3])).toEqual({ epoch: 6, reason: "patience" });
  });

  it("a steadily falling curve never stops", () => {
    expect(stopOf([5, 4, 3, 2, 1, 0.5, 0.25, 0.1])).toBeNull();
  });

  it("noise within minDelta is not an improvement", () => {
    // after 1.0 at epoch 1, each epoch falls by 0.01 < minDelta 0.05 (cumulative 0.03 at epoch 4)
    expect(stopOf([1.0, 0.99, 0.98, 0.97, 0.9], { minDelta: 0.05 })).toEqual({ epoch: 4, reason: "patience" });
    // the same curve with minDelta 0 improves every epoch
    expect(stopOf([1.0, 0.99, 0.98, 0.97, 0.9], { minDelta: 0 })).toBeNull();
    // a fall of exactly minDelta is not enough (strictly below best − minDelta)
    expect(stopOf([1.0, 0.5, 0.5, 0.5], { minDelta: 0.5, patience: 3 })).toEqual({ epoch: 4, reason: "patience" });
  });

  it("an improvement at the last patience epoch resets the count", () => {
    // best 0.5 at 2; epochs 3, 4 worse; epoch 5 (= the 3rd patience epoch) improves → counting restarts
    expect(stopOf([1, 0.5, 0.7, 0.6, 0.4, 0.9, 0.9, 0.9, 0.9])).toEqual({ epoch: 8, reason: "patience" });
    // without that improvement it would have stopped at 5
    expect(stopOf([1, 0.5, 0.7, 0.6, 0.6, 0.9])).toEqual({ epoch: 5, reason: "patience" });
  });

  it("NaN never improves and counts towards patience", () => {
    expect(stopOf([1, NaN, NaN, NaN, 0.1])).toEqual({ epoch: 4, reason: "patience" });
    expect(stopOf([NaN, NaN, NaN, 1])).toEqual({ epoch: 3, reason: "patience" });
    // a finite loss after NaN is an improvement over NaN's "nothing yet"
    expect(stopOf([NaN, 1, 0.9, 0.8, 0.7])).toBeNull();
  });

  it("never stops before minEpochs", () => {
    expect(stopOf([1, 2, 2, 2, 2, 2, 2, 2], { minEpochs: 7 })).toEqual({ epoch: 7, reason: "patience" });
  });

  it("with a schedule, patience counts only after the schedule's last epoch", () => {
    // best at epoch 2, schedule ends at epoch 5: epochs 6, 7, 8 are the patience epochs
    const flat = [1, 0.5, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9];
    expect(stopOf(flat, { scheduleEnd: 5 })).toEqual({ epoch: 8, reason: "patience" });
    expect(stopOf(flat, { scheduleEnd: 0 })).toEqual({ epoch: 5, reason: "patience" });
    // an improvement inside the schedule still sets the best loss: epoch 6 is not better than epoch 2
    expect(stopOf([1, 0.3, 0.9, 0.9, 0.9, 0.4, 0.4, 0.4], { scheduleEnd: 5 })).toEqual({ epoch: 8, reason: "patience" });
  });

  it("the time budget stops after the first epoch ending at or after it, even inside a schedule", () => {
    // 4 s per epoch, budget 10 s: epoch 3 ends at 12 s
    expect(stopOf([5, 4, 3, 2, 1], { timeBudgetSec: 10 }, 4)).toEqual({ epoch: 3, reason: "timeBudget" });
    expect(stopOf([5, 4, 3, 2, 1], { timeBudgetSec: 12, scheduleEnd: 100 }, 4)).toEqual({ epoch: 3, reason: "timeBudget" });
    // budget alone (no patience): a plateau runs on
    expect(stopOf([1, 1, 1, 1, 1, 1], { patience: undefined, timeBudgetSec: 100 })).toBeNull();
  });

  it("stopBy is the epoch at which a run without further improvement stops", () => {
    const rule = createStopRule({ ...base, patience: 4, scheduleEnd: 3, minEpochs: 0 });
    rule.update(1, 1, 0);
    expect(rule.stopBy()).toBe(7); // counted from the schedule's end (3) + 4
    for (let e = 2; e <= 5; e++) rule.update(e, 1 - e / 10, 0); // improves until 5
    expect(rule.stopBy()).toBe(9);
    expect(createStopRule({ ...base, patience: undefined }).stopBy()).toBeUndefined();
  });
});

describe("early stopping settings", () => {
  it("is off by default, and the schedules' end is the later of γ and the diagonal prior", () => {
    const cfg = ConfigSchema.parse({});
    expect(cfg.training.earlyStopping).toBeUndefined();
    expect(stopRuleOf(cfg.training, cfg.loss, { validation: true, updatesPerEpoch: 10 })).toBeUndefined();
    expect(scheduleEnd({ gammaSchedule: { start: 1, constEpochs: 10, decayEpochs: 20 }, diagonalPrior: { weight: 1, nu: 1, constEpochs: 5, decayEpochs: 40 } })).toBe(45);
    expect(scheduleEnd({ gammaSchedule: { start: 1, constEpochs: 10, decayEpochs: 20 } })).toBe(30);
    expect(scheduleEnd({})).toBe(0);
  });

  it("without validation segments patience is off (all epochs run) but the budget holds", () => {
    const training = ConfigSchema.parse({ training: { earlyStopping: { patience: 2 }, timeBudgetSec: 50 } }).training;
    const rule = stopRuleOf(training, {}, { validation: false, updatesPerEpoch: 10 })!;
    for (let e = 1; e <= 5; e++) expect(rule.update(e, NaN, e).stop).toBe(false);
    expect(rule.update(6, NaN, 50)).toEqual({ stop: true, reason: "timeBudget" });
  });

  it("rejects a bad patience with the key's path", () => {
    expect(() => ConfigSchema.parse({ training: { earlyStopping: { patience: 0 } } })).toThrow(/patience/);
    expect(() => ConfigSchema.parse({ training: { earlyStopping: { patience: 3, minDelta: -1 } } })).toThrow(/minDelta/);
    expect(() => ConfigSchema.parse({ training: { earlyStopping: { patince: 3 } } })).toThrow(/patince/);
  });

  it("needs exactly one of patience and patienceUpdates", () => {
    expect(() => resolveConfig({ training: { earlyStopping: { minEpochs: 3 } } })).toThrow(
      /^config: training\.earlyStopping: set patience \(epochs\) or patienceUpdates \(Adam updates\), got \{"minDelta":0,"minEpochs":3\}$/,
    );
    expect(() => ConfigSchema.parse({ training: { earlyStopping: { patience: 3, patienceUpdates: 300 } } })).toThrow(/not both/);
    expect(() => ConfigSchema.parse({ training: { earlyStopping: { patienceUpdates: 0 } } })).toThrow(/patienceUpdates/);
    expect(() => ConfigSchema.parse({ training: { earlyStopping: { patienceUpdates: 10, minUpdates: -1 } } })).toThrow(/minUpdates/);
  });
});

describe("patience counted in Adam updates", () => {
  it("an epoch is one update per batch, the last batch may be short", () => {
    // 1979 training segments in batches of 5: 395 full batches and one of 4 (the 180-song corpus)
    expect(updatesPerEpoch(1979, 5)).toBe(396);
    expect(updatesPerEpoch(10, 5)).toBe(2);
    expect(updatesPerEpoch(11, 5)).toBe(3);
    expect(updatesPerEpoch(1, 5)).toBe(1);
  });

  it("updates become the fewest epochs that hold them", () => {
    expect(epochsOfUpdates(4000, 396)).toBe(11); // 10 epochs are 3960 updates, short of 4000
    expect(epochsOfUpdates(3960, 396)).toBe(10);
    expect(epochsOfUpdates(8000, 2)).toBe(4000);
    expect(epochsOfUpdates(0, 7)).toBe(0);
  });

  it("converts patienceUpdates and minUpdates, and keeps the later of minUpdates and minEpochs", () => {
    const es = (e: object) => ConfigSchema.parse({ training: { earlyStopping: e } }).training.earlyStopping!;
    expect(patienceInEpochs(es({ patienceUpdates: 4000, minUpdates: 8000 }), 396)).toEqual({ patience: 11, minEpochs: 21, updatesPerEpoch: 396 });
    // 4 songs, 2 updates per epoch: more epochs than any run has, so such runs never stop for patience
    expect(patienceInEpochs(es({ patienceUpdates: 4000, minUpdates: 8000 }), 2)).toEqual({ patience: 2000, minEpochs: 4000, updatesPerEpoch: 2 });
    expect(patienceInEpochs(es({ patienceUpdates: 4000, minUpdates: 800, minEpochs: 30 }), 400)).toEqual({ patience: 10, minEpochs: 30, updatesPerEpoch: 400 });
    // fewer updates than one epoch holds still wait one epoch
    expect(patienceInEpochs(es({ patienceUpdates: 5 }), 400)).toEqual({ patience: 1, minEpochs: 0, updatesPerEpoch: 400 });
    // settings in epochs pass through, whatever the epoch's size
    expect(patienceInEpochs(es({ patience: 7, minEpochs: 9 }), 396)).toEqual({ patience: 7, minEpochs: 9, updatesPerEpoch: 396 });
  });

  it("the rule of patienceUpdates stops where the same patience in epochs does", () => {
    const curve = [1, 0.5, ...Array.from({ length: 40 }, () => 0.6)];
    const stopAt = (rule: ReturnType<typeof stopRuleOf>) => {
      for (let e = 1; e <= curve.length; e++) if (rule!.update(e, curve[e - 1], e).stop) return e;
      return null;
    };
    const inUpdates = ConfigSchema.parse({ training: { earlyStopping: { patienceUpdates: 1000, minUpdates: 2500 } } }).training;
    const inEpochs = ConfigSchema.parse({ training: { earlyStopping: { patience: 5, minEpochs: 13 } } }).training;
    // 200 updates per epoch: patience 5 epochs, at least 13 epochs (2600 ≥ 2500 updates)
    expect(stopAt(stopRuleOf(inUpdates, {}, { validation: true, updatesPerEpoch: 200 }))).toBe(13);
    expect(stopAt(stopRuleOf(inEpochs, {}, { validation: true, updatesPerEpoch: 200 }))).toBe(13);
    // at 1000 updates per epoch the same setting means patience 1, at least 3 epochs: best at 2, stop at 3
    expect(stopAt(stopRuleOf(inUpdates, {}, { validation: true, updatesPerEpoch: 1000 }))).toBe(3);
  });
});

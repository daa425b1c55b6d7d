/**
 * Class balance by feedback (loss.adaptiveBalance, training/adaptiveBalance.ts): the update rule by
 * hand, an engine whose β was moved equal to one built with that β (training loss) and unchanged
 * (validation loss), a training run whose recorded β follows the rule from its own recorded
 * shares, reproducibly, and whose kept epoch is never one the class-share check flags.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useWasmBackend } from "../helpers/tf.js";
import { ConfigSchema } from "../../src/config/schema.js";
import { prepareSet } from "../../src/training/batches.js";
import { createEngine } from "../../src/training/engines/index.js";
import { train } from "../../src/training/train.js";
import { MAX_BALANCE, nextBalance, SHARE_FLOOR } from "../../src/training/adaptiveBalance.js";
import { impliedMinorShare } from "../../src/training/classShares.js";
import { relativeError } from "../losses/reference.js";
import { plantedSegments } from "./fixtures.js";

beforeAll(useWasmBackend);

describe("nextBalance: β + rate·ln(s / max(ŝ, floor)), clamped to [0, 2]", () => {
  it("by hand", () => {
    expect(nextBalance(0.75, 0.2, 0.4, 0.1)).toBeCloseTo(0.75 + 0.1 * Math.log(0.5), 14); // too much minor: down
    expect(nextBalance(0.75, 0.2, 0.1, 0.1)).toBeCloseTo(0.75 + 0.1 * Math.log(2), 14); // too little: up
    expect(nextBalance(0.5, 0.2, 0.2, 0.3)).toBe(0.5); // matched: unchanged
    expect(nextBalance(0.75, 0.2, 0, 0.1)).toBeCloseTo(0.75 + 0.1 * Math.log(0.2 / SHARE_FLOOR), 14); // collapsed: floored
    expect(nextBalance(0.1, 0.05, 0.9, 1)).toBe(0);
    expect(nextBalance(1.9, 0.3, 0, 1)).toBe(MAX_BALANCE);
    expect(nextBalance(0.7, 0.2, NaN, 1)).toBe(0.7); // no share measured: unchanged
    expect(nextBalance(0.7, 0, 0.1, 1)).toBe(0.7); // sequences without minor: nothing to match
  });
});

const segments = plantedSegments({ segments: 10, frames: 40, seed: 9, noise: 0.15, meanDuration: 8, minorShare: 0.35 });
const cases = [
  { name: "CTC", over: (beta: number) => ({ loss: { kind: "ctc", ctcPriorScale: 1, ctcClassBalance: beta }, targets: { kind: "soft", padding: "none" } }) },
  { name: "soft-DTW", over: (beta: number) => ({ loss: { kind: "softDtw", classBalance: beta }, targets: { kind: "soft", softLength: 12 } }) },
];

describe.each(["js", "tfjs"] as const)("engine %s: setClassBalance", (engine) => {
  it.each(cases)("$name: the training loss of β moved to 0.3 is that of an engine built with 0.3; validation keeps the configured β", ({ over }) => {
    const make = (beta: number) => {
      const cfg = ConfigSchema.parse({ ...over(beta), training: { engine }, report: { alignmentEpochs: [] } });
      const set = prepareSet(segments, cfg);
      return createEngine(engine, { cfg, seed: 4, train: set, val: set });
    };
    const moved = make(0.9);
    const valBefore = moved.validate().loss;
    moved.setClassBalance!(0.3);
    const built = make(0.3);
    const at = { epoch: 1, gamma: 0.3, priorWeight: 0 };
    const a = moved.gradients([0, 2, 5], at);
    const b = built.gradients([0, 2, 5], at);
    expect(Math.abs(a.value - b.value)).toBeLessThan(1e-9 + 1e-6 * Math.abs(b.value));
    expect(relativeError(a.grads, b.grads)).toBeLessThan(1e-6);
    const other = make(0.9).gradients([0, 2, 5], at);
    expect(Math.abs(other.value - a.value)).toBeGreaterThan(1e-6); // β changes the loss: the comparison can fail
    expect(moved.validate().loss).toBe(valBefore);
    for (const e of [moved, built]) e.dispose();
  });
});

describe("train() with loss.adaptiveBalance", () => {
  const cfg = (rate: number) =>
    ConfigSchema.parse({
      loss: { kind: "ctc", ctcPriorScale: 1, ctcClassBalance: 0.75, adaptiveBalance: { rate } },
      targets: { kind: "soft", padding: "none" },
      training: { epochs: 6, selectBy: "valSequenceAccuracy" },
      report: { alignmentEpochs: [] },
    });

  it("records each epoch's β, which follows the rule from the recorded shares, and reruns identically", async () => {
    const input = { train: segments.slice(0, 7), val: segments.slice(7) };
    const run = await train(input, cfg(0.2), { seed: 1 });
    const again = await train(input, cfg(0.2), { seed: 1 });
    const implied = impliedMinorShare(prepareSet(input.train, cfg(0.2)).segments);
    let beta = 0.75;
    for (const h of run.history) {
      expect(h.trainMinorShare).not.toBeNaN();
      expect(h.impliedMinorShare).toBeCloseTo(implied, 15);
      beta = Math.min(2, Math.max(0, beta + 0.2 * Math.log(implied / Math.max(h.trainMinorShare, 0.005))));
      expect(h.classBalance).toBeCloseTo(beta, 12);
    }
    expect(new Set(run.history.map((h) => h.classBalance)).size).toBeGreaterThan(1); // β did move
    expect(again.history.map(({ seconds: _s, ...h }) => h)).toEqual(run.history.map(({ seconds: _s, ...h }) => h));
    run.model.dispose();
    again.model.dispose();
  });

  it("never keeps an epoch the class-share check flags as collapsed, even when it scores best", async () => {
    // planted data where the early, collapsed epochs have the best validation sequence accuracy
    const planted = plantedSegments({ segments: 12, frames: 40, seed: 26, noise: 0.3, meanDuration: 8, minorShare: 0.15 });
    const c = ConfigSchema.parse({
      loss: { kind: "ctc", ctcPriorScale: 1, ctcClassBalance: 0, adaptiveBalance: { rate: 0.05 } },
      targets: { kind: "soft", padding: "none" },
      training: { epochs: 10, selectBy: "valSequenceAccuracy" },
      report: { alignmentEpochs: [] },
    });
    const run = await train({ train: planted.slice(0, 9), val: planted.slice(9) }, c, { seed: 6 });
    const flagged = (h: (typeof run.history)[number]) => h.impliedMinorShare >= 0.05 && h.trainMinorShare < 0.25 * h.impliedMinorShare;
    const first = (rows: typeof run.history) => rows.reduce((b, h) => (h.valSequenceAccuracy > b.valSequenceAccuracy ? h : b));
    expect(flagged(first(run.history))).toBe(true); // the best-scoring epoch is a collapsed one: the rule must act
    expect(run.bestEpoch).toBe(first(run.history.filter((h) => !flagged(h))).epoch);
    expect(flagged(run.history[run.bestEpoch - 1])).toBe(false);
    run.model.dispose();
  });

  it("is refused in one line with BCE, and by the context network with CTC", async () => {
    expect(() => ConfigSchema.parse({ loss: { kind: "bce", adaptiveBalance: { rate: 0.1 } } })).toThrow(/loss.adaptiveBalance moves soft-DTW's or CTC's class balance; with loss.kind bce remove it/);
    const context = ConfigSchema.parse({
      model: { context: { radius: 1, hidden: [8] } },
      loss: { kind: "ctc", adaptiveBalance: { rate: 0.1 } },
      targets: { kind: "soft", padding: "none" },
      training: { engine: "tfjs", epochs: 1 },
      report: { alignmentEpochs: [] },
    });
    await expect(train({ train: segments.slice(0, 3), val: [] }, context, { seed: 0 })).rejects.toThrow(
      /^loss.adaptiveBalance needs dChord, or the context network with soft-DTW and the majmin vocabulary: remove it$/,
    );
  });
});

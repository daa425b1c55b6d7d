/**
 * The time-left arithmetic of run and batch progress (eta.ts) with a fake clock; every expected
 * value is worked out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { createBatchEta, formatBatchStatus, formatDuration, runEta } from "../../src/experiment/eta.js";
import { ConfigSchema } from "../../src/config/schema.js";
import { expectedCost, longestFirst, trainingSongCount } from "../../src/experiment/order.js";

describe("runEta", () => {
  it("seconds per epoch so far × the epochs left, to stopBy and to the last epoch", () => {
    // 100 s for 50 epochs = 2 s/epoch; 150 left → 300 s; stopBy 60 → 10 left → 20 s
    expect(runEta({ elapsedSec: 100, epoch: 50, epochs: 200 })).toEqual({ expectedSec: 300, atMostSec: 300 });
    expect(runEta({ elapsedSec: 100, epoch: 50, epochs: 200, stopBy: 60 })).toEqual({ expectedSec: 20, atMostSec: 300 });
    // stopBy past the last epoch is capped by it; a stop already due leaves 0
    expect(runEta({ elapsedSec: 100, epoch: 50, epochs: 55, stopBy: 80 }).expectedSec).toBe(10);
    expect(runEta({ elapsedSec: 100, epoch: 50, epochs: 200, stopBy: 50 }).expectedSec).toBe(0);
  });
});

describe("createBatchEta (fake clock)", () => {
  it("from running runs' projections, then from finished runs' rates per row, and never below the longest running remainder", () => {
    let t = 0;
    const eta = createBatchEta(
      [
        { key: "A", group: "a", cost: 10 },
        { key: "B", group: "a", cost: 10 },
        { key: "C", group: "c", cost: 30 },
      ],
      { jobs: 2, now: () => t },
    );
    expect(eta.status()).toEqual({ done: 0, total: 3, running: 0, elapsedSec: 0, leftSec: null });
    eta.start("A");
    eta.start("B");
    t = 10;
    eta.epoch("A", { epoch: 5, epochs: 20 });
    // A: 2 s/epoch, 15 epochs left → 30 s; projected 40 s for cost 10 → 4 s/unit
    // B (no epoch yet): 10 × 4 − 10 s spent = 30; C: 30 × 4 = 120; (30 + 30 + 120) / 2 = 90
    expect(eta.status().leftSec).toBe(90);
    // with early stopping due at epoch 8: A has 3 epochs left → 6 s; 16 s per 10 units = 1.6
    // B: 16 − 10 = 6; C: 48; (6 + 6 + 48) / 2 = 30
    eta.epoch("A", { epoch: 5, epochs: 20, stopBy: 8 });
    expect(eta.status().leftSec).toBeCloseTo(30, 10);
    t = 40;
    eta.finish("A"); // took 40 s for 10 units: 4 s/unit (row a and overall)
    eta.epoch("B", { epoch: 10, epochs: 20 }); // 4 s/epoch → 40 s left
    // C: 30 × 4 = 120 → (40 + 120) / 2 = 80
    expect(eta.status()).toEqual({ done: 1, total: 3, running: 1, elapsedSec: 40, leftSec: 80 });
    t = 50; // 10 s later without a new epoch: B has 30 s left → (30 + 120) / 2 = 75
    expect(eta.status().leftSec).toBe(75);
    t = 80;
    eta.finish("B"); // row a: (40 + 80) s / 20 units = 6 s/unit, overall the same
    eta.start("C");
    // C alone: 30 × 6 = 180 s; 180 / 2 lanes = 90, but one lane cannot share it → 180
    expect(eta.status().leftSec).toBe(180);
    t = 100;
    eta.finish("C");
    expect(eta.status()).toEqual({ done: 3, total: 3, running: 0, elapsedSec: 100, leftSec: 0 });
  });

  it("a row's own rate wins over the overall one", () => {
    let t = 0;
    const eta = createBatchEta(
      [
        { key: "fast1", group: "fast", cost: 10 },
        { key: "slow1", group: "slow", cost: 10 },
        { key: "fast2", group: "fast", cost: 10 },
      ],
      { jobs: 1, now: () => t },
    );
    eta.start("fast1");
    t = 10;
    eta.finish("fast1"); // 1 s/unit
    eta.start("slow1");
    t = 110;
    eta.finish("slow1"); // 10 s/unit; overall (10 + 100) / 20 = 5.5
    // fast2 waits: its row's rate 1 s/unit → 10 s (the overall rate would say 55)
    expect(eta.status().leftSec).toBe(10);
  });
});

describe("formatting", () => {
  it("durations", () => {
    expect([0, 9.4, 59, 60, 75, 3599, 3725].map(formatDuration)).toEqual(["0s", "9s", "59s", "1m00s", "1m15s", "59m59s", "1h02m"]);
  });
  it("the batch status", () => {
    expect(formatBatchStatus({ done: 3, total: 30, running: 2, elapsedSec: 250, leftSec: 380 })).toBe("3/30 runs · 4m10s elapsed · about 6m20s left");
    expect(formatBatchStatus({ done: 0, total: 30, running: 2, elapsedSec: 5, leftSec: null })).toBe("0/30 runs · 5s elapsed · estimating time left");
  });
});

describe("longest expected first", () => {
  const cfg = (set: Record<string, unknown>) => ConfigSchema.parse(set);
  it("orders soft-DTW 75 before CTC before soft-DTW 16 before BCE, ties in plan order", () => {
    const items = [
      { id: "bce", config: cfg({ loss: { kind: "bce" } }) },
      { id: "sdtw16", config: cfg({ loss: { kind: "softDtw" }, targets: { kind: "soft", softLength: 16 } }) },
      { id: "sdtw75a", config: cfg({ loss: { kind: "softDtw" }, targets: { kind: "soft", softLength: 75 } }) },
      { id: "ctc", config: cfg({ loss: { kind: "ctc" }, targets: { kind: "soft", padding: "none" } }) },
      { id: "sdtw75b", config: cfg({ loss: { kind: "softDtw" }, targets: { kind: "soft", softLength: 75, padding: "last" } }) },
    ];
    expect(longestFirst(items).map((i) => i.id)).toEqual(["sdtw75a", "sdtw75b", "ctc", "sdtw16", "bce"]);
    // the cost scales with the epochs
    expect(expectedCost(cfg({ training: { epochs: 100 } })) * 2).toBe(expectedCost(cfg({ training: { epochs: 200 } })));
  });
});

describe("a run's expected cost follows its training songs", () => {
  const cfg = (set: Record<string, unknown>) => ConfigSchema.parse(set);
  const names = ["a-1", "a-2", "a-3", "b-1", "b-2", "b-3", "c-1", "c-2"];
  it("counts the training songs of each protocol", () => {
    // songs: the listed training songs, or every song neither tested nor validated on
    expect(trainingSongCount(cfg({ split: { protocol: "songs", trainSongs: ["a-*", "b-1"], valSongs: ["c-1"], testSongs: ["c-2"] } }), names)).toBe(4);
    expect(trainingSongCount(cfg({ split: { protocol: "songs", valSongs: ["c-*"], testSongs: ["b-*"] } }), names)).toBe(3);
    // leave-one-song-out: the 7 other songs, of which 1 − valFraction train; study: all 8 songs' share
    expect(trainingSongCount(cfg({ split: { protocol: "leave-one-song-out", fold: 2, valFraction: 0.25 } }), names)).toBe(7 * 0.75);
    expect(trainingSongCount(cfg({ split: { protocol: "study", testSong: "a-1", valFraction: 0.5 } }), names)).toBe(4);
    // a split naming a song the corpus lacks counts every song (the run reports the error)
    expect(trainingSongCount(cfg({ split: { protocol: "songs", valSongs: ["zz"], testSongs: ["c-2"] } }), names)).toBe(8);
  });

  it("a 60-song BCE run goes before a 4-song soft-DTW 75 run, which costs more per song", () => {
    const big = { id: "bce 40 songs", config: cfg({ loss: { kind: "bce" } }), songs: 40 };
    const small = { id: "sdtw75 3 songs", config: cfg({ loss: { kind: "softDtw" }, targets: { kind: "soft", softLength: 75 } }), songs: 3 };
    // per song soft-DTW 75 costs 1 + 75/30 = 3.5 BCE epochs: 3.5 × 3 = 10.5 < 1 × 40
    expect(expectedCost(small.config, 3) / expectedCost(big.config, 3)).toBeCloseTo(3.5, 12);
    expect(longestFirst([small, big], (i) => expectedCost(i.config, i.songs)).map((i) => i.id)).toEqual(["bce 40 songs", "sdtw75 3 songs"]);
    expect(longestFirst([small, big]).map((i) => i.id)).toEqual(["sdtw75 3 songs", "bce 40 songs"]);
  });
});

describe("a waiting run of a row with no finished run", () => {
  it("takes its method's measured rate before that of all finished runs", () => {
    let now = 0;
    // p1 (method p, cost 10) takes 10 s: 1 s/unit; q1 (method q, cost 10) takes 40 s: 4 s/unit.
    // Waiting: q2 (method q, another row, cost 5) → 5 × 4 = 20 s by its method (all runs: 50 s / 20 units × 5 = 12.5 s);
    // r1 (method r, nothing finished) → 5 × 2.5 = 12.5 s at the rate of all runs. Two lanes: (20 + 12.5) / 2 = 16.25 s.
    const eta = createBatchEta(
      [
        { key: "p1", group: "P", kind: "p", cost: 10 },
        { key: "q1", group: "Q", kind: "q", cost: 10 },
        { key: "q2", group: "Q2", kind: "q", cost: 5 },
        { key: "r1", group: "R", kind: "r", cost: 5 },
      ],
      { jobs: 2, now: () => now },
    );
    eta.start("p1");
    eta.start("q1");
    now = 10;
    eta.finish("p1");
    now = 40;
    eta.finish("q1");
    expect(eta.status().leftSec).toBeCloseTo(16.25, 12);
  });
});

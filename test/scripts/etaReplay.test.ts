/**
 * scripts/eta-replay.ts: a finished batch replayed through the batch's time-left estimate on a
 * simulated clock. Expected values worked out by hand.
 */
import { describe, expect, it } from "vitest";
import { replay } from "../../scripts/eta-replay.js";

describe("eta replay", () => {
  it("schedules on the lanes in the given order and compares each estimate with the time really left", () => {
    // Lane A takes run a (4 s); lane B takes b (2 s), then c (2 s). Finishes: b at 2, a and c at 4.
    // At t = 2 (b done): b's method took 2 s for cost 2, so 1 s per unit; a (running, no epoch
    // reported) has cost 4 − 2 s spent = 2 s left; c (waiting, same method as b) 2 units = 2 s;
    // (2 + 2) / 2 lanes = 2 s, and never below the running a's 2 s: 2 s — exactly the truth.
    const runs = [
      { key: "a", group: "A", kind: "k", cost: 4, seconds: 4 },
      { key: "b", group: "B", kind: "k", cost: 2, seconds: 2 },
      { key: "c", group: "C", kind: "k", cost: 2, seconds: 2 },
    ];
    const events = replay(runs, 2);
    expect(events.map((e) => e.at)).toEqual([2, 4, 4]);
    expect(events.map((e) => e.trueLeftSec)).toEqual([2, 0, 0]);
    expect(events[0].leftSec).toBeCloseTo(2, 12);
  });

  it("a waiting run of a method nothing finished yet is estimated at the rate of all finished runs", () => {
    // One lane: x (cost 1, 3 s) then y (another method, cost 2, 1 s). After x: 3 s per unit → y 6 s
    // (the truth is 1 s); with y in x's method the same rate applies, so the estimate is 6 s too.
    const events = replay([{ key: "x", group: "X", kind: "p", cost: 1, seconds: 3 }, { key: "y", group: "Y", kind: "q", cost: 2, seconds: 1 }], 1);
    expect(events[0]).toEqual({ at: 3, leftSec: 6, trueLeftSec: 1 });
  });
});

import { describe, expect, it } from "vitest";
import * as losses from "../../src/losses/index.js";

describe("public API of src/losses (an API change shows up here in review)", () => {
  it("exports exactly these values", () => {
    expect(Object.keys(losses).sort()).toEqual([
      "LossWorkspace",
      "bandIntervals",
      "createLossWorkspace",
      "ctcLoss",
      "ctcMinimumFrames",
      "dtwPath",
      "softDtw",
      "softDtwDivergence",
      "softDtwValue",
      "tfCtcLoss",
      "tfSoftDtwLoss",
    ]);
  });

  it("the README examples run: softDtw and ctcLoss", () => {
    const cost = [
      [0, 1, 4],
      [1, 0, 1],
    ];
    const { value, grad } = losses.softDtw(cost, { gamma: 0.3 });
    expect(value).toBeLessThan(1);
    expect(grad).toHaveLength(2);
    const frame = Array.from({ length: 25 }, () => Math.log(1 / 25));
    const { value: nll, grad: g } = losses.ctcLoss(Array.from({ length: 10 }, () => frame), [3, 3, 7], { blank: 24 });
    expect(nll).toBeGreaterThan(0);
    for (const row of g) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(-1, 12);
  });
});

import { describe, expect, it } from "vitest";
import { EXP_CUTOFF, TWO_TO_MINUS_J_OVER_256, expRelative, log1pNonNegative, logOneToFour } from "../../src/util/fastMath.js";
import { createRng } from "../../src/util/random.js";

/** Distance in units in the last place between two positive doubles (adjacent doubles: 1). */
function ulps(a: number, b: number): number {
  const buf = new Float64Array([a, b]);
  const bits = new BigInt64Array(buf.buffer);
  const d = bits[0] - bits[1];
  return Number(d < 0n ? -d : d);
}

const rng = createRng(1, 9);

describe("expRelative: exp(x) for x ≤ 0", () => {
  it("its table holds 2^(−j/256) correctly rounded: (2m−1)^256 ≤ 2^(256·54 − j) ≤ (2m+1)^256 exactly (BigInt)", () => {
    expect(TWO_TO_MINUS_J_OVER_256).toHaveLength(256);
    expect(TWO_TO_MINUS_J_OVER_256[0]).toBe(1);
    const power256 = (v: bigint): bigint => {
      let p = v;
      for (let i = 0; i < 8; i++) p *= p;
      return p;
    };
    for (let j = 1; j < 256; j++) {
      const y = TWO_TO_MINUS_J_OVER_256[j];
      expect(y >= 0.5 && y < 1).toBe(true);
      const m = BigInt(y * 2 ** 53); // y = m·2^-53 exactly
      const target = 1n << BigInt(256 * 54 - j);
      expect([j, power256(2n * m - 1n) <= target && target <= power256(2n * m + 1n)]).toEqual([j, true]);
    }
  });

  it("agrees with Math.exp to within 1 ulp on 10^5 points of [EXP_CUTOFF, 0]", () => {
    let worst = 0;
    for (let n = 0; n < 100_000; n++) {
      const x = EXP_CUTOFF * rng.next();
      worst = Math.max(worst, ulps(expRelative(x), Math.exp(x)));
    }
    expect(worst).toBeLessThanOrEqual(1);
  });
  it("is exact at 0 and at multiples of ln2/64 near the table points, and 0 below the cutoff", () => {
    expect(expRelative(0)).toBe(1);
    expect(expRelative(-0)).toBe(1);
    expect(ulps(expRelative(-Math.LN2), 0.5)).toBeLessThanOrEqual(1);
    expect(expRelative(EXP_CUTOFF - 1e-9)).toBe(0);
    expect(expRelative(-Infinity)).toBe(0);
    expect(Math.exp(EXP_CUTOFF)).toBeLessThanOrEqual(2 ** -64 * (1 + 1e-14));
    // below the cutoff, even a term scaled by 2^10 (the kernels' largest factor) and doubled cannot
    // change a sum ≥ 1 in float64
    expect(1 + 2 ** 10 * Math.exp(EXP_CUTOFF - 1e-9) + 2 ** 10 * Math.exp(EXP_CUTOFF - 1e-9)).toBe(1);
  });
});

describe("logOneToFour: ln(s) for 1 ≤ s < 4", () => {
  it("agrees with Math.log to within 1 ulp on 10^5 points, including s just above 1", () => {
    let worst = 0;
    for (let n = 0; n < 100_000; n++) {
      const s = n % 10 === 0 ? 1 + rng.next() * 10 ** -(1 + (n % 15)) : 1 + 3 * rng.next();
      worst = Math.max(worst, ulps(logOneToFour(s), Math.log(s)));
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(logOneToFour(1)).toBe(0);
    expect(logOneToFour(2)).toBe(Math.LN2);
    expect(ulps(logOneToFour(3), Math.log(3))).toBeLessThanOrEqual(1);
  });
});

describe("log1pNonNegative: ln(1 + u) for u ≥ 0", () => {
  it("agrees with Math.log1p to within 2 ulp on 10^5 points spread over 20 octaves of u, up to 100", () => {
    let worst = 0;
    for (let n = 0; n < 100_000; n++) {
      const u = 100 * 2 ** (-40 * rng.next()) * rng.next(); // from ~1e-12 to 100: tiny, fast path, fallback
      worst = Math.max(worst, ulps(log1pNonNegative(u), Math.log1p(u)));
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it("is exact at the ends of the fast path and on hand-derived values", () => {
    expect(log1pNonNegative(0)).toBe(0);
    expect(ulps(log1pNonNegative(1), Math.LN2)).toBeLessThanOrEqual(1);
    expect(ulps(log1pNonNegative(3), 2 * Math.LN2)).toBeLessThanOrEqual(1); // y = 4: the fallback
    expect(ulps(log1pNonNegative(2.9999999999999996), Math.log1p(2.9999999999999996))).toBeLessThanOrEqual(2);
    expect(log1pNonNegative(1e-300)).toBe(1e-300); // ln(1 + u) = u − u²/2 + …: u itself in float64
    expect(ulps(log1pNonNegative(Math.E - 1), 1)).toBeLessThanOrEqual(2);
  });
});

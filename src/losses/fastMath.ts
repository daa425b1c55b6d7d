/**
 * Full double-precision exp and log for the two shapes the dynamic programs need, about 3–4×
 * faster than Math.exp / Math.log in V8 here (those cost ≈ 12–20 ns; these ≈ 3–5 ns):
 *
 * - `expRelative(x)`, x ≤ 0: the weight of a soft-min term relative to the largest one.
 *   Terms below 2^-54 (x < EXP_CUTOFF ≈ −37.43) are returned as exactly 0: such a term cannot change
 *   `1 + …` in float64, so the value of a soft-min is unchanged, and the soft-argmin weights
 *   (probabilities) change by less than 2^-54 each.
 * - `logOneToFour(s)`, 1 ≤ s < 4: the log of a sum of at most three terms, the largest being 1.
 *
 * Both are table-driven (range reduction + short polynomial) and agree with Math.exp / Math.log
 * to within 1 ulp on their domains (test/losses/fastMath.test.ts checks 10^5 points of each).
 */

/** exp(x) < 2^-54 below this, so `1 + exp(x)` rounds to 1 in float64: ln(2^-54). */
export const EXP_CUTOFF = -54 * Math.LN2;

// ---- exp: x = −(k/64)·ln 2 + r, |r| ≤ ln2/128; exp(x) = 2^(−k/64) · exp(r) ----------------------

const EXP_STEPS_PER_OCTAVE = 64;
const INV_STEP = EXP_STEPS_PER_OCTAVE / Math.LN2;
// Cody–Waite split of ln 2 (fdlibm's constants): LN2_HI has 32 significant bits, so k·LN2_HI/64 is
// exact for every k this file uses (k < 3500), and LN2_HI + LN2_LO carries ln 2 to ~2^-85.
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const STEP_HI = LN2_HI / EXP_STEPS_PER_OCTAVE;
const STEP_LO = LN2_LO / EXP_STEPS_PER_OCTAVE;

/** 2^(−j/64), j = 0…63, each correctly rounded (see `correctlyRoundedTwoToMinus`). */
const TWO_TO_MINUS_FRACTION = new Float64Array(EXP_STEPS_PER_OCTAVE);
/** 2^(−m), m = 0…63 (exact). */
const TWO_TO_MINUS_INT = new Float64Array(64);
for (let j = 0; j < EXP_STEPS_PER_OCTAVE; j++) TWO_TO_MINUS_FRACTION[j] = correctlyRoundedTwoToMinus(j);
for (let m = 0; m < 64; m++) TWO_TO_MINUS_INT[m] = 2 ** -m;

/**
 * exp(x) for x ≤ 0, to within 1 ulp of Math.exp; exactly 0 when x < EXP_CUTOFF (also for −∞).
 * Only valid for x ≤ 0 (positive x is a caller bug: the callers subtract the maximum first).
 *
 * @example
 * expRelative(-1); // 0.36787944117144233
 * expRelative(-40); // 0 (below 2^-54)
 */
export function expRelative(x: number): number {
  if (!(x >= EXP_CUTOFF)) return 0;
  const k = (-x * INV_STEP + 0.5) | 0; // nearest k ≥ 0
  const r = x + k * STEP_HI + k * STEP_LO; // exact first sum (Sterbenz), |r| ≤ ln2/128
  const scale = TWO_TO_MINUS_FRACTION[k & 63] * TWO_TO_MINUS_INT[k >> 6];
  // exp(r) − 1 by its Taylor polynomial; the first neglected term r^6/720 < 3.5e-17.
  const expm1 = r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))));
  return scale + scale * expm1;
}

// ---- log: s = c_j · (1 + t), c_j = 1 + j/128, |t| ≤ 1/256 -----------------------------------------

const LOG_STEPS = 128;
const LOG_TABLE_SIZE = 3 * LOG_STEPS + 1; // c_j covers [1, 4]
const LOG_C = new Float64Array(LOG_TABLE_SIZE);
const INV_C = new Float64Array(LOG_TABLE_SIZE);
for (let j = 0; j < LOG_TABLE_SIZE; j++) {
  const c = 1 + j / LOG_STEPS;
  LOG_C[j] = Math.log(c);
  INV_C[j] = 1 / c;
}

/**
 * ln(s) for 1 ≤ s < 4, to within 1 ulp of Math.log (outside that range the result is wrong).
 *
 * @example
 * logOneToFour(2); // 0.6931471805599453
 */
export function logOneToFour(s: number): number {
  const j = ((s - 1) * LOG_STEPS + 0.5) | 0;
  // s − c_j is exact (Sterbenz: c_j/2 ≤ s ≤ 2c_j), so t carries only the rounding of one product.
  const t = (s - (1 + j / LOG_STEPS)) * INV_C[j];
  // log1p(t) = t − t²/2 + t³/3 − …; the first neglected term t^8/8 < 2^-67.
  const tail = t * t * (-0.5 + t * (1 / 3 + t * (-0.25 + t * (0.2 + t * (-1 / 6 + t * (1 / 7))))));
  return LOG_C[j] + (t + tail);
}

/**
 * 2^(−j/64) correctly rounded to double, for 0 ≤ j < 64. Math.pow is off by one ulp for ~1 in 6 of
 * these, so its result is checked exactly: y = m·2^-53 (m a 53-bit integer) is the correctly
 * rounded value iff (2m−1)^64 ≤ 2^(64·54 − j) ≤ (2m+1)^64, i.e. 2^(−j/64) lies between the
 * midpoints to y's neighbours. Integer arithmetic in BigInt; runs once at load (~1 ms).
 */
function correctlyRoundedTwoToMinus(j: number): number {
  if (j === 0) return 1;
  let m = BigInt(Math.round(Math.pow(2, -j / 64) * 2 ** 53));
  const target = 1n << BigInt(64 * 54 - j);
  const pow64 = (v: bigint): bigint => {
    let p = v;
    for (let i = 0; i < 6; i++) p *= p;
    return p;
  };
  for (let guard = 0; guard < 4; guard++) {
    if (pow64(2n * m - 1n) > target) m -= 1n;
    else if (pow64(2n * m + 1n) < target) m += 1n;
    else return Number(m) * 2 ** -53;
  }
  throw new Error(`fastMath: could not round 2^(-${j}/64)`); // unreachable: Math.pow is within 1 ulp
}

/**
 * Cost shaping for soft-DTW training (Zeitler, Krause & Müller, "Stabilizing training with soft
 * dynamic time warping: a case study for pitch class estimation with weakly aligned targets",
 * ISMIR 2023; PRIOR-ART.md): the local cost C (rows i: M target elements, columns n: N frames)
 * becomes
 *
 *     C'(i, n) = r_i · C(i, n) + w · (1 − P(i, n))
 *
 * - the diagonal prior P: 1 inside the block of frames the straight diagonal gives row i — frames
 *   n with ⌊n·M/N⌋ = i, i.e. ⌈i·N/M⌉ ≤ n ≤ ⌈(i+1)·N/M⌉ − 1, the same rule as uniform padding —
 *   and exp(−d²/(2ν)) outside, d = the distance in frames from n to that block (a row that owns
 *   no frame, possible only when M > N, is at distance ≥ 1 from every frame). w is the epoch's
 *   prior weight (training/schedule.ts: constant, then linear to 0), so the prior steers only
 *   the first epochs' alignments towards the diagonal.
 * - row weights r_i: the weight of target row i's class (class-balanced cost, see
 *   training/classBalance.ts); 1 for every row without them.
 * - a cost prior A (any fixed [M][N] matrix given per item, e.g. the chord-template prior of
 *   training/templatePrior.ts): C' gains + v · A(i, n), v its weight.
 *
 * All are constants with respect to the predictions, so ∂value/∂C(i, n) = r_i · ∂value/∂C'(i, n)
 * and the gradient with respect to the predictions follows by the usual chain rule through C.
 */

/** What a soft-DTW cost is shaped with (any part may be absent). */
export interface CostShaping {
  /** Diagonal prior weight w ≥ 0 and band width ν > 0 (frames²); w = 0 is no prior. */
  prior?: { weight: number; nu: number };
  /** [M] multiplier of each target row's cost. */
  rowWeights?: Float64Array;
  /** P for a shape; defaults to `diagonalPrior` (pass a `createPriorCache()` when shapes recur). */
  priorOf?: (rows: number, cols: number, nu: number) => Float64Array;
  /** A fixed cost added with weight v ≥ 0: C' += v · matrix, matrix row-major [rows][cols]. */
  costPrior?: { weight: number; matrix: Float64Array };
}

/** The first and last frame of row i's diagonal block (last < first when the row owns none). */
export function diagonalBlock(i: number, rows: number, cols: number): { first: number; last: number } {
  // ⌈a/b⌉ for non-negative integers, exact for any realistic size
  const ceilDiv = (a: number, b: number): number => Math.floor((a + b - 1) / b);
  return { first: ceilDiv(i * cols, rows), last: ceilDiv((i + 1) * cols, rows) - 1 };
}

/** P as a row-major [rows][cols] matrix (see module comment). */
export function diagonalPrior(rows: number, cols: number, nu: number): Float64Array {
  if (!(nu > 0) || !Number.isFinite(nu)) throw new RangeError(`diagonalPrior: nu must be a positive finite number, got ${nu}`);
  const P = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const { first, last } = diagonalBlock(i, rows, cols);
    for (let n = 0; n < cols; n++) {
      const d = n < first ? first - n : n > last ? n - last : 0; // last = first − 1 for an empty block
      P[i * cols + n] = d === 0 ? 1 : Math.exp(-(d * d) / (2 * nu));
    }
  }
  return P;
}

/** Applies the shaping to a cost matrix [rows][cols] in place: cost ← r ⊙ cost + w·(1 − P) + v·A. */
export function shapeCost(cost: Float64Array, rows: number, cols: number, shaping: CostShaping): void {
  const r = shaping.rowWeights;
  if (r) {
    for (let i = 0; i < rows; i++) {
      const w = r[i];
      if (w === 1) continue;
      for (let n = i * cols; n < (i + 1) * cols; n++) cost[n] *= w;
    }
  }
  const prior = shaping.prior;
  if (prior && prior.weight !== 0) {
    const P = (shaping.priorOf ?? diagonalPrior)(rows, cols, prior.nu);
    for (let k = 0; k < rows * cols; k++) cost[k] += prior.weight * (1 - P[k]);
  }
  const extra = shaping.costPrior;
  if (extra && extra.weight !== 0) {
    const { weight, matrix } = extra;
    if (matrix.length !== rows * cols) throw new RangeError(`shapeCost: the cost prior has ${matrix.length} values, the cost matrix ${rows}×${cols}`);
    for (let k = 0; k < rows * cols; k++) cost[k] += weight * matrix[k];
  }
}

/** ∂value/∂C from ∂value/∂C' (in place): row i scaled by r_i. */
export function unshapeCostGradient(G: Float64Array, rows: number, cols: number, shaping: CostShaping): void {
  const r = shaping.rowWeights;
  if (!r) return;
  for (let i = 0; i < rows; i++) {
    const w = r[i];
    if (w === 1) continue;
    for (let n = i * cols; n < (i + 1) * cols; n++) G[n] *= w;
  }
}

/** A memo of diagonalPrior by (rows, cols, ν), for a training run where few shapes recur. */
export function createPriorCache(): (rows: number, cols: number, nu: number) => Float64Array {
  const cache = new Map<string, Float64Array>();
  return (rows, cols, nu) => {
    const key = `${rows}x${cols}@${nu}`;
    let P = cache.get(key);
    if (!P) cache.set(key, (P = diagonalPrior(rows, cols, nu)));
    return P;
  };
}

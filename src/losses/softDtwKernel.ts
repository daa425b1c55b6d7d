/**
 * The soft-DTW dynamic program on float64 typed arrays: Cuturi & Blondel (2017), Algorithm 1
 * (forward) and Algorithm 2 (backward), with per-step weights (Zeitler, Krause & Müller 2024) and a
 * band given as one column interval per row. Callers validate; this file only computes.
 *
 * Recursion (rows i = targets, columns j = frames; 0-based):
 *
 *     D(0, 0) = C(0, 0)
 *     D(i, j) = softmin_γ( D(i−1, j) + w_v·C(i, j),      vertical
 *                          D(i, j−1) + w_h·C(i, j),      horizontal
 *                          D(i−1, j−1) + w_d·C(i, j) )   diagonal
 *     softmin_γ(a, b, d) = −γ log(e^(−a/γ) + e^(−b/γ) + e^(−d/γ)),   value = D(M−1, N−1)
 *
 * with D = +∞ outside the matrix and outside the band.
 *
 * Forward: each D(i, j) is held as a pair (μ, σ) with D = μ − γ ln σ and 1 ≤ σ ≤ 2^10 (σ = 1
 * at the start). For the three candidates x = μ_x + w_x·C(i, j) (σ_x), with μ* the smallest:
 *     D(i, j) = μ* − γ ln Σ_x σ_x e^((μ* − x)/γ),   so   μ(i, j) = μ*,  σ(i, j) = Σ_x σ_x e^((μ* − x)/γ).
 * This is log-sum-exp with the extreme subtracted (every exponent ≤ 0, the leading term σ ≥ 1, no
 * overflow) with the logarithm deferred: only when σ exceeds 2^10 is it folded back,
 * μ ← μ − γ ln σ, σ ← 1 (rare), so a cell costs two exponentials and no logarithm. Each cell keeps
 * its three soft-argmin weights p_x = σ_x e^((μ* − x)/γ) / σ(i, j), i.e.
 * p_v(i, j) = ∂D(i, j)/∂D(i−1, j), p_h = ∂D(i, j)/∂D(i, j−1), p_d = ∂D(i, j)/∂D(i−1, j−1).
 * (The report's eq. 2.7 is garbled; the correct backward weight is
 * ∂D(i+1, j)/∂D(i, j) = exp((D(i+1, j) − w_v·C(i+1, j) − D(i, j))/γ) = p_v(i+1, j).)
 *
 * Backward (Alg. 2 without exponentials): E(i, j) = ∂value/∂D(i, j) is the weighted sum over the
 * three successors, E(i, j) = E(i+1, j)·p_v(i+1, j) + E(i, j+1)·p_h(i, j+1) + E(i+1, j+1)·p_d(i+1, j+1),
 * E(M−1, N−1) = 1, accumulated here by pushing each finished E to its predecessors. The gradient
 * is ∂value/∂C(i, j) = E(i, j)·(w_v·p_v + w_h·p_h + w_d·p_d)(i, j) (= E(i, j) for unit weights),
 * and 1·E(0, 0) at the first cell. E is the expected alignment: each E(i, j) ∈ [0, 1].
 * No step can produce inf − inf: candidates through +∞ get weight exactly 0.
 *
 * Order: cells are visited by anti-diagonals d = i + j. Cells of one anti-diagonal do not depend on
 * each other, so the CPU overlaps their exp/log chains; in row order each cell waits for its left
 * neighbour (≈ 1.4× slower here). (μ, σ) and E live in three anti-diagonal buffers each, indexed
 * by row (buffer[i + 1], with μ = +∞ / E = 0 sentinels at the ends); the weights are stored in
 * visiting order.
 * With a band given as nondecreasing row intervals [lo_i, hi_i], the cells of anti-diagonal d are
 * the rows iStart(d) ≤ i ≤ iEnd(d), iStart = min{i : i + hi_i ≥ d}, iEnd = max{i : i + lo_i ≤ d}.
 */
import { expRelative } from "../util/fastMath.js";
import { INT_SLOT, SLOT, type LossWorkspace } from "./workspace.js";

export interface SoftDtwKernelParams {
  gamma: number;
  wv: number;
  wh: number;
  wd: number;
}

/**
 * Soft-DTW value of `cost` (row-major rows × cols) restricted to the band [lo[i], hi[i]]; when
 * `gradOut` is given, also ∂value/∂cost into it (dense rows × cols, zero outside the band).
 * `cells` = Σ (hi − lo + 1). Returns the unnormalised value.
 */
export function softDtwKernel(
  cost: Float64Array, // [rows=M targets][cols=N frames]
  rows: number,
  cols: number,
  lo: Int32Array,
  hi: Int32Array,
  cells: number,
  params: SoftDtwKernelParams,
  workspace: LossWorkspace,
  gradOut: Float64Array | null, // [rows][cols]
): number {
  const { gamma, wv, wh, wd } = params;
  // 1/γ overflows for subnormal γ; any huge factor gives the same hard-min decisions.
  const invGamma = Math.min(1 / gamma, Number.MAX_VALUE);
  // The per-anti-diagonal functions read these doubles from an array: passed as arguments to a
  // call V8 does not inline, each would be boxed as a new heap number on every anti-diagonal
  // (~6 kB of garbage per 16 × 150 call, whose collection slowed the first calls of a process: issue #11).
  const scalars = workspace.float64(SLOT.dtwScalars, 5);
  scalars[0] = gamma;
  scalars[1] = invGamma;
  scalars[2] = wv;
  scalars[3] = wh;
  scalars[4] = wd;
  const storeWeights = gradOut !== null;
  const diagonals = rows + cols - 1;
  // [cells][3] soft-argmin weights (v, h, d) of the band cells, in visiting order.
  const weights = workspace.float64(SLOT.dtwWeights, storeWeights ? 3 * cells : 0);
  // First row of each anti-diagonal (for the backward pass).
  const starts = workspace.int32(INT_SLOT.dtwDiagonalStarts, diagonals);
  // (μ, σ) on anti-diagonals d−2, d−1, d: buffer[i + 1] is cell (i, d − i); μ = +∞ outside the band.
  let mu2 = workspace.float64(SLOT.dtwDiagA, rows + 2).fill(Infinity, 0, rows + 2);
  let mu1 = workspace.float64(SLOT.dtwDiagB, rows + 2).fill(Infinity, 0, rows + 2);
  let mu0 = workspace.float64(SLOT.dtwDiagC, rows + 2).fill(Infinity, 0, rows + 2);
  let sigma2 = workspace.float64(SLOT.dtwSigmaA, rows + 2).fill(1, 0, rows + 2);
  let sigma1 = workspace.float64(SLOT.dtwSigmaB, rows + 2).fill(1, 0, rows + 2);
  let sigma0 = workspace.float64(SLOT.dtwSigmaC, rows + 2).fill(1, 0, rows + 2);

  // Anti-diagonal 0 is the cell (0, 0): D(0, 0) = C(0, 0), no predecessor (weights 0, ∂D/∂C = 1).
  mu1[1] = cost[0];
  if (storeWeights) weights[0] = weights[1] = weights[2] = 0;
  starts[0] = 0;
  let k = 1;
  let iStart = 0;
  let iEnd = 0;
  for (let d = 1; d < diagonals; d++) {
    while (iStart + hi[iStart] < d) iStart++;
    while (iEnd + 1 < rows && iEnd + 1 + lo[iEnd + 1] <= d) iEnd++;
    starts[d] = iStart;
    k = forwardDiagonal(cost, cols, d, iStart, iEnd, mu1, sigma1, mu2, sigma2, mu0, sigma0, scalars, weights, k, storeWeights);
    // Sentinels: the rows just outside this anti-diagonal's band are +∞ for the next two.
    mu0[iStart] = Infinity;
    mu0[iEnd + 2] = Infinity;
    let t = mu2;
    mu2 = mu1;
    mu1 = mu0;
    mu0 = t;
    t = sigma2;
    sigma2 = sigma1;
    sigma1 = sigma0;
    sigma0 = t;
  }
  const value = mu1[rows] - gamma * Math.log(sigma1[rows]); // D(M−1, N−1), the last anti-diagonal
  if (gradOut !== null) softDtwBackward(rows, cols, lo, cells, params, weights, starts, workspace, gradOut);
  return value;
}

/** σ is folded back into μ (μ ← μ − γ ln σ, σ ← 1) above this; expRelative's cutoff assumes ≤ 2^10. */
const SIGMA_MAX = 1024;

/**
 * Algorithm 1 on one anti-diagonal d, rows iStart…iEnd, in the (μ, σ) form of the file comment
 * (its own function so V8 optimises it as a whole). Returns the next cell index.
 */
function forwardDiagonal(
  cost: Float64Array,
  cols: number,
  d: number,
  iStart: number,
  iEnd: number,
  mu1: Float64Array, // anti-diagonal d−1, by row (+1)
  sigma1: Float64Array,
  mu2: Float64Array, // anti-diagonal d−2, by row (+1)
  sigma2: Float64Array,
  mu0: Float64Array, // anti-diagonal d, by row (+1): written
  sigma0: Float64Array,
  scalars: Float64Array, // [γ, 1/γ, w_v, w_h, w_d]
  weights: Float64Array,
  k: number,
  storeWeights: boolean,
): number {
  const gamma = scalars[0];
  const invGamma = scalars[1];
  const wv = scalars[2];
  const wh = scalars[3];
  const wd = scalars[4];
  for (let i = iStart; i <= iEnd; i++) {
    const c = cost[i * cols + d - i];
    const a = mu1[i] + wv * c; // from (i−1, j): anti-diagonal d−1, row i−1
    const b = mu1[i + 1] + wh * c; // from (i, j−1): anti-diagonal d−1, row i
    const g = mu2[i] + wd * c; // from (i−1, j−1): anti-diagonal d−2, row i−1
    const sa = sigma1[i];
    const sb = sigma1[i + 1];
    const sg = sigma2[i];
    // μ* = the smallest candidate, whose term is its σ (no exponential); x1, x2 are the other two.
    // (Two expRelative call sites only, so V8 inlines both.)
    let m: number;
    let s0: number;
    let x1: number;
    let s1: number;
    let x2: number;
    let s2: number;
    let at0: number; // where (0 = v, 1 = h, 2 = d) the weights of μ*, x1, x2 go
    let at1: number;
    let at2: number;
    if (a <= b && a <= g) {
      m = a;
      s0 = sa;
      x1 = b;
      s1 = sb;
      x2 = g;
      s2 = sg;
      at0 = 0;
      at1 = 1;
      at2 = 2;
    } else if (b <= g) {
      m = b;
      s0 = sb;
      x1 = a;
      s1 = sa;
      x2 = g;
      s2 = sg;
      at0 = 1;
      at1 = 0;
      at2 = 2;
    } else {
      m = g;
      s0 = sg;
      x1 = a;
      s1 = sa;
      x2 = b;
      s2 = sb;
      at0 = 2;
      at1 = 0;
      at2 = 1;
    }
    const t1 = s1 * expRelative((m - x1) * invGamma);
    const t2 = s2 * expRelative((m - x2) * invGamma);
    let sigma = s0 + t1 + t2;
    if (storeWeights) {
      const inv = 1 / sigma;
      const w = 3 * k;
      weights[w + at0] = s0 * inv;
      weights[w + at1] = t1 * inv;
      weights[w + at2] = t2 * inv;
    }
    if (sigma > SIGMA_MAX) {
      m -= gamma * Math.log(sigma);
      sigma = 1;
    }
    mu0[i + 1] = m;
    sigma0[i + 1] = sigma;
    k++;
  }
  return k;
}

/** Algorithm 2 as a weighted accumulation (see the file comment); writes ∂value/∂C into out. */
function softDtwBackward(
  rows: number,
  cols: number,
  lo: Int32Array,
  cells: number,
  params: SoftDtwKernelParams,
  weights: Float64Array, // [cells][3]
  starts: Int32Array, // first row of each anti-diagonal
  workspace: LossWorkspace,
  out: Float64Array, // [rows][cols]
): void {
  const { wv, wh, wd } = params;
  const scalars = workspace.float64(SLOT.dtwScalars, 5); // (filled by softDtwKernel)
  if (cells < rows * cols) out.fill(0, 0, rows * cols); // cells outside the band stay 0
  // E on anti-diagonals d, d−1, d−2 (by row, +1), accumulated by pushes from later anti-diagonals.
  let e0 = workspace.float64(SLOT.dtwDiagA, rows + 2).fill(0, 0, rows + 2);
  let e1 = workspace.float64(SLOT.dtwDiagB, rows + 2).fill(0, 0, rows + 2);
  let e2 = workspace.float64(SLOT.dtwDiagC, rows + 2).fill(0, 0, rows + 2);
  e0[rows] = 1; // E(M−1, N−1)
  let k = cells - 1;
  let iEnd = rows - 1;
  for (let d = rows + cols - 2; d >= 1; d--) {
    const iStart = starts[d];
    while (iEnd > 0 && iEnd + lo[iEnd] > d) iEnd--;
    k = backwardDiagonal(out, cols, d, iStart, iEnd, e0, e1, e2, weights, k, scalars);
    // e0's entries were all consumed; it becomes anti-diagonal d−3's accumulator.
    e0.fill(0, iStart, iEnd + 3);
    const t = e0;
    e0 = e1;
    e1 = e2;
    e2 = t;
  }
  out[0] = e0[1]; // (0, 0): ∂D(0,0)/∂C(0,0) = 1
}

/** Anti-diagonal d, rows iEnd…iStart: write ∂value/∂C and push E to the three predecessors. */
function backwardDiagonal(
  out: Float64Array,
  cols: number,
  d: number,
  iStart: number,
  iEnd: number,
  e0: Float64Array, // E on anti-diagonal d (complete)
  e1: Float64Array, // E on d−1 (accumulating)
  e2: Float64Array, // E on d−2 (accumulating)
  weights: Float64Array,
  k: number,
  scalars: Float64Array, // [γ, 1/γ, w_v, w_h, w_d]
): number {
  const wv = scalars[2];
  const wh = scalars[3];
  const wd = scalars[4];
  // e1[i] receives p_v of cell i and p_h of cell i−1: the first waits in `pending` for the second,
  // so each e1 entry is updated once (no read-modify-write chain between iterations).
  let pending = 0;
  for (let i = iEnd; i >= iStart; i--, k--) {
    const e = e0[i + 1];
    const w = 3 * k;
    const pv = weights[w];
    const ph = weights[w + 1];
    const pd = weights[w + 2];
    out[i * cols + d - i] = e * (wv * pv + wh * ph + wd * pd);
    e1[i + 1] += e * ph + pending; // p_h of this cell (to (i, j−1)) + p_v of cell i+1 (pending)
    pending = e * pv; // (i−1, j): e1[i]
    e2[i] += e * pd; // (i−1, j−1)
  }
  e1[iStart] += pending;
  return k;
}

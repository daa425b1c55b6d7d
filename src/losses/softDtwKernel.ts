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
 * Forward: the soft-min is evaluated as m − γ log(1 + e^((m−·)/γ) + e^((m−·)/γ)) with m the smallest
 * candidate (log-sum-exp with the extreme subtracted, so one term is exactly 1 and nothing
 * overflows), and each cell keeps its three soft-argmin weights p = e^((m−·)/γ) / Σ, i.e.
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
 */
import { expRelative, logOneToFour } from "./fastMath.js";
import { SLOT, type LossWorkspace } from "./workspace.js";

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
  const storeWeights = gradOut !== null;
  // [cells][3] soft-argmin weights (v, h, d) of the band cells, rows in order.
  const weights = workspace.float64(SLOT.dtwWeights, storeWeights ? 3 * cells : 0);
  // D of one row, offset by one: row[j + 1] = D(i, j), row[0] = D(i, −1) = +∞.
  let prev = workspace.float64(SLOT.dtwRowA, cols + 1);
  let cur = workspace.float64(SLOT.dtwRowB, cols + 1);
  prev.fill(Infinity, 0, cols + 1); // row −1

  let k = 0; // index of the current band cell
  for (let i = 0; i < rows; i++) {
    const jLo = lo[i];
    const jHi = hi[i];
    const rowOffset = i * cols;
    cur[jLo] = Infinity; // D(i, jLo − 1): left of the band
    let j = jLo;
    if (i === 0) {
      // D(0, 0) = C(0, 0): no predecessor (weights 0, ∂D/∂C = 1, see backward).
      cur[1] = cost[0];
      if (storeWeights) weights[0] = weights[1] = weights[2] = 0;
      k = 1;
      j = 1;
    }
    for (; j <= jHi; j++) {
      const c = cost[rowOffset + j];
      const a = prev[j + 1] + wv * c; // from (i−1, j)
      const b = cur[j] + wh * c; // from (i, j−1)
      const d = prev[j] + wd * c; // from (i−1, j−1)
      let m = a < b ? a : b;
      if (d < m) m = d;
      // Log-sum-exp with the minimum subtracted: the minimum's term is exactly 1.
      const ea = expRelative((m - a) * invGamma);
      const eb = expRelative((m - b) * invGamma);
      const ed = expRelative((m - d) * invGamma);
      const s = ea + eb + ed;
      cur[j + 1] = s === 1 ? m : m - gamma * logOneToFour(s);
      if (storeWeights) {
        const inv = 1 / s;
        const w = 3 * k;
        weights[w] = ea * inv;
        weights[w + 1] = eb * inv;
        weights[w + 2] = ed * inv;
      }
      k++;
    }
    // Row i+1 reads D(i, j) for j up to hi[i+1]: everything right of this row's band is +∞.
    if (i + 1 < rows) cur.fill(Infinity, jHi + 2, hi[i + 1] + 2);
    const t = prev;
    prev = cur;
    cur = t;
  }
  const value = prev[cols]; // D(M−1, N−1)
  if (gradOut !== null) softDtwBackward(rows, cols, lo, hi, cells, params, weights, gradOut);
  return value;
}

/** Algorithm 2 as a weighted accumulation (see the file comment); writes ∂value/∂C into gradOut. */
function softDtwBackward(
  rows: number,
  cols: number,
  lo: Int32Array,
  hi: Int32Array,
  cells: number,
  params: SoftDtwKernelParams,
  weights: Float64Array, // [cells][3]
  out: Float64Array, // [rows][cols]: E while accumulating, then ∂value/∂C
): void {
  const { wv, wh, wd } = params;
  out.fill(0, 0, rows * cols);
  out[rows * cols - 1] = 1; // E(M−1, N−1)
  let k = cells - 1;
  for (let i = rows - 1; i >= 1; i--) {
    const base = i * cols;
    const up = base - cols;
    const jLo = lo[i];
    const jStop = jLo === 0 ? 1 : jLo; // column 0 has no left neighbour: handled below
    for (let j = hi[i]; j >= jStop; j--, k--) {
      const e = out[base + j];
      const w = 3 * k;
      const pv = weights[w];
      const ph = weights[w + 1];
      const pd = weights[w + 2];
      out[base + j] = e * (wv * pv + wh * ph + wd * pd);
      out[up + j] += e * pv;
      out[base + j - 1] += e * ph;
      out[up + j - 1] += e * pd;
    }
    if (jLo === 0) {
      // (i, 0): only a vertical predecessor, so p_v = 1.
      const e = out[base];
      out[base] = e * wv * weights[3 * k];
      out[up] += e * weights[3 * k];
      k--;
    }
  }
  // Row 0: only horizontal predecessors (p_h = 1), and (0, 0) with ∂D(0,0)/∂C(0,0) = 1.
  for (let j = hi[0]; j >= 1; j--, k--) {
    const e = out[j];
    const ph = weights[3 * k + 1];
    out[j] = e * wh * ph;
    out[j - 1] += e * ph;
  }
}

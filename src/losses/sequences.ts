/**
 * Soft-DTW between two sequences of feature vectors with the squared Euclidean local cost
 * C(i, j) = ‖y_i − x_j‖² (rows i: the reference y, M frames; columns j: the sequence x being
 * differentiated, N frames), optionally as the soft-DTW divergence (Blondel, Mensch & Vert 2021)
 *
 *     div(x, y) = sdtw(x, y) − ½ (sdtw(x, x) + sdtw(y, y)),
 *
 * with the gradient with respect to x by the chain rule through C:
 *     ∂/∂x_j = Σ_i G(i, j) · 2 (x_j − y_i),     G = ∂sdtw/∂C  (Cuturi & Blondel 2017, §2.3),
 * and for sdtw(x, x), where x sits on both sides, the row and column contributions added.
 * Used by `softDtwDivergence` and by the tfjs op. Float64Array only, so every loop here sees one
 * element type (mixing Float32Array in made V8's loads polymorphic: 3× slower).
 */
import { runSoftDtw } from "./softDtw.js";
import { normalizationFactor, type CheckedSoftDtwOptions } from "./options.js";
import { SLOT } from "./workspace.js";

/** A sequence of `length` frames of `dim` features inside a flat array: [length][dim] from `offset`. */
export interface SequenceView {
  data: Float64Array;
  offset: number;
  length: number;
}

/**
 * Soft-DTW (or divergence) between x and y (both [frames][dim]); when `gradX` is given, adds
 * `scale · ∂value/∂x` into gradX[gradOffset …] ([x.length][dim]). Normalisation (options.normalize)
 * divides the whole value, divergence included, by the factor of the M × N pair.
 */
export function sequenceSoftDtw(
  x: SequenceView,
  y: SequenceView,
  dim: number,
  options: CheckedSoftDtwOptions,
  divergence: boolean,
  gradX: Float64Array | null,
  gradOffset: number,
  scale: number,
  who: string,
): number {
  const factor = normalizationFactor(options.normalize, y.length, x.length);
  const raw: CheckedSoftDtwOptions = { ...options, normalize: "none" };
  const g = scale / factor;
  let value = pairTerm(x, y, dim, raw, gradX, gradOffset, g, false, who);
  if (divergence) {
    value -= 0.5 * pairTerm(x, x, dim, raw, gradX, gradOffset, -0.5 * g, true, who);
    value -= 0.5 * pairTerm(y, y, dim, raw, null, 0, 0, false, who);
  }
  return value / factor;
}

/** One soft-DTW term sdtw(cols = x, rows = y); adds scale·∂/∂x (both sides when `xOnBothSides`). */
function pairTerm(
  x: SequenceView,
  y: SequenceView,
  dim: number,
  options: CheckedSoftDtwOptions,
  gradX: Float64Array | null,
  gradOffset: number,
  scale: number,
  xOnBothSides: boolean,
  who: string,
): number {
  const M = y.length;
  const N = x.length;
  const cost = options.workspace.float64(SLOT.cost, M * N); // [M][N]
  squaredEuclideanCost(x, y, dim, cost);
  if (gradX === null) return runSoftDtw(cost, M, N, options, null, who);
  const G = options.workspace.float64(SLOT.costGrad, M * N); // [M][N] ∂value/∂C
  const value = runSoftDtw(cost, M, N, options, G, who);
  addColumnGradient(G, x, y, dim, gradX, gradOffset, scale);
  if (xOnBothSides) addRowGradient(G, x, y, dim, gradX, gradOffset, scale);
  return value;
}

/** C(i, j) = Σ_k (y[i][k] − x[j][k])², written into out [M][N] (half the work when y is x). */
export function squaredEuclideanCost(x: SequenceView, y: SequenceView, dim: number, out: Float64Array): void {
  const M = y.length;
  const N = x.length;
  const xd = x.data;
  const yd = y.data;
  const same = x === y;
  for (let i = 0; i < M; i++) {
    const yi = y.offset + i * dim;
    if (same) out[i * N + i] = 0;
    for (let j = same ? i + 1 : 0; j < N; j++) {
      const xj = x.offset + j * dim;
      let s = 0;
      for (let k = 0; k < dim; k++) {
        const diff = yd[yi + k] - xd[xj + k];
        s += diff * diff;
      }
      out[i * N + j] = s;
      if (same) out[j * N + i] = s;
    }
  }
}

/**
 * gradX[j][k] += scale · Σ_i G(i, j) · 2 (x[j][k] − y[i][k])  (x on the columns). The sum over i is
 * kept in a register (k outside, i inside); columns without alignment mass (G ≥ 0) are skipped.
 */
function addColumnGradient(G: Float64Array, x: SequenceView, y: SequenceView, dim: number, gradX: Float64Array, gradOffset: number, scale: number): void {
  const M = y.length;
  const N = x.length;
  const xd = x.data;
  const yd = y.data;
  const f = 2 * scale;
  for (let j = 0; j < N; j++) {
    let mass = 0;
    for (let i = 0; i < M; i++) mass += G[i * N + j];
    if (mass === 0) continue; // outside the band, or no alignment mass
    const xj = x.offset + j * dim;
    const gj = gradOffset + j * dim;
    for (let k = 0; k < dim; k++) {
      const xjk = xd[xj + k];
      let s = 0;
      for (let i = 0; i < M; i++) s += G[i * N + j] * (xjk - yd[y.offset + i * dim + k]);
      gradX[gj + k] += f * s;
    }
  }
}

/**
 * gradRows[i][k] += scale · Σ_j G(i, j) · 2 (rows[i][k] − cols[j][k]): the derivative with respect to
 * the row sequence (used for sdtw(x, x), where x is also the row sequence).
 */
function addRowGradient(
  G: Float64Array,
  cols: SequenceView,
  rows: SequenceView,
  dim: number,
  gradRows: Float64Array,
  gradOffset: number,
  scale: number,
): void {
  const M = rows.length;
  const N = cols.length;
  const rd = rows.data;
  const cd = cols.data;
  const f = 2 * scale;
  for (let i = 0; i < M; i++) {
    let mass = 0;
    for (let j = 0; j < N; j++) mass += G[i * N + j];
    if (mass === 0) continue;
    const ri = rows.offset + i * dim;
    const gi = gradOffset + i * dim;
    for (let k = 0; k < dim; k++) {
      const rik = rd[ri + k];
      let s = 0;
      for (let j = 0; j < N; j++) s += G[i * N + j] * (rik - cd[cols.offset + j * dim + k]);
      gradRows[gi + k] += f * s;
    }
  }
}

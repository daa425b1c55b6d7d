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
import { shapeCost, unshapeCostGradient, type CostShaping } from "./diagonalPrior.js";
import type { SoftDtwCost } from "./types.js";

/** A sequence of `length` frames of `dim` features inside a flat array: [length][dim] from `offset`. */
export interface SequenceView {
  data: Float64Array;
  offset: number;
  length: number;
  /** The nonzero entries per frame, when few (one-hot targets): see `sparseRows`. */
  sparse?: SparseRows;
}

/** Nonzero entries of each frame: frame i holds index/value[start[i] … start[i+1]). */
export interface SparseRows {
  start: Int32Array; // [length + 1]
  index: Int32Array; // [nonzeros]
  value: Float64Array; // [nonzeros]
  squaredNorm: Float64Array; // [length] Σ_k y[i][k]²
}

/**
 * The nonzero entries of a sequence when at most a quarter of its entries are nonzero (e.g.
 * one-hot targets), else undefined. With them the cost and the gradient need O(M·N·nonzeros per
 * frame) work instead of O(M·N·dim) — 25× less for one-hot frames of 25 classes.
 */
export function sparseRows(view: SequenceView, dim: number): SparseRows | undefined {
  const { data, offset, length } = view;
  let nonzeros = 0;
  for (let n = offset; n < offset + length * dim; n++) if (data[n] !== 0) nonzeros++;
  if (nonzeros * 4 > length * dim) return undefined;
  return nonzeroRows(view, dim, nonzeros);
}

/** The nonzero entries of every frame of a sequence (any density; `nonzeros`: their count, if known). */
function nonzeroRows(view: SequenceView, dim: number, nonzeros?: number): SparseRows {
  const { data, offset, length } = view;
  if (nonzeros === undefined) {
    nonzeros = 0;
    for (let n = offset; n < offset + length * dim; n++) if (data[n] !== 0) nonzeros++;
  }
  const start = new Int32Array(length + 1);
  const index = new Int32Array(nonzeros);
  const value = new Float64Array(nonzeros);
  const squaredNorm = new Float64Array(length);
  let n = 0;
  for (let i = 0; i < length; i++) {
    start[i] = n;
    let norm = 0;
    for (let k = 0; k < dim; k++) {
      const v = data[offset + i * dim + k];
      if (v === 0) continue;
      index[n] = k;
      value[n] = v;
      norm += v * v;
      n++;
    }
    squaredNorm[i] = norm;
  }
  start[length] = n;
  return { start, index, value, squaredNorm };
}

export interface SequenceSoftDtwOptions {
  x: SequenceView;
  y: SequenceView;
  /** Features per frame. */
  dim: number;
  options: CheckedSoftDtwOptions;
  /** The soft-DTW divergence instead of soft-DTW. @default false */
  divergence?: boolean;
  /**
   * The local cost: `squaredEuclidean` ‖y_i − x_j‖², or `crossEntropy` −Σ_k y_i[k]·x_j[k] with x
   * holding log-probabilities (−log p_j(c) for a one-hot y_i of class c; no divergence).
   * @default "squaredEuclidean"
   */
  cost?: SoftDtwCost;
  /** [x.length][dim] from gradOffset on: receives scale·∂value/∂x (added). Absent: no gradient. */
  gradX?: Float64Array | null;
  /** @default 0 */
  gradOffset?: number;
  /** @default 1 */
  scale?: number;
  who: string;
  shaping?: CostShaping;
}

/**
 * Soft-DTW (or divergence) between x and y (both [frames][dim]); when `gradX` is given, adds
 * `scale · ∂value/∂x` into gradX[gradOffset …] ([x.length][dim]). Normalisation (options.normalize)
 * divides the whole value, divergence included, by the factor of the M × N pair. `shaping` (row
 * weights, diagonal prior: diagonalPrior.ts) changes the cost of the x–y term only: the
 * divergence's self-terms compare a sequence with itself, where no alignment needs steering.
 */
export function sequenceSoftDtw(o: SequenceSoftDtwOptions): number {
  const { x, y, dim, options, who, shaping } = o;
  const gradX = o.gradX ?? null;
  const gradOffset = o.gradOffset ?? 0;
  const factor = normalizationFactor(options.normalize, y.length, x.length);
  const raw: CheckedSoftDtwOptions = { ...options, normalize: "none" };
  const g = (o.scale ?? 1) / factor;
  if (o.cost === "crossEntropy") {
    if (o.divergence) throw new RangeError(`${who}: the soft-DTW divergence needs the squared Euclidean cost, not crossEntropy`);
    return crossEntropyTerm({ x, y, dim, options: raw, gradX, gradOffset, scale: g, xOnBothSides: false, who, shaping }) / factor;
  }
  let value = pairTerm({ x, y, dim, options: raw, gradX, gradOffset, scale: g, xOnBothSides: false, who, shaping });
  if (o.divergence) {
    value -= 0.5 * pairTerm({ x, y: x, dim, options: raw, gradX, gradOffset, scale: -0.5 * g, xOnBothSides: true, who });
    value -= 0.5 * pairTerm({ x: y, y, dim, options: raw, gradX: null, gradOffset: 0, scale: 0, xOnBothSides: false, who });
  }
  return value / factor;
}

/**
 * sdtw(cols = x, rows = y) with C(i, j) = −Σ_k y_i[k]·x_j[k] (x: log-probabilities); adds
 * scale·∂/∂x_j = −scale·Σ_i G(i, j)·y_i. Linear in x, so the chain rule needs no x.
 */
function crossEntropyTerm(o: PairTermOptions): number {
  const { x, y, dim, options, gradX, gradOffset, scale, who, shaping } = o;
  const M = y.length;
  const N = x.length;
  const workspace = options.workspace;
  const cost = workspace.float64(SLOT.cost, M * N); // [M][N]
  const xd = x.data;
  // only y's nonzero entries enter (one per row for one-hot targets)
  const { start, index, value: yv } = y.sparse ?? nonzeroRows(y, dim);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      const xj = x.offset + j * dim;
      let dot = 0;
      for (let n = start[i]; n < start[i + 1]; n++) dot += yv[n] * xd[xj + index[n]];
      cost[i * N + j] = -dot;
    }
  }
  if (shaping) shapeCost(cost, M, N, shaping);
  if (gradX === null) return runSoftDtw(cost, M, N, options, null, who);
  const G = workspace.float64(SLOT.costGrad, M * N);
  const value = runSoftDtw(cost, M, N, options, G, who);
  if (shaping) unshapeCostGradient(G, M, N, shaping);
  for (let i = 0; i < M; i++) {
    for (let n = start[i]; n < start[i + 1]; n++) {
      const f = -scale * yv[n];
      const k = index[n];
      for (let j = 0; j < N; j++) {
        const g = G[i * N + j];
        if (g !== 0) gradX[gradOffset + j * dim + k] += f * g;
      }
    }
  }
  return value;
}

/** One soft-DTW term sdtw(cols = x, rows = y); adds scale·∂/∂x (both sides when `xOnBothSides`). */
interface PairTermOptions {
  x: SequenceView;
  y: SequenceView;
  dim: number;
  options: CheckedSoftDtwOptions;
  gradX: Float64Array | null;
  gradOffset: number;
  scale: number;
  /** sdtw(x, x): the gradient flows through both sides. */
  xOnBothSides: boolean;
  who: string;
  shaping?: CostShaping;
}

function pairTerm(o: PairTermOptions): number {
  const { x, y, dim, options, gradX, gradOffset, scale, xOnBothSides, who, shaping } = o;
  const M = y.length;
  const N = x.length;
  const workspace = options.workspace;
  const cost = workspace.float64(SLOT.cost, M * N); // [M][N]
  const sparse = y.sparse !== undefined && x !== y ? y.sparse : undefined;
  if (sparse !== undefined) sparseCost(x, sparse, dim, cost, workspace.float64(SLOT.columnAccumulator, N), workspace.float64(SLOT.transposed, N * dim));
  else squaredEuclideanCost(x, y, dim, cost);
  if (shaping) shapeCost(cost, M, N, shaping);
  if (gradX === null) return runSoftDtw(cost, M, N, options, null, who);
  const G = workspace.float64(SLOT.costGrad, M * N); // [M][N] ∂value/∂C
  const value = runSoftDtw(cost, M, N, options, G, who);
  if (shaping) unshapeCostGradient(G, M, N, shaping);
  if (sparse !== undefined) addSparseColumnGradient(G, x, M, sparse, dim, gradX, gradOffset, scale, workspace.float64(SLOT.columnAccumulator, N * (dim + 1)));
  else if (xOnBothSides && options.wv === options.wh) {
    // sdtw(x, x) with symmetric steps: C, the band (M = N) and hence G are symmetric, so the row
    // contribution equals the column one.
    addColumnGradient(G, x, y, dim, gradX, gradOffset, 2 * scale, workspace.float64(SLOT.columnAccumulator, N * (dim + 1)));
    return value;
  } else addColumnGradient(G, x, y, dim, gradX, gradOffset, scale, workspace.float64(SLOT.columnAccumulator, N * (dim + 1)));
  if (xOnBothSides) addRowGradient(G, x, y, dim, gradX, gradOffset, scale);
  return value;
}

/**
 * C(i, j) = Σ_k (y[i][k] − x[j][k])², written into out [M][N] (half the work when y is x). Four
 * partial sums, so the additions do not wait on each other.
 */
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
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let k = 0;
      for (; k + 3 < dim; k += 4) {
        const d0 = yd[yi + k] - xd[xj + k];
        const d1 = yd[yi + k + 1] - xd[xj + k + 1];
        const d2 = yd[yi + k + 2] - xd[xj + k + 2];
        const d3 = yd[yi + k + 3] - xd[xj + k + 3];
        s0 += d0 * d0;
        s1 += d1 * d1;
        s2 += d2 * d2;
        s3 += d3 * d3;
      }
      for (; k < dim; k++) {
        const d = yd[yi + k] - xd[xj + k];
        s0 += d * d;
      }
      const c = s0 + s1 + (s2 + s3);
      out[i * N + j] = c;
      if (same) out[j * N + i] = c;
    }
  }
}

/**
 * C(i, j) = ‖y_i‖² + ‖x_j‖² − 2 y_i·x_j with y sparse. The expanded form rounds differently from
 * Σ (y − x)²: absolute error ≲ 4 ulp of ‖y_i‖² + ‖x_j‖² (≈ 1e-16 for unit-scale features), which
 * shifts the soft-DTW value by the same order — harmless, but C can come out as −1e-17 instead of 0.
 */
function sparseCost(x: SequenceView, y: SparseRows, dim: number, out: Float64Array, xNorms: Float64Array, xT: Float64Array): void {
  const N = x.length;
  const M = y.squaredNorm.length;
  const xd = x.data;
  for (let j = 0; j < N; j++) {
    let norm = 0;
    for (let k = 0; k < dim; k++) {
      const v = xd[x.offset + j * dim + k];
      norm += v ** 2;
      xT[k * N + j] = v; // x transposed: a one-hot row below then reads one feature's frames in order
    }
    xNorms[j] = norm;
  }
  const { start, index, value, squaredNorm } = y;
  const x0 = x.offset;
  for (let i = 0; i < M; i++) {
    const from = start[i];
    const to = start[i + 1];
    const yy = squaredNorm[i];
    const row = i * N;
    if (to - from === 1) {
      // One nonzero (one-hot rows): the same arithmetic as the general loop below (0 + v·x kept, so
      // −0 products round alike), without its inner loop.
      const v = value[from];
      const column = index[from] * N;
      for (let j = 0; j < N; j++) out[row + j] = yy + xNorms[j] - 2 * (0 + v * xT[column + j]);
      continue;
    }
    for (let j = 0; j < N; j++) {
      const xj = x0 + j * dim;
      let dot = 0;
      for (let n = from; n < to; n++) dot += value[n] * xd[xj + index[n]];
      out[row + j] = yy + xNorms[j] - 2 * dot;
    }
  }
}

/**
 * The column gradient with y sparse: gradX[j] += 2·scale·(x_j·Σ_i G(i, j) − Σ_i G(i, j)·y_i), the
 * second sum accumulated over y's nonzeros only. `acc` holds N·dim sums then N masses.
 */
function addSparseColumnGradient(
  G: Float64Array,
  x: SequenceView,
  M: number,
  y: SparseRows,
  dim: number,
  gradX: Float64Array,
  gradOffset: number,
  scale: number,
  acc: Float64Array, // [dim][N] Σ_i G(i, j) y_i (transposed: a row's nonzero feature is written frame after frame), then [N] Σ_i G(i, j)
): void {
  const N = x.length;
  const massAt = N * dim;
  acc.fill(0, 0, N * (dim + 1));
  for (let i = 0; i < M; i++) {
    const from = y.start[i];
    const to = y.start[i + 1];
    for (let j = 0; j < N; j++) {
      const g = G[i * N + j];
      if (g === 0) continue;
      acc[massAt + j] += g;
      for (let n = from; n < to; n++) acc[y.index[n] * N + j] += g * y.value[n];
    }
  }
  applyAccumulated(x, dim, gradX, gradOffset, 2 * scale, acc, 1, N);
}

/**
 * gradX[j][k] += scale · Σ_i G(i, j) · 2 (x[j][k] − y[i][k])  (x on the columns), evaluated as
 * 2·scale·(x_j·Σ_i G(i, j) − Σ_i G(i, j)·y_i) with the second sum accumulated row by row over
 * contiguous features (independent additions; the difference form chained M additions per entry
 * and was 4× slower). `acc` holds N·dim sums then N masses.
 */
function addColumnGradient(G: Float64Array, x: SequenceView, y: SequenceView, dim: number, gradX: Float64Array, gradOffset: number, scale: number, acc: Float64Array): void {
  const M = y.length;
  const N = x.length;
  const yd = y.data;
  const massAt = N * dim;
  acc.fill(0, 0, N * (dim + 1));
  for (let i = 0; i < M; i++) {
    const yi = y.offset + i * dim;
    for (let j = 0; j < N; j++) {
      const g = G[i * N + j];
      if (g === 0) continue; // outside the band, or no alignment mass
      acc[massAt + j] += g;
      const aj = j * dim;
      for (let k = 0; k < dim; k++) acc[aj + k] += g * yd[yi + k];
    }
  }
  applyAccumulated(x, dim, gradX, gradOffset, 2 * scale, acc, dim, 1);
}

/**
 * gradX[j][k] += f·(x[j][k]·mass_j − Σ_jk) for every frame j with mass, Σ_jk = acc[j·frameStride +
 * k·featureStride] ([N][dim]: strides dim, 1; transposed [dim][N]: 1, N), mass_j = acc[N·dim + j].
 */
function applyAccumulated(
  x: SequenceView,
  dim: number,
  gradX: Float64Array,
  gradOffset: number,
  f: number,
  acc: Float64Array,
  frameStride: number,
  featureStride: number,
): void {
  const N = x.length;
  const massAt = N * dim;
  const xd = x.data;
  for (let j = 0; j < N; j++) {
    const mass = acc[massAt + j];
    if (mass === 0) continue;
    for (let k = 0; k < dim; k++) gradX[gradOffset + j * dim + k] += f * (xd[x.offset + j * dim + k] * mass - acc[j * frameStride + k * featureStride]);
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

/**
 * The soft-DTW divergence (Blondel, Mensch & Vert, AISTATS 2021):
 *
 *     div(x, y) = sdtw(x, y) − ½ (sdtw(x, x) + sdtw(y, y))
 *
 * with the squared Euclidean cost. Plain soft-DTW can be negative and sdtw(x, x) ≠ 0; the
 * divergence is 0 when x = y (exactly, here) and ≥ 0 for the unbanded, unit-step-weight case
 * (their Proposition 1: exp(−C/γ) is a positive definite kernel for squared Euclidean C). Band and
 * step weights are applied to all three terms; with them, non-negativity is not guaranteed, and
 * with asymmetric steps (w_v ≠ w_h, e.g. [1, 0, 1]) x = y still gives 0 but is no longer a
 * stationary point (the gradient there is not 0).
 */
import { toDense, sameFormAs, type DenseMatrix, type Matrix } from "./matrix.js";
import { checkSoftDtwOptions } from "./options.js";
import { sequenceSoftDtw, sparseRows } from "./sequences.js";
import type { LossResult, SoftDtwDivergenceOptions } from "./types.js";

/**
 * Soft-DTW divergence between x ([N frames][K features], the sequence differentiated — the columns
 * of the cost matrix, e.g. predictions) and y ([M][K], the reference — the rows, e.g. targets),
 * and its gradient with respect to x in the same form as x. `normalize` divides the whole
 * divergence by N, M or N + M of the (x, y) pair.
 *
 * @example
 * import { softDtwDivergence } from "chordtrain";
 * const x = [[1], [2], [3]];
 * const y = [[3], [4], [-3]];
 * const { value, grad } = softDtwDivergence(x, y, { gamma: 1 });
 * // value ≈ 42.0586, grad ≈ [[-3.5249], [-2.2852], [9.6891]] (tslearn's documented example)
 * softDtwDivergence(x, x, { gamma: 1 }).value; // 0
 */
export function softDtwDivergence(x: number[][], y: Matrix, options: SoftDtwDivergenceOptions): LossResult<number[][]>;
export function softDtwDivergence(x: DenseMatrix, y: Matrix, options: SoftDtwDivergenceOptions): LossResult<DenseMatrix>;
export function softDtwDivergence(x: Matrix, y: Matrix, options: SoftDtwDivergenceOptions): LossResult<Matrix>;
export function softDtwDivergence(x: Matrix, y: Matrix, options: SoftDtwDivergenceOptions): LossResult<Matrix> {
  const who = "softDtwDivergence";
  const checked = checkSoftDtwOptions(options, who);
  const xs = toDense(x, { what: `${who}: x` });
  const ys = toDense(y, { what: `${who}: y` });
  if (xs.cols !== ys.cols) {
    throw new RangeError(`${who}: x has ${xs.cols} features per frame but y has ${ys.cols}; they must match`);
  }
  const grad = new Float64Array(xs.rows * xs.cols);
  const yView = { data: ys.data, offset: 0, length: ys.rows };
  const value = sequenceSoftDtw({
    x: { data: xs.data, offset: 0, length: xs.rows },
    y: { ...yView, sparse: sparseRows(yView, ys.cols) },
    dim: xs.cols,
    options: checked,
    divergence: true,
    gradX: grad,
    who,
  });
  return { value, grad: sameFormAs(x, grad, xs.rows, xs.cols) };
}

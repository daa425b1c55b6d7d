/**
 * Soft-DTW on a cost matrix (Cuturi & Blondel, ICML 2017): the value and its exact gradient with
 * respect to every cost. The dynamic program itself is in softDtwKernel.ts; the band rule in
 * band.ts. Runs in float64 and is numerically stable for any γ > 0 (γ = 1e-300 gives hard DTW; costs
 * of 1e4 with γ = 1e-3 give finite values and gradients).
 */
import type { BandIntervals } from "./band.js";
import { gradientArray, matrixShape, toDense, sameFormAs, type DenseMatrix, type Matrix } from "./matrix.js";
import { checkSoftDtwOptions, normalizationFactor, type CheckedSoftDtwOptions } from "./options.js";
import { softDtwKernel } from "./softDtwKernel.js";
import type { GradientOutput, LossResult, SoftDtwOptions } from "./types.js";

/**
 * Soft-DTW value and gradient ∂value/∂cost of an M × N cost matrix (rows = targets, columns =
 * prediction frames). The gradient is the expected alignment matrix E (entries in [0, 1]) for unit
 * step weights, and comes back in the same form as `cost` (nested arrays or DenseMatrix), divided
 * by the same normalisation as the value. See SoftDtwOptions for γ, band, step weights and
 * normalisation.
 *
 * @example
 * import { softDtw } from "chordtrain";
 * const cost = [
 *   [0, 1, 4],
 *   [1, 0, 1],
 * ];
 * const { value, grad } = softDtw(cost, { gamma: 0.3 });
 * // value ≈ 0.9695 (hard DTW: 1); grad ≈ [[1, 0.064, 5e-8], [0.032, 0.968, 1]], grad[i][j] = ∂value/∂cost[i][j]
 */
export function softDtw(cost: number[][], options: SoftDtwOptions): LossResult<number[][]>;
export function softDtw(cost: DenseMatrix, options: SoftDtwOptions & GradientOutput): LossResult<DenseMatrix>;
export function softDtw(cost: Matrix, options: SoftDtwOptions & GradientOutput): LossResult<Matrix>;
export function softDtw(cost: Matrix, options: SoftDtwOptions & GradientOutput): LossResult<Matrix> {
  const who = "softDtw";
  const checked = checkSoftDtwOptions(options, who, ["out"]);
  // Refuse an oversized problem before reading (or allocating) anything of its size.
  const { rows, cols } = matrixShape(cost, { what: `${who}: cost` });
  const band = checkedBand(rows, cols, checked, who);
  const dense = toDense(cost, { what: `${who}: cost` });
  const grad = gradientArray(options.out, rows * cols, cost, dense.data, who);
  const value = runSoftDtw(dense.data, rows, cols, checked, grad, who, band);
  return { value, grad: sameFormAs(cost, grad, rows, cols) };
}

/**
 * Soft-DTW value alone: same options and result as `softDtw(...).value`, but O(N) memory (no
 * gradient storage), so it also works for matrices beyond `maxCells`.
 *
 * @example
 * import { softDtwValue } from "chordtrain";
 * softDtwValue([[0, 1], [1, 0]], { gamma: 1e-300 }); // 0 (hard DTW)
 */
export function softDtwValue(cost: Matrix, options: SoftDtwOptions): number {
  const checked = checkSoftDtwOptions(options, "softDtwValue");
  const dense = toDense(cost, { what: "softDtwValue: cost" });
  return runSoftDtw(dense.data, dense.rows, dense.cols, checked, null, "softDtwValue");
}

/**
 * The shared entry point (plain functions, divergence, tfjs op): checked options, a validated
 * row-major cost; returns the normalised value and writes the normalised gradient into `gradOut`.
 */
export function runSoftDtw(
  cost: Float64Array, // [rows=M targets][cols=N frames]
  rows: number,
  cols: number,
  options: CheckedSoftDtwOptions,
  gradOut: Float64Array | null, // [rows][cols]
  who: string,
  band?: BandIntervals,
): number {
  const { lo, hi, cells } = band ?? (gradOut !== null ? checkedBand(rows, cols, options, who) : options.workspace.band(rows, cols, options.band));
  const raw = softDtwKernel(cost, rows, cols, lo, hi, cells, options, options.workspace, gradOut);
  const factor = normalizationFactor(options.normalize, rows, cols);
  if (factor !== 1 && gradOut !== null) {
    const inv = 1 / factor;
    for (let k = 0; k < rows * cols; k++) gradOut[k] *= inv;
  }
  return raw / factor;
}

/** The band of an M × N problem, refused (RangeError) when the gradient would need more than maxCells. */
export function checkedBand(rows: number, cols: number, options: CheckedSoftDtwOptions, who: string): BandIntervals {
  const band = options.workspace.band(rows, cols, options.band);
  if (band.cells > options.maxCells) {
    throw new RangeError(
      `${who}: a ${rows} × ${cols} cost matrix has ${band.cells} cells in its band, more than maxCells = ${options.maxCells} ` +
        `(the gradient keeps 24 bytes per cell); use a band, raise maxCells, or softDtwValue for the value alone`,
    );
  }
  return band;
}

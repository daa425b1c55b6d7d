/**
 * Hard DTW with its optimal path (the report draws it over the soft alignment E). Same recursion,
 * band and step weights as soft-DTW with min in place of softmin_γ, so
 * `dtwPath(C).value === softDtw(C, { gamma: 1e-300 }).value` for the same options.
 */
import { bandIntervals } from "./band.js";
import { toDense, type Matrix } from "./matrix.js";
import { checkSoftDtwOptions } from "./options.js";
import type { SoftDtwOptions } from "./types.js";

/** Options of `dtwPath`: the soft-DTW options that shape the path (band, step weights). */
export type DtwPathOptions = Pick<SoftDtwOptions, "band" | "stepWeights" | "maxCells">;

/** Hard DTW: the minimal path cost and one optimal path. */
export interface DtwPathResult {
  value: number;
  /** [i, j] cells from (0, 0) to (M−1, N−1), i = row (target), j = column (frame). */
  path: Array<[number, number]>;
}

const FROM_VERTICAL = 0;
const FROM_HORIZONTAL = 1;
const FROM_DIAGONAL = 2;

/**
 * Hard DTW value and optimal path of an M × N cost matrix. Ties prefer the diagonal step, then the
 * vertical, then the horizontal one. Needs one byte per band cell for the back-pointers.
 *
 * @example
 * import { dtwPath } from "chordtrain";
 * dtwPath([
 *   [0, 1, 4],
 *   [1, 0, 1],
 * ]); // { value: 1, path: [[0, 0], [1, 1], [1, 2]] }
 */
export function dtwPath(cost: Matrix, options: DtwPathOptions = {}): DtwPathResult {
  for (const key of Object.keys(options)) {
    if (key !== "band" && key !== "stepWeights" && key !== "maxCells") {
      throw new TypeError(`dtwPath: unknown option "${key}" (expected one of band, stepWeights, maxCells)`);
    }
  }
  const checked = checkSoftDtwOptions({ gamma: 1, ...options }, "dtwPath");
  const { data, rows, cols } = toDense(cost, { what: "dtwPath: cost" });
  const { lo, hi, cells } = bandIntervals(rows, cols, checked.band);
  if (cells > checked.maxCells) {
    throw new RangeError(`dtwPath: a ${rows} × ${cols} cost matrix has ${cells} cells in its band, more than maxCells = ${checked.maxCells}`);
  }
  const { wv, wh, wd } = checked;
  const D = new Float64Array(rows * cols).fill(Infinity); // [rows][cols]
  const from = new Uint8Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = lo[i]; j <= hi[i]; j++) {
      const k = i * cols + j;
      const c = data[k];
      if (i === 0 && j === 0) {
        D[0] = c;
        continue;
      }
      // Same expressions as the soft-DTW kernel, so γ → 0 reproduces these values bit for bit.
      const a = i > 0 ? D[k - cols] + wv * c : Infinity;
      const b = j > 0 ? D[k - 1] + wh * c : Infinity;
      const d = i > 0 && j > 0 ? D[k - cols - 1] + wd * c : Infinity;
      let best = d;
      let step = FROM_DIAGONAL;
      if (a < best) {
        best = a;
        step = FROM_VERTICAL;
      }
      if (b < best) {
        best = b;
        step = FROM_HORIZONTAL;
      }
      D[k] = best;
      from[k] = step;
    }
  }
  const path: Array<[number, number]> = [];
  let i = rows - 1;
  let j = cols - 1;
  path.push([i, j]);
  while (i > 0 || j > 0) {
    const step = from[i * cols + j];
    if (step !== FROM_HORIZONTAL) i--;
    if (step !== FROM_VERTICAL) j--;
    path.push([i, j]);
  }
  path.reverse();
  return { value: D[rows * cols - 1], path };
}

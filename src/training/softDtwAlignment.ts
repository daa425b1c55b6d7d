/**
 * The soft alignment and hard path of one cost matrix, from the soft-DTW library (src/losses),
 * with the loss config's γ, band and step weights. E is left unnormalised (loss.normalize only
 * rescales it), so E(i, j) reads as the expected occupancy of cell (i, j).
 */
import type { LossConfig } from "../config/schema.js";
import { dtwPath, softDtw } from "../losses/index.js";

export function softDtwAlignment(
  cost: Float64Array,
  rows: number,
  cols: number,
  loss: Pick<LossConfig, "gamma" | "band" | "stepWeights">,
): { E: number[]; path: [number, number][] } {
  const matrix = { data: cost, rows, cols };
  const shape = { band: loss.band, stepWeights: loss.stepWeights };
  const { grad } = softDtw(matrix, { gamma: loss.gamma, ...shape });
  return { E: Array.from(grad.data), path: dtwPath(matrix, shape).path };
}

/**
 * The Sakoe–Chiba band on the scaled diagonal, as one column interval per row.
 *
 * For an M × N cost matrix (rows i = 0…M−1, columns j = 0…N−1) and band half-width b, cell (i, j)
 * is allowed when
 *
 *     |i/M − j/N| ≤ b        evaluated exactly as   |i·N − j·M| ≤ b·M·N
 *
 * (integers on the left, so only the product b·M·N is rounded), OR when it lies on the "staircase"
 * from (0, 0) to (M−1, N−1) that follows the same diagonal:
 *
 *     floor(i·N/M) ≤ j ≤ max(floor(i·N/M), floor((i+1)·N/M) − 1).
 *
 * The staircase is a connected monotone path, so (0, 0) → (M−1, N−1) stays feasible however narrow
 * the band (b = 0 leaves just the staircase), and it is within max(1/M, 1/N) of the diagonal, so a
 * band wider than one cell already contains it. Both sets are intervals per row whose ends never
 * decrease with i, and their union is again such an interval, so every allowed cell lies on some
 * allowed path. b ≥ 1 (or undefined) allows every cell.
 */

/** Allowed columns of each row: row i is [lo[i], hi[i]] (inclusive). */
export interface BandIntervals {
  lo: Int32Array;
  hi: Int32Array;
  /** Number of allowed cells, Σ (hi − lo + 1). */
  cells: number;
}

/**
 * Column intervals of the Sakoe–Chiba band of an M × N matrix (see the file comment for the
 * exact rule) — what `softDtw(…, { band })` uses; handy for drawing the band.
 *
 * @example
 * import { bandIntervals } from "chordtrain";
 * const { lo, hi, cells } = bandIntervals(4, 12, 0.1); // row i may use columns lo[i]…hi[i]
 * // lo = [0, 2, 5, 8], hi = [2, 5, 8, 11], cells = 15
 */
export function bandIntervals(rows: number, cols: number, band: number | undefined): BandIntervals {
  const lo = new Int32Array(rows);
  const hi = new Int32Array(rows);
  let cells = 0;
  const full = band === undefined || band >= 1;
  const limit = full ? 0 : band * rows * cols; // |i·N − j·M| ≤ limit
  for (let i = 0; i < rows; i++) {
    // The staircase's columns in row i.
    const stairLo = Math.floor((i * cols) / rows);
    const stairHi = Math.max(stairLo, Math.floor(((i + 1) * cols) / rows) - 1);
    let a = 0;
    let b = cols - 1;
    if (!full) {
      // Integer interval of |i·N − j·M| ≤ limit, first estimated, then corrected exactly.
      const centre = i * cols;
      a = Math.max(0, Math.ceil((centre - limit) / rows));
      while (a > 0 && Math.abs(centre - (a - 1) * rows) <= limit) a--;
      while (a < cols && Math.abs(centre - a * rows) > limit) a++;
      b = Math.min(cols - 1, Math.floor((centre + limit) / rows));
      while (b < cols - 1 && Math.abs(centre - (b + 1) * rows) <= limit) b++;
      while (b >= 0 && Math.abs(centre - b * rows) > limit) b--;
      if (a > b) {
        a = stairLo; // the band misses this row: keep the staircase only
        b = stairHi;
      } else {
        a = Math.min(a, stairLo);
        b = Math.max(b, stairHi);
      }
    }
    lo[i] = a;
    hi[i] = b;
    cells += b - a + 1;
  }
  return { lo, hi, cells };
}

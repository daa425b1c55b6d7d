/** Scratch buffers for the loss kernels (see LossWorkspace). */
import { bandIntervals, type BandIntervals } from "./band.js";
/** Which Float64Array each kernel uses (one registry, so two kernels never share a slot by accident). */
export const SLOT = {
  dtwWeights: 0,
  dtwDiagA: 1,
  dtwDiagB: 2,
  dtwDiagC: 3,
  dtwSigmaA: 4,
  dtwSigmaB: 5,
  dtwSigmaC: 6,
  cost: 7,
  costGrad: 8,
  ctcWeights: 9,
  ctcRowA: 10,
  ctcRowB: 11,
  ctcSigmaA: 12,
  ctcSigmaB: 13,
  ctcOccupancyA: 14,
  ctcOccupancyB: 15,
  columnAccumulator: 16,
  dtwScalars: 17,
  transposed: 18,
  ctcShifted: 19,
  ctcPrior: 20,
  ctcWeighted: 21,
  ctcProportion: 22,
  proportionShares: 23,
  proportionMean: 24,
} as const;

/** Which Int32Array each kernel uses. */
export const INT_SLOT = {
  dtwDiagonalStarts: 0,
  ctcExtended: 1,
  ctcSkip: 2,
  ctcLabels: 3,
} as const;

/**
 * Reusable scratch buffers for the loss kernels, so a training loop that calls a loss every step
 * does not allocate (and zero) fresh typed arrays each time. Pass one as `options.workspace`;
 * without one, calls share a process-wide default workspace (see defaultWorkspace). A workspace only grows; `release()` drops its buffers.
 * Not for concurrent use (one call at a time — which is all JavaScript does on one thread).
 *
 * @example
 * import { createLossWorkspace, softDtw } from "chordtrain";
 * const workspace = createLossWorkspace();
 * const costs = [[[0, 1], [1, 0]], [[0, 2, 1], [2, 0, 1]]];
 * for (const cost of costs) softDtw(cost, { gamma: 0.3, workspace }); // buffers allocated once
 */
export class LossWorkspace {
  readonly #float64: Float64Array[] = [];
  readonly #int32: Int32Array[] = [];
  readonly #bands = new Map<string, BandIntervals>();

  /** A Float64Array of at least `length` elements in `slot` (contents unspecified). */
  float64(slot: number, length: number): Float64Array {
    const old = this.#float64[slot];
    if (old !== undefined && old.length >= length) return old;
    const next = new Float64Array(grownLength(old?.length ?? 0, length));
    this.#float64[slot] = next;
    return next;
  }

  /** An Int32Array of at least `length` elements in `slot` (contents unspecified). */
  int32(slot: number, length: number): Int32Array {
    const old = this.#int32[slot];
    if (old !== undefined && old.length >= length) return old;
    const next = new Int32Array(grownLength(old?.length ?? 0, length));
    this.#int32[slot] = next;
    return next;
  }

  /**
   * bandIntervals(rows, cols, band), kept for the next call of the same shape (a training run
   * meets a handful of shapes; two fresh Int32Arrays per call were garbage). Read-only.
   */
  band(rows: number, cols: number, band: number | undefined): BandIntervals {
    const key = `${rows}x${cols}@${band}`;
    let hit = this.#bands.get(key);
    if (hit === undefined) {
      if (this.#bands.size >= 16) this.#bands.clear();
      this.#bands.set(key, (hit = bandIntervals(rows, cols, band)));
    }
    return hit;
  }

  /** Bytes currently held. */
  get bytes(): number {
    let total = 0;
    for (const b of this.#float64) total += b?.byteLength ?? 0;
    for (const b of this.#int32) total += b?.byteLength ?? 0;
    return total;
  }

  /** Drop every buffer (the next call allocates again). */
  release(): void {
    this.#float64.length = 0;
    this.#int32.length = 0;
    this.#bands.clear();
  }
}

/**
 * A new, empty workspace to pass as `options.workspace` (see LossWorkspace).
 *
 * @example
 * import { createLossWorkspace, ctcLoss } from "chordtrain";
 * const workspace = createLossWorkspace();
 * ctcLoss([[0, -1], [0, -1]], [1], { blank: 0, workspace });
 * workspace.bytes; // > 0: kept for the next call
 */
export function createLossWorkspace(): LossWorkspace {
  return new LossWorkspace();
}

/** Above this many bytes the default workspace is emptied before it is handed out again. */
export const DEFAULT_WORKSPACE_MAX_BYTES = 16 * 2 ** 20;
let shared: LossWorkspace | undefined;

/**
 * The workspace of calls that pass none: one per process, reused. A fresh workspace per call
 * allocated ~80 kB of typed arrays per 16 × 150 soft-DTW call; those off-heap buffers drove
 * "external memory pressure" garbage collections that made the first ~1000 calls of a fresh
 * process run at 1.5–2.7× the steady-state time (bench/losses.bench.ts, "cold process"). It keeps
 * at most one large problem's buffers (≤ DEFAULT_WORKSPACE_MAX_BYTES, else it is emptied on the
 * next call). Safe because the kernels are synchronous and never call one another re-entrantly
 * with the same slot.
 */
export function defaultWorkspace(): LossWorkspace {
  shared ??= new LossWorkspace();
  if (shared.bytes > DEFAULT_WORKSPACE_MAX_BYTES) shared.release();
  return shared;
}

/** Grow by at least half again, so slowly increasing sizes do not reallocate every call. */
function grownLength(current: number, needed: number): number {
  return Math.max(needed, Math.ceil(current * 1.5));
}

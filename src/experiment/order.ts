/**
 * The order in which `batch --jobs N` starts its runs (issue 19): longest expected first (LPT
 * scheduling), so that the lanes do not end with one long run while the others idle; runs are
 * pulled from one queue, with no barrier between rows.
 *
 * The expected cost of a run, in relative units: its epochs × the cost of one epoch per training
 * frame relative to BCE. Soft-DTW's DP is M × N per segment (M target elements, N frames) against
 * BCE's N × 24 outputs; CTC's is N × (2L + 1) for L ≤ 16-ish reduced chords. The factors are rough
 * (from history.csv seconds per epoch of the built-in Table 4.1: BCE ≈ 1, soft-DTW 16 ≈ 2–3,
 * soft-DTW 75 ≈ 6–10, CTC ≈ 5); they only order the runs and seed the batch's ETA, which then uses
 * measured rates (eta.ts). Early stopping is not foreseen: a run costs its maximum epochs.
 */
import type { Config } from "../config/schema.js";
import { resolveSoftLength } from "../dataset/targets.js";

export function expectedCost(config: Config): number {
  return config.training.epochs * epochFactor(config);
}

function epochFactor(config: Config): number {
  if (config.loss.kind === "bce") return 1;
  if (config.loss.kind === "ctc") return 5;
  const frames = config.dataset.segmentLength;
  if (config.targets.kind === "strong") return 1 + frames / 10;
  const m = config.targets.padding === "none" ? 16 : resolveSoftLength(config.targets.softLength, frames);
  return 1 + m / 10;
}

/** The items, longest expected first; ties keep the plan's order (a stable sort). */
export function longestFirst<T extends { config: Config }>(items: readonly T[]): T[] {
  return items
    .map((item, index) => ({ item, index, cost: expectedCost(item.config) }))
    .sort((a, b) => b.cost - a.cost || a.index - b.index)
    .map((x) => x.item);
}

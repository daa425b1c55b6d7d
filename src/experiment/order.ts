/**
 * The order in which `batch --jobs N` starts its runs (issue 19): longest expected first (LPT
 * scheduling), so that the lanes do not end with one long run while the others idle; runs are
 * pulled from one queue, with no barrier between rows.
 *
 * The expected cost of a run, in relative units: its epochs × the cost of one epoch per training
 * song relative to BCE. Soft-DTW's DP is M × N per segment (M target elements, N frames) against
 * BCE's N × 24 outputs; CTC's is N × (2L + 1) for L ≤ 16-ish reduced chords. The factors (soft-DTW
 * 1 + M/30, CTC 3) follow the seconds of the generalisation benchmark's 60-song runs (soft-DTW u75
 * 3.6× a BCE run, CTC 2.9×; docs/early-stopping.md); they only order the runs and seed the batch's
 * ETA, which then uses measured rates (eta.ts). Early stopping is not foreseen: a run costs its maximum epochs.
 *
 * An epoch's cost grows with the training data, so a batch that mixes corpus sizes (the
 * generalisation benchmark: 4-song folds beside 60-song cells) scales each run's cost by its
 * number of training songs (`trainingSongCount`, from the song names the batch finds before it
 * starts; songs differ in length, so this is a proxy). Without it a 60-song run counted as a 4-song
 * one, and the time left shown at half-way was about 0.6 of the time really left.
 */
import type { Config } from "../config/schema.js";
import { resolveSoftLength } from "../dataset/targets.js";
import { matchSongs } from "../dataset/splits.js";

export function expectedCost(config: Config, trainingSongs = 1): number {
  return config.training.epochs * epochFactor(config) * trainingSongs;
}

/**
 * How many songs a run trains on, from the corpus's song names and the split: `songs` the songs
 * of `split.trainSongs` (default: those neither tested nor validated on), `leave-one-song-out` and
 * `study` the other songs' or all songs' share 1 − valFraction. A split that does not resolve
 * (the run will report why) counts every song.
 */
export function trainingSongCount(config: Config, names: readonly string[]): number {
  const split = config.split;
  try {
    switch (split.protocol) {
      case "songs": {
        if (split.trainSongs !== undefined) return matchSongs(split.trainSongs, names, "split.trainSongs").length;
        const held = new Set([...matchSongs(split.testSongs, names, "split.testSongs"), ...matchSongs(split.valSongs, names, "split.valSongs")]);
        return names.filter((n) => !held.has(n)).length;
      }
      case "leave-one-song-out":
        return Math.max(0, names.length - 1) * (1 - split.valFraction);
      case "study":
        return names.length * (1 - split.valFraction);
    }
  } catch {
    return names.length;
  }
}

function epochFactor(config: Config): number {
  if (config.loss.kind === "bce") return 1;
  if (config.loss.kind === "ctc") return 3;
  const frames = config.dataset.segmentLength;
  if (config.targets.kind === "strong") return 1 + frames / 30;
  const m = config.targets.padding === "none" ? 16 : resolveSoftLength(config.targets.softLength, frames);
  return 1 + m / 30;
}

/** What runs of one method share in the batch's measured rates (eta.ts `kind`): the loss and the targets' shape. */
export function methodKind(config: Config): string {
  const t = config.targets;
  return [config.model.context ? "context" : "dchord", config.loss.kind, t.kind, t.padding, String(t.softLength)].join("|");
}

/** The items, longest expected first (`costOf`: default expectedCost of the config alone); ties keep the plan's order (a stable sort). */
export function longestFirst<T extends { config: Config }>(items: readonly T[], costOf: (item: T) => number = (i) => expectedCost(i.config)): T[] {
  return items
    .map((item, index) => ({ item, index, cost: costOf(item) }))
    .sort((a, b) => b.cost - a.cost || a.index - b.index)
    .map((x) => x.item);
}

/**
 * Class-balanced soft-DTW cost (`loss.classBalance` = β): a target row of quality q (major or
 * minor) has its cost multiplied by
 *
 *     w_q = c · s_q^(−β),   s_q = share of q among the training target rows,
 *     c chosen so that Σ_q s_q·w_q = 1 (the mean weight of a training row stays 1),
 *
 * so β = 0 changes nothing and β = 1 makes the major and the minor rows weigh the same in total
 * (w_q = 1 / (2·s_q)). Balancing by quality rather than by the 24 chords: the collapse to fight
 * is that of the minor template (shared by the 12 minor chords in dChord), and per-chord weights
 * would blow up the few rows of rarely played chords. A quality without any training row keeps
 * weight 1 (it cannot occur in a training target).
 */
import { NUM_CHORDS } from "../annotations/chordClasses.js";

/** [24] weight per chord class (0–11 major, 12–23 minor) from the training target sequences. */
export function classBalanceWeights(sequences: readonly ArrayLike<number>[], beta: number): number[] {
  const counts = [0, 0]; // major, minor
  for (const seq of sequences) {
    for (let i = 0; i < seq.length; i++) {
      const c = seq[i];
      if (c >= 0 && c < NUM_CHORDS) counts[c < 12 ? 0 : 1]++;
    }
  }
  const total = counts[0] + counts[1];
  const present = counts.map((n) => n > 0 && beta !== 0);
  const raw = counts.map((n, q) => (present[q] ? (n / total) ** -beta : 1));
  // Σ_q s_q·c·raw_q = 1 over the present qualities
  const norm = counts.reduce((sum, n, q) => sum + (present[q] ? (n / total) * raw[q] : 0), 0);
  const quality = raw.map((r, q) => (present[q] ? r / norm : 1));
  return Array.from({ length: NUM_CHORDS }, (_, c) => quality[c < 12 ? 0 : 1]);
}

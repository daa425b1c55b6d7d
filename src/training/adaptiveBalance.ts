/**
 * Class balance by feedback (`loss.adaptiveBalance`, issue 16 item 6: a method that uses only what
 * weak labels know). A fixed balance exponent β fits some songs and not others: the β that keeps
 * dChord's minor template alive on the benchmark's 4-song folds over-predicts minor on songs with
 * more minor chords (docs/generalization.md "Held out"). Here β starts at the configured value
 * (loss.classBalance for soft-DTW, loss.ctcClassBalance for CTC) and after every epoch moves by
 *
 *     β ← clamp(β + rate·ln(s / max(ŝ, SHARE_FLOOR)), 0, 2)
 *
 * s = the minor share the training chord sequences imply, ŝ = the share of training frames the
 * model predicts minor (classShares.ts): up when the model predicts too little minor, down when too
 * much. Only the training loss's weights move; the validation loss keeps the configured β, so
 * epochs stay comparable. Since the shares are measured every epoch, an epoch the class-share
 * check flags as collapsed (classShares.ts collapsedShare: predicted < 1/4 of implied) is never the
 * kept one: the first epochs, before β has moved, can score best on the validation sequence
 * accuracy with no minor chord at all (a benchmark run did). Deterministic: β depends only on the
 * run's own trajectory.
 */
import { collapsedShare } from "./classShares.js";
import type { EpochRecord } from "./types.js";

/** ŝ below this counts as this (a collapsed epoch gives a large finite step, not +∞). */
export const SHARE_FLOOR = 0.005;
/** β stays in the schema's range of loss.classBalance / loss.ctcClassBalance. */
export const MAX_BALANCE = 2;

/** The next epoch's β from this epoch's β, the implied share s and the predicted share ŝ. */
export function nextBalance(beta: number, implied: number, predicted: number, rate: number): number {
  if (!(implied > 0) || Number.isNaN(predicted)) return beta;
  const step = rate * Math.log(implied / Math.max(predicted, SHARE_FLOOR));
  return Math.min(MAX_BALANCE, Math.max(0, beta + step));
}

/**
 * Whether an epoch may be the kept one: always without the feedback; with it, not when the
 * class-share check flags the epoch as collapsed (module comment).
 */
export function keepableEpoch(record: Pick<EpochRecord, "trainMinorShare" | "impliedMinorShare">, adaptive: boolean): boolean {
  return !adaptive || !collapsedShare(record.trainMinorShare, record.impliedMinorShare);
}

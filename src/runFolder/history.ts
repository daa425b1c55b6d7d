/**
 * `history.csv`: one line per epoch, `epoch,train_loss,val_loss,val_f,seconds`, then (appended later,
 * absent in older runs) `val_chord_loss,train_minor_share,implied_minor_share,val_sequence_accuracy,class_balance`
 * (training/selection.ts, training/classShares.ts). Written epoch by
 * epoch by experiment/runExperiment.ts; read by the report (loss curves).
 */
import { parse } from "csv-parse/sync";
import type { EpochRecord } from "../training/types.js";
import { toNumber } from "./columns.js";

/** One epoch's row: the training's record of the epoch (training/types.ts), column for column. */
export type HistoryRow = EpochRecord;

const HEADER = "epoch,train_loss,val_loss,val_f,seconds,val_chord_loss,train_minor_share,implied_minor_share,val_sequence_accuracy,class_balance";

export function historyCsv(history: readonly HistoryRow[]): string {
  return [HEADER + "\n", ...history.map(historyLine)].join("");
}

/** One epoch's line of history.csv, with its newline. */
export function historyLine(h: HistoryRow): string {
  return [h.epoch, h.trainLoss, h.valLoss, h.valF, Number(h.seconds.toFixed(4)), h.valChordLoss, h.trainMinorShare, h.impliedMinorShare, h.valSequenceAccuracy, h.classBalance].join(",") + "\n";
}

/** history.csv back into rows (`val_f`, `seconds` and the appended columns may be missing: NaN). Throws on a missing required column. */
export function parseHistoryCsv(text: string): HistoryRow[] {
  const lines = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  const first = lines[0] ?? {};
  for (const c of ["epoch", "train_loss", "val_loss"]) {
    if (lines.length > 0 && !(c in first)) throw new Error(`history.csv has no "${c}" column`);
  }
  return lines.map((l) => ({
    epoch: toNumber(l.epoch),
    trainLoss: toNumber(l.train_loss),
    valLoss: toNumber(l.val_loss),
    valF: toNumber(l.val_f),
    seconds: toNumber(l.seconds),
    valChordLoss: toNumber(l.val_chord_loss),
    trainMinorShare: toNumber(l.train_minor_share),
    impliedMinorShare: toNumber(l.implied_minor_share),
    valSequenceAccuracy: toNumber(l.val_sequence_accuracy),
    classBalance: toNumber(l.class_balance),
  }));
}

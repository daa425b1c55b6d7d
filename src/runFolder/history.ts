/**
 * `history.csv`: one line per epoch, `epoch,train_loss,val_loss,val_f,seconds`. Written epoch by
 * epoch by experiment/runExperiment.ts; read by the report (loss curves).
 */
import { parse } from "csv-parse/sync";
import { toNumber } from "./columns.js";

export interface HistoryRow {
  epoch: number;
  trainLoss: number;
  valLoss: number;
  valF: number;
  seconds: number;
}

export function historyCsv(history: readonly HistoryRow[]): string {
  return ["epoch,train_loss,val_loss,val_f,seconds\n", ...history.map(historyLine)].join("");
}

/** One epoch's line of history.csv, with its newline. */
export function historyLine(h: HistoryRow): string {
  return [h.epoch, h.trainLoss, h.valLoss, h.valF, Number(h.seconds.toFixed(4))].join(",") + "\n";
}

/** history.csv back into rows (`val_f` and `seconds` may be missing: NaN). Throws on a missing required column. */
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
  }));
}

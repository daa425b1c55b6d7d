/**
 * `chordtrain eval` output, built as strings (pure): a fixed-width table (scores in percent, one
 * row per file and a duration-weighted total), the `--json` object (fractions, mir_eval's key
 * names) and the `--csv` file (fractions, one row per file, then the total).
 */
import { stringify } from "csv-stringify/sync";
import { CHORD_SCORE_NAMES, type ChordScores } from "./index.js";
import type { EvalReport } from "./files.js";

const TOTAL_ROW = "TOTAL (duration-weighted)";

/** The table printed by `chordtrain eval`, with the unmatched files listed after it. */
export function formatEvalTable(report: EvalReport): string {
  const names = [...report.files.map((f) => f.name), TOTAL_ROW];
  const nameWidth = Math.max(4, ...names.map((n) => n.length));
  const widths = CHORD_SCORE_NAMES.map((m) => Math.max(m.length, 5));
  const row = (name: string, cells: string[]) =>
    [name.padEnd(nameWidth), ...cells.map((c, i) => c.padStart(widths[i]))].join("  ").trimEnd();
  const percent = (scores: ChordScores) => CHORD_SCORE_NAMES.map((m) => (100 * scores[m]).toFixed(1));
  const lines = [
    row("file", [...CHORD_SCORE_NAMES]),
    ...report.files.map((f) => row(f.name, percent(f.scores))),
    row(TOTAL_ROW, percent(report.total.scores)),
    "",
    `${report.files.length} file(s), ${formatSeconds(report.files.reduce((t, f) => t + f.durationSec, 0))} of reference; ` +
      "scores in % (mir_eval.chord conventions; see docs/predict-eval.md)",
  ];
  const { reference, estimate } = report.unmatched;
  if (reference.length > 0) lines.push(`reference files without an estimate (not scored): ${reference.join(", ")}`);
  if (estimate.length > 0) lines.push(`estimate files without a reference (not scored): ${estimate.join(", ")}`);
  return lines.join("\n") + "\n";
}

/** The `--json` output: per file and total scores (fractions) and the durations they cover. */
export function evalJson(report: EvalReport): string {
  return (
    JSON.stringify(
      {
        files: report.files.map((f) => ({
          name: f.name,
          reference: f.reference,
          estimate: f.estimate,
          durationSec: f.durationSec,
          scores: f.scores,
          weights: f.weights,
        })),
        total: report.total.scores,
        totalWeights: report.total.weights,
        unmatched: report.unmatched,
      },
      null,
      2,
    ) + "\n"
  );
}

/** The `--csv` file: `file,reference,estimate,duration_sec,<15 scores>`, then a TOTAL row. */
export function evalCsv(report: EvalReport): string {
  const header = ["file", "reference", "estimate", "duration_sec", ...CHORD_SCORE_NAMES];
  const records = report.files.map((f) => [f.name, f.reference, f.estimate, f.durationSec, ...CHORD_SCORE_NAMES.map((m) => f.scores[m])]);
  const totalDuration = report.files.reduce((t, f) => t + f.durationSec, 0);
  records.push(["TOTAL", "", "", totalDuration, ...CHORD_SCORE_NAMES.map((m) => report.total.scores[m])]);
  return stringify([header, ...records]);
}

function formatSeconds(sec: number): string {
  const minutes = Math.floor(sec / 60);
  return minutes > 0 ? `${minutes} min ${(sec - 60 * minutes).toFixed(1)} s` : `${sec.toFixed(1)} s`;
}

/**
 * Isophonics .lab text: one `start end label` line per span, times in seconds with 6 decimals
 * (as in the Beatles annotations), LF line endings, a final newline.
 */
import type { LabSpan } from "./types.js";

export function formatLab(spans: readonly LabSpan[]): string {
  return spans.map((s) => `${s.startSec.toFixed(6)} ${s.endSec.toFixed(6)} ${s.label}\n`).join("");
}

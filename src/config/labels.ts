import type { Config } from "./schema.js";

const LOSS_NAMES: Record<Config["loss"]["kind"], string> = {
  bce: "Binary cross-entropy",
  softDtw: "Soft-DTW",
  ctc: "CTC",
};

/** "Soft-DTW (uniform)", "Binary cross-entropy", …: a loss kind and padding as tables show them. */
export function lossLabel(loss: string, padding: string): string {
  const name = LOSS_NAMES[loss as Config["loss"]["kind"]] ?? loss;
  return padding ? `${name} (${padding})` : name;
}

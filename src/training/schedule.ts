/**
 * The soft-DTW γ schedule (Krause et al., "Stabilizing training with soft dynamic time warping",
 * ISMIR 2023): γ0 = `start` for the first `constEpochs` epochs, then linear to `gamma` over
 * `decayEpochs` epochs, then `gamma`. Epochs are 1-based; without a schedule γ is constant.
 */
import type { LossConfig } from "../config/schema.js";

export function gammaAt(epoch: number, loss: Pick<LossConfig, "gamma" | "gammaSchedule">): number {
  const s = loss.gammaSchedule;
  if (!s || epoch <= s.constEpochs) return s ? s.start : loss.gamma;
  if (s.decayEpochs === 0) return loss.gamma;
  const t = Math.min(1, (epoch - s.constEpochs) / s.decayEpochs);
  return s.start + t * (loss.gamma - s.start);
}

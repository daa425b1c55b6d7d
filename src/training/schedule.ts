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

/**
 * The diagonal prior's weight w(e) (Zeitler et al., ISMIR 2023): `weight` for the first
 * `constEpochs` epochs, then linear to 0 over `decayEpochs` epochs (0 from epoch
 * constEpochs + decayEpochs on), 0 without a prior. Epochs are 1-based; validation uses 0.
 */
export function priorWeightAt(epoch: number, loss: Pick<LossConfig, "diagonalPrior">): number {
  return scheduledWeight(epoch, loss.diagonalPrior);
}

/** The chord-template prior's weight v(e) (loss.templatePrior), on the diagonal prior's schedule rule. */
export function templateWeightAt(epoch: number, loss: Pick<LossConfig, "templatePrior">): number {
  return scheduledWeight(epoch, loss.templatePrior);
}

/** `weight` for the first `constEpochs` epochs, then linear to 0 over `decayEpochs`; 0 without a schedule. */
function scheduledWeight(epoch: number, p: { weight: number; constEpochs: number; decayEpochs: number } | undefined): number {
  if (!p) return 0;
  if (epoch <= p.constEpochs) return p.weight;
  if (p.decayEpochs === 0) return 0;
  return p.weight * Math.max(0, 1 - (epoch - p.constEpochs) / p.decayEpochs);
}

/** Where training stands when a step runs: the epoch and the loss settings scheduled for it. */
export interface EpochSchedule {
  /** 1-based. */
  epoch: number;
  /** Soft-DTW γ of the epoch (gammaAt). */
  gamma: number;
  /** Diagonal prior weight of the epoch (priorWeightAt). */
  priorWeight: number;
  /** Chord-template prior weight of the epoch (templateWeightAt); absent = 0. */
  templateWeight?: number;
}

export function epochSchedule(epoch: number, loss: Pick<LossConfig, "gamma" | "gammaSchedule" | "diagonalPrior" | "templatePrior">): EpochSchedule {
  return { epoch, gamma: gammaAt(epoch, loss), priorWeight: priorWeightAt(epoch, loss), templateWeight: templateWeightAt(epoch, loss) };
}

/** The training stage: the Adam loop with best-by-validation, the γ schedule. */
export { train, SHUFFLE_STREAM } from "./train.js";
export { gammaAt } from "./schedule.js";
export { createAdam, type Adam, type AdamConfig } from "./adam.js";
export { bce } from "./objectives.js";
export type { AlignmentRecord, EpochRecord, TrainConfig, TrainOptions, TrainResult } from "./types.js";

/** The training stage: backend init, the Adam loop with best-by-validation, the γ schedule. */
export { initBackend, tfjsVersion, type BackendName } from "./backend.js";
export { train, SHUFFLE_STREAM } from "./train.js";
export { gammaAt } from "./schedule.js";
export { createAdam, type Adam, type AdamConfig } from "./adam.js";
export { bce } from "./engines/tfjsLoss.js";
export { BCE_EPSILON } from "./objectives.js";
export { createEngine, ENGINES } from "./engines/index.js";
export type { TrainingEngine, EngineInput, EngineFactory, EngineName } from "./engine.js";
export type { AlignmentRecord, EpochRecord, TrainConfig, TrainOptions, TrainResult } from "./types.js";

/**
 * chordtrain as a library. The losses are the part meant for reuse in other projects:
 *
 * ```ts
 * import { softDtw, ctcLoss, tfSoftDtwLoss, tfCtcLoss } from "chordtrain";
 * const { value, grad } = softDtw([[0, 1], [1, 0]], { gamma: 0.3 });        // grad = ∂value/∂cost
 * const { value: nll, grad: g } = ctcLoss(logProbs, [3, 3, 7], { blank: 24 }); // g = ∂nll/∂logProbs
 * ```
 *
 * The experiment pieces (config loading, the runner) are exported for scripting sweeps, and
 * mir_eval-compatible chord scoring for comparing with published results:
 *
 * ```ts
 * import { evaluateChords } from "chordtrain";
 * evaluateChords([{ startSec: 0, endSec: 2, label: "C:maj" }], [{ startSec: 0, endSec: 2, label: "C:7" }]).majmin; // 1
 * ```
 */
export * from "./losses/index.js";
export { ConfigSchema, BatchSchema, type Config } from "./config/schema.js";
export { loadConfig, loadBatch, type CliOverrides } from "./config/load.js";
export { runExperiment, type ExperimentResult } from "./experiment/runExperiment.js";
export { runBatch } from "./experiment/batch.js";
export { collect } from "./experiment/collect.js";
export { InputError } from "./errors.js";
export {
  evaluateChords,
  evaluateChordsWeighted,
  totalChordScores,
  encodeChord,
  CHORD_SCORE_NAMES,
  type ChordScores,
  type ChordScoreName,
  type LabeledSegment,
  type WeightedChordScores,
} from "./evaluation/mirChord/index.js";
export { evaluateFiles, readChordSegments, type EvalReport } from "./evaluation/mirChord/files.js";
export { CHORD_NAMES, NO_CHORD, NUM_CHORDS } from "./annotations/chordClasses.js";
export { readModel, runPredict, type LoadedModel, type PredictRequest } from "./predict/index.js";

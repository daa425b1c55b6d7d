/**
 * Scoring chord estimates (the `chordtrain/evaluation` entry point): frame-wise P/R/F, majmin
 * accuracy and confusion on class arrays (FMP), and mir_eval.chord's 15 scores on Harte intervals
 * (`evaluateChords`). The file edge of `chordtrain eval` (`evaluateFiles`, mirChord/files.ts) is
 * exported by the main entry point only: it loads the config schema (zod) for its defaults.
 */
export {
  frameScores,
  majminAccuracy,
  scores,
  vocabularyScores,
  pooledScores,
  perSongScores,
  validate,
  qualityCounts,
  qualityRecall,
  pooledQualityCounts,
  neverPredicted,
  QUALITIES,
  type Quality,
  type QualityCount,
  type QualityRecall,
  type FrameScores,
  type Scores,
  type VocabularyScores,
  type ScoredItem,
} from "./scores.js";
export { confusionMatrix, addConfusions, CONFUSION_N } from "./confusion.js";
export {
  evaluateChords,
  evaluateChordsWeighted,
  totalChordScores,
  encodeChord,
  CHORD_SCORE_NAMES,
  COMPARISON_NAMES,
  SEGMENTATION_NAMES,
  type ChordScores,
  type ChordScoreName,
  type LabeledSegment,
  type WeightedChordScores,
} from "./mirChord/index.js";

export {
  frameScores,
  majminAccuracy,
  scores,
  pooledScores,
  perSongScores,
  validate,
  type FrameScores,
  type Scores,
  type ScoredItem,
} from "./scores.js";
export { confusionMatrix, addConfusions, CONFUSION_N } from "./confusion.js";

export {
  createDChord,
  expandTemplates,
  rotateTemplate,
  BLANK_INDEX,
  MAJOR_TRIAD,
  MINOR_TRIAD,
  NORM_FLOOR,
  INIT_NOISE_STREAM,
  type DChord,
  type DChordOptions,
  type DChordWeights,
} from "./dchord.js";
export { predictClasses, dchordFromWeights, chordLogits, createScorer, jsScorer, tfjsScorer, argmaxPath, type ChordScorer, type EngineName } from "./predict.js";
export { dchordLogits, templateBasis, type ForwardParameters, type TemplateBasis } from "./forward.js";

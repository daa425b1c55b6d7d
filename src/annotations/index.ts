/** The annotations stage: .lab / .csv / .jams readers, Harte parser, reduction to 24 classes. */
export * from "./chordClasses.js";
export type { Annotation, AnnotationFormat, AnnotationParseOptions, AnnotationReadOptions, ChordSpan } from "./types.js";
export { parseHarte, pitchClassOf } from "./harte.js";
export type { HarteChord, HarteInterval, ListedDegree, NoChordLabel, ParsedChord, UnknownChordLabel } from "./harte.js";
export { SHORTHANDS } from "./shorthands.js";
export { labelToClass, reduceChord } from "./reduce.js";
export type { LabelStyle } from "./reduce.js";
export { expandSimplifiedLabel } from "./simplified.js";
export { OVERLAP_TOLERANCE_SEC } from "./spans.js";
export { framesToLab, labText, parseLab } from "./lab.js";
export { framesToSegments, type ChordSegment, type FrameClasses } from "./segments.js";
export { parseCsv } from "./csv.js";
export { parseJams } from "./jams.js";
export { annotationFormatOf, parseAnnotation, readAnnotation } from "./read.js";
export { ANNOTATION_EXTENSIONS, findAnnotationFile, isAnnotationPath } from "./find.js";
export {
  VOCABULARY_NAMES,
  vocabularyOf,
  vocabularyClass,
  classOfEncoded,
  classOfOutput,
  outputOfClass,
  transposeChordClass,
  type Vocabulary,
  type VocabularyName,
} from "./vocabulary.js";

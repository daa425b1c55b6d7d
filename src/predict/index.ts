/** The predict stage: a trained model on new recordings → chord segments → .lab / JAMS / CSV. */
export { readModel, type LoadedModel } from "./modelFile.js";
export { planOutputs, checkNoOverwrite, type PlannedFile } from "./files.js";
export { analyseAudio, frameChordsOf, segmentsOf, type Analysis, type DecodeOptions } from "./predictFile.js";
export { decodeChords, chordStretches, type FrameChords } from "./chords.js";
export { argmaxPath, logPosteriors, medianPosteriors, viterbiUniform } from "./decode.js";
export { noChordMask } from "./noChord.js";
export { framesToSegments, type ChordSegment } from "./segments.js";
export { formatSegments, jamsDocument, labText, type OutputFormat } from "./writers.js";
export { runPredict, predictEngine, type PredictRequest, type PredictedFile } from "./runPredict.js";

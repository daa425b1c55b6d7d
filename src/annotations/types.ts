import type { ChordClass } from "./chordClasses.js";
import type { AnnotationConfig } from "../config/schema.js";

/** One annotated chord segment, as read from a .lab/.csv/.jams file and reduced to 24 classes. */
export interface ChordSpan {
  startSec: number;
  endSec: number;
  /** The label as written in the file (Harte syntax). */
  label: string;
  /** The reduced class (0..23) or NO_CHORD. */
  chord: ChordClass;
  /** 1-based line in the source file (for JAMS: the index of the observation, 1-based). */
  line: number;
}

export interface Annotation {
  file: string;
  spans: ChordSpan[];
}

/** What a reader needs from the config: the reduction rule and whether unknown labels are tolerated. */
export interface AnnotationReadOptions {
  annotations: AnnotationConfig;
  /** Map unparseable labels to NO_CHORD (one summary warning per file) instead of failing. */
  lenient: boolean;
}

/** Read options plus the file name used in error messages. */
export interface AnnotationParseOptions extends AnnotationReadOptions {
  file: string;
}

export type AnnotationFormat = "lab" | "csv" | "jams";

import type { Chroma } from "../features/types.js";

/** A model input other than the chroma, frame for frame with it: `bins` values per frame. */
export interface ModelInput {
  data: Float32Array;
  bins: number;
}
import type { ChordSpan } from "../annotations/types.js";

/** An audio file and its annotation, as discovery pairs them (dataset/discover.ts). */
export interface SongFiles {
  name: string;
  audioFile: string;
  annotationFile: string;
}

/** Files that found no partner, by kind. */
export interface Unpaired {
  audioOnly: string[];
  annotationOnly: string[];
  /** `manifest.csv:3: audio "x.flac"`-style descriptions of manifest paths that do not exist. */
  missing: string[];
}

export interface Discovery {
  songs: SongFiles[];
  unpaired: Unpaired;
}

/** A song: its chroma and frame labels, after trimming leading/trailing no-chord frames. */
export interface Song {
  /** File name without extension, e.g. "ballad_in_c". */
  name: string;
  audioFile: string;
  annotationFile: string;
  /** Chroma of the kept frames. */
  chroma: Chroma;
  /**
   * The context network's own input on the same kept frames, when it is not the chroma
   * (model.context.input: logfreq): [frames][bins] log-frequency spectrogram.
   */
  input?: ModelInput;
  /** [frames] reduced class per kept frame, from the clean annotation; -1 = no chord. */
  labels: Int16Array;
  /** [frames] labels from the distorted annotation (=== labels when distortion is off). */
  trainLabels: Int16Array;
  /** Index, in the untrimmed song, of kept frame 0 (frame n is at (n + frameOffset)/frameRateHz s). */
  frameOffset: number;
  spans: ChordSpan[];
}

/** A fixed-length excerpt of a song used for training, validation or testing. */
export interface Segment {
  song: string;
  /** Segment number within its song (0-based). */
  index: number;
  /** First frame within the song's kept frames. */
  startFrame: number;
  /** Start time in the original audio, seconds. */
  startSec: number;
  frameRateHz: number;
  /** [length][12] row-major. */
  chroma: Float32Array;
  /** [length][Song.input.bins] row-major, when the song has an `input`. */
  input?: Float32Array;
  /** [length] clean labels (used for evaluation). */
  labels: Int16Array;
  /** [length] labels the model is trained on (distorted when distortion is on). */
  trainLabels: Int16Array;
}

export interface Splits {
  train: Segment[];
  val: Segment[];
  test: Segment[];
  /** Things the user should know about this split (e.g. test song also in training). */
  notes: string[];
}

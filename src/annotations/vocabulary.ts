/**
 * The context model's output vocabularies (`model.context.vocabulary`) and the mapping of a
 * Harte label to a class of one, exactly as mir_eval's comparison of the same name decides which
 * reference chords it scores and what counts as equal (mir_eval.chord `majmin`, `sevenths`):
 *
 * - the label is encoded as mir_eval encodes it (encode.ts: root, 12-bit bitmap of the chord's
 *   pitch classes relative to the root, the bass folded into the bitmap);
 * - `majmin`: a chord whose bitmap bits 0–7 (up to the augmented fifth) are those of maj
 *   (0,4,7) or min (0,3,7) is that triad of its root; so 7, maj7, maj6, 9, `C:maj/5`, `C:min/b7`
 *   … are maj or min; everything else (dim, aug, sus2, sus4, `5`, `1`, hdim7, `C:maj/2`, …)
 *   is OUT_OF_VOCABULARY;
 * - `sevenths`: a chord whose whole bitmap is that of maj, min, 7 (0,4,7,10), maj7 (0,4,7,11)
 *   or min7 (0,3,7,10) is that chord of its root; 9/11/13 chords count as their seventh chord
 *   (mir_eval's bitmaps stop at the octave), an inversion whose bass is already a chord tone
 *   keeps the chord (`C:7/3` = C:7) and a bass that adds a tone changes it (`C:maj/b7` = C:7,
 *   `C:maj/2` is outside); maj6, min6, dim, aug, sus, hdim7, minmaj7, `5`, … are OUT_OF_VOCABULARY;
 * - `N` is NO_CHORD (the vocabulary's N class); `X`, and a label the reader could not parse
 *   (data.lenient), is OUT_OF_VOCABULARY (mir_eval leaves X out of every comparison); FMP's
 *   simplified "Am" of CSV files is read as "A:min", as the CSV reader reads it.
 *
 * OUT_OF_VOCABULARY frames are neither trained nor scored (docs/context-model.md).
 */
import { InputError } from "../errors.js";
import { chordClass, NO_CHORD, OUT_OF_VOCABULARY, QUALITY_NAMES, type ChordClass, type QualityName } from "./chordClasses.js";
import { BITMAP_LENGTH, encodeChord, type EncodedChord } from "./encode.js";
import { expandSimplifiedLabel } from "./simplified.js";

export const VOCABULARY_NAMES = ["majmin", "sevenths"] as const;
export type VocabularyName = (typeof VOCABULARY_NAMES)[number];

/** An output vocabulary: its chord qualities on 12 roots, then N. */
export interface Vocabulary {
  name: VocabularyName;
  /** The qualities, a prefix of QUALITY_NAMES (classes 0 … 12·qualities − 1). */
  qualities: readonly QualityName[];
  /** Chord classes (24 or 60). */
  chords: number;
  /** Chord classes + N; N is output `chords`. */
  classes: number;
}

export function vocabularyOf(name: VocabularyName): Vocabulary {
  const qualities = QUALITY_NAMES.slice(0, name === "majmin" ? 2 : 5);
  return { name, qualities, chords: 12 * qualities.length, classes: 12 * qualities.length + 1 };
}

/** mir_eval.chord.QUALITIES' bitmaps of the five qualities (relative pitch classes). */
export const QUALITY_BITMAPS: Readonly<Record<QualityName, readonly number[]>> = {
  maj: [0, 4, 7],
  min: [0, 3, 7],
  "7": [0, 4, 7, 10],
  maj7: [0, 4, 7, 11],
  min7: [0, 3, 7, 10],
};
/** mir_eval majmin compares bits 0–7 only (up to the augmented fifth). */
const TRIAD_BITS = 8;

const bitmapOf = (semitones: readonly number[]): number[] =>
  Array.from({ length: BITMAP_LENGTH }, (_, i) => (semitones.includes(i) ? 1 : 0));
const sameBits = (a: readonly number[], b: readonly number[], upTo: number): boolean => {
  for (let i = 0; i < upTo; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** The class of an encoded chord in `vocabulary` (module comment). */
export function classOfEncoded(chord: EncodedChord, vocabulary: Vocabulary): ChordClass {
  if (chord.bitmap.some((b) => b < 0)) return OUT_OF_VOCABULARY; // X
  if (chord.root < 0) return NO_CHORD;
  const upTo = vocabulary.name === "majmin" ? TRIAD_BITS : BITMAP_LENGTH;
  const quality = vocabulary.qualities.find((q) => sameBits(chord.bitmap, bitmapOf(QUALITY_BITMAPS[q]), upTo));
  return quality === undefined ? OUT_OF_VOCABULARY : chordClass(chord.root, quality);
}

/** The class of a Harte label in `vocabulary`; a label that is not valid Harte is OUT_OF_VOCABULARY. */
export function vocabularyClass(label: string, vocabulary: Vocabulary): ChordClass {
  let encoded: EncodedChord;
  try {
    // FMP's simplified "Am" (CSV annotations) is not Harte: read it as the CSV reader does
    encoded = encodeChord(expandSimplifiedLabel(label));
  } catch (error) {
    if (error instanceof InputError) return OUT_OF_VOCABULARY;
    throw error;
  }
  return classOfEncoded(encoded, vocabulary);
}

/** The class of the vocabulary's output `k` (N → NO_CHORD). */
export function classOfOutput(k: number, vocabulary: Vocabulary): ChordClass {
  return k === vocabulary.chords ? NO_CHORD : k;
}

/** The output index of a frame class (NO_CHORD → N); OUT_OF_VOCABULARY has none (−1). */
export function outputOfClass(c: ChordClass, vocabulary: Vocabulary): number {
  if (c === NO_CHORD) return vocabulary.chords;
  return c >= 0 && c < vocabulary.chords ? c : -1;
}

/** A class transposed up by `semitones`: the root moves, the quality stays; N and OUT_OF_VOCABULARY stay. */
export function transposeChordClass(c: ChordClass, semitones: number): ChordClass {
  if (c < 0) return c;
  const block = c - (c % 12);
  return block + ((((c % 12) + semitones) % 12) + 12) % 12;
}

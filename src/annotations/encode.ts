/**
 * Chord labels → mir_eval's numeric encoding (mir_eval.chord.encode): the root's pitch class, a
 * 12-bit bitmap of the chord's pitch classes relative to the root, and the bass relative to the
 * root. Labels are parsed by the project's Harte parser (src/annotations/harte.ts); only the
 * arithmetic below is mir_eval's, so that every measure sees exactly the bitmaps mir_eval sees.
 *
 * - `N` → root −1, bitmap all 0, bass −1.  `X` → root −1, bitmap all −1, bass −1 (the −1 bits are
 *   how every comparison recognises X and leaves it out).
 * - Chord: bitmap = the shorthand's degrees below the octave (so `9`, `11`, `13` count as `7`,
 *   `maj9`, `maj11`, `maj13` as `maj7`, `min9`… as `min7`; a bare root is `maj`; `C:(…)` starts
 *   empty); the root bit is then set; each distinct listed degree adds 1 (`*d` subtracts 1) at its
 *   semitone, and degrees an octave or more above the root (9, 11, 13, #7, 8) are ignored; a bit
 *   is on when its sum is > 0; finally the bass bit is set (an inversion's bass belongs to the
 *   chord: `C:maj/b7` has the bitmap of `C:7`).
 * - `reduceExtended` (mir_eval's `reduce_extended_chords`, used only to merge equal neighbouring
 *   chords before the segmentation measures): the shorthand's compound degrees (9, 11, 13) become
 *   listed degrees folded into the octave, so `C:9` differs from `C:7`.
 * - Roots are enharmonic pitch classes: `Cb` = 11 = `B`, `B#` = 0 = `C`, `Gbb` = 5.
 *
 * The one label mir_eval refuses that is encoded here: `maj11` (in the Harte/JAMS grammar but
 * missing from mir_eval's quality table) is encoded like `maj9`/`maj13`, as `maj7` (+ 9, 11 when
 * reducing extended chords).
 */
import { parseHarte, type HarteChord } from "./harte.js";
import { parseDegree, SHORTHAND_DEGREES } from "./shorthands.js";

export const BITMAP_LENGTH = 12;

/** mir_eval's (root, semitone bitmap, bass) triple. */
export interface EncodedChord {
  /** Pitch class of the root, 0–11; −1 for N and X. */
  root: number;
  /** [12] relative pitch classes: 1 = in the chord; all −1 for X. */
  bitmap: readonly number[];
  /** Bass in semitones above the root, 0–11 (0 = root position); −1 for N and X. */
  bass: number;
}

export const NO_CHORD_ENCODED: EncodedChord = Object.freeze({
  root: -1,
  bitmap: Object.freeze(new Array<number>(BITMAP_LENGTH).fill(0)),
  bass: -1,
});
export const X_CHORD_ENCODED: EncodedChord = Object.freeze({
  root: -1,
  bitmap: Object.freeze(new Array<number>(BITMAP_LENGTH).fill(-1)),
  bass: -1,
});

export interface EncodeOptions {
  /** Fold the upper voices of 9/11/13 chords into the bitmap (mir_eval `reduce_extended_chords`). @default false */
  reduceExtended?: boolean;
}

/** Encodes one Harte label; throws InputError (naming the label) when it is not one. */
export function encodeChord(label: string, opts: EncodeOptions = {}): EncodedChord {
  const parsed = parseHarte(label);
  if (parsed.kind === "none") return NO_CHORD_ENCODED;
  if (parsed.kind === "unknown") return X_CHORD_ENCODED;
  return encodeParsed(parsed, opts.reduceExtended ?? false);
}

/** Encodes many labels, parsing each distinct label once. */
export function encodeChords(labels: readonly string[], opts: EncodeOptions = {}): EncodedChord[] {
  const cache = new Map<string, EncodedChord>();
  return labels.map((label) => {
    let encoded = cache.get(label);
    if (!encoded) {
      encoded = encodeChord(label, opts);
      cache.set(label, encoded);
    }
    return encoded;
  });
}

const mod12 = (semitones: number): number => ((semitones % BITMAP_LENGTH) + BITMAP_LENGTH) % BITMAP_LENGTH;

function encodeParsed(chord: HarteChord, reduceExtended: boolean): EncodedChord {
  const sums = new Array<number>(BITMAP_LENGTH).fill(0);
  // The shorthand's degrees: below the octave → base bitmap; compound ones → extensions.
  const extensions = new Map<string, number>();
  for (const degree of SHORTHAND_DEGREES.get(chord.shorthand) ?? []) {
    const semitones = parseDegree(degree)!.semitones;
    if (semitones < BITMAP_LENGTH) sums[semitones] = 1;
    else if (reduceExtended) extensions.set(degree, 1);
  }
  sums[0] = 1;
  // mir_eval keeps the listed degrees as a set of strings ("*3", "b7"), merged with the extensions.
  for (const { interval, omit } of chord.listed) extensions.set((omit ? "*" : "") + interval.degree, omit ? -1 : 1);
  for (const [degree, sign] of extensions) {
    const semitones = parseDegree(degree.replace("*", ""))!.semitones;
    if (semitones < BITMAP_LENGTH || reduceExtended) sums[mod12(semitones)] += sign;
  }
  const bitmap = sums.map((s) => (s > 0 ? 1 : 0));
  const bass = mod12(chord.bass.semitones);
  bitmap[bass] = 1;
  return { root: chord.root, bitmap, bass };
}

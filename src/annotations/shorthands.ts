/**
 * Harte shorthands and scale degrees.
 *
 * The shorthand → degree lists are those of Harte et al., "Symbolic representation of musical
 * chords: a proposed syntax for text annotations", ISMIR 2005 (Table 2), extended with the
 * shorthands the JAMS `chord` namespace and mir_eval.chord accept (11, maj11, min11, 13, maj13,
 * min13, aug7, 1, 5). Degrees are written as in the labels: accidentals (`b`, `#`) before a
 * number 1–13.
 */

/** Each shorthand with its degrees, root included (Harte 2005, Table 2, then the extensions). */
const SHORTHAND_TABLE: readonly (readonly [string, readonly string[]])[] = [
  // triads
  ["maj", ["1", "3", "5"]],
  ["min", ["1", "b3", "5"]],
  ["dim", ["1", "b3", "b5"]],
  ["aug", ["1", "3", "#5"]],
  // sevenths
  ["maj7", ["1", "3", "5", "7"]],
  ["min7", ["1", "b3", "5", "b7"]],
  ["7", ["1", "3", "5", "b7"]],
  ["dim7", ["1", "b3", "b5", "bb7"]],
  ["hdim7", ["1", "b3", "b5", "b7"]],
  ["minmaj7", ["1", "b3", "5", "7"]],
  ["aug7", ["1", "3", "#5", "b7"]],
  // sixths
  ["maj6", ["1", "3", "5", "6"]],
  ["min6", ["1", "b3", "5", "6"]],
  // extended
  ["9", ["1", "3", "5", "b7", "9"]],
  ["maj9", ["1", "3", "5", "7", "9"]],
  ["min9", ["1", "b3", "5", "b7", "9"]],
  ["11", ["1", "3", "5", "b7", "9", "11"]],
  ["maj11", ["1", "3", "5", "7", "9", "11"]],
  ["min11", ["1", "b3", "5", "b7", "9", "11"]],
  ["13", ["1", "3", "5", "b7", "9", "11", "13"]],
  ["maj13", ["1", "3", "5", "7", "9", "11", "13"]],
  ["min13", ["1", "b3", "5", "b7", "9", "11", "13"]],
  // suspended, single note, power chord
  ["sus2", ["1", "2", "5"]],
  ["sus4", ["1", "4", "5"]],
  ["1", ["1"]],
  ["5", ["1", "5"]],
];

/** Degrees of each shorthand, root included. */
export const SHORTHAND_DEGREES: ReadonlyMap<string, readonly string[]> = new Map(SHORTHAND_TABLE);

/** Shorthand names, in table order. */
export const SHORTHANDS: readonly string[] = SHORTHAND_TABLE.map(([name]) => name);

/** Semitones above the root of the natural degrees 1–7 (major scale). */
const MAJOR_SCALE_SEMITONES = [0, 2, 4, 5, 7, 9, 11];

export const MAX_DEGREE = 13;

/** A chord tone: its degree as written and its distance from the root. */
export interface HarteInterval {
  /** As written, without omission mark: "1", "b3", "#5", "bb7", "9". */
  degree: string;
  /** The degree number without accidentals, 1–13 (8–13 are compound: an octave above 1–6). */
  number: number;
  /** Semitones above the root, not folded into one octave: "b9" = 13, "b1" = -1. */
  semitones: number;
}

/**
 * Parses a scale degree such as "b3", "#5", "bb7", "13". Accidentals may be repeated and mixed
 * (Harte 2005: <degree> ::= <interval> | <modifier> <degree>). Returns undefined when malformed.
 */
export function parseDegree(text: string): HarteInterval | undefined {
  const match = /^([b#]*)([1-9][0-9]?)$/.exec(text);
  if (!match) return undefined;
  const number = Number(match[2]);
  if (number < 1 || number > MAX_DEGREE) return undefined;
  const octaves = Math.floor((number - 1) / 7);
  const natural = MAJOR_SCALE_SEMITONES[(number - 1) % 7] + 12 * octaves;
  return { degree: text, number, semitones: natural + countAccidentals(match[1]) };
}

/** Net alteration of an accidental string: each "#" raises, each "b" lowers a semitone. */
export function countAccidentals(accidentals: string): number {
  let shift = 0;
  for (const ch of accidentals) shift += ch === "#" ? 1 : -1;
  return shift;
}

/**
 * Reduction of a parsed Harte chord to the 24 major/minor classes (+ NO_CHORD).
 *
 * The rule looks only at `semitones`, the chord's pitch classes relative to its root (mir_eval's
 * bitmap: simple degrees 1–7 plus the bass; 9ths/11ths/13ths are extensions and never decide):
 *
 *   1. "N" and "X" → NO_CHORD.
 *   2. Major third (4) present, minor third (3) absent:
 *        augmented (aug. fifth 8 present, perfect fifth 7 absent) → major if `aug: "maj"`, else NO_CHORD;
 *        otherwise → major of the root (maj, 7, maj7, maj6, 9, "C:(1,3)", "C:7(b5)", …).
 *   3. Minor third (3) present, major third (4) absent:
 *        diminished (dim. fifth 6 present, perfect fifth 7 absent: dim, dim7, hdim7)
 *        → minor if `dim: "min"` (the FMP textbook), else NO_CHORD;
 *        otherwise → minor of the root (min, min7, min6, minmaj7, min9, "C:(1,b3)", …).
 *   4. Neither third (sus2, sus4, "5", "1", "D:(1)", "C:(1,3,5,*3)") → NO_CHORD.
 *      Both thirds (e.g. "C:maj/b3", "C:(1,b3,3,5)") → NO_CHORD: neither maj nor min, the same
 *      chords mir_eval's `majmin` comparison leaves out.
 *
 * The class always takes the chord's root; the bass only adds a pitch class, so inversions keep
 * their root ("A:min/b7" → A minor, "B/7" → B major). Thirds are counted in semitones, whatever
 * the spelling ("C:(1,b4,5)" has a major third).
 *
 * On every shorthand of Harte 2005 this gives FMP's textbook reduction (the third decides;
 * aug → maj, dim → min, everything else → N) with the default config.
 */
import type { AnnotationConfig } from "../config/schema.js";
import { chordClass, NO_CHORD, type ChordClass } from "./chordClasses.js";
import { parseHarte, type ParsedChord } from "./harte.js";
import { expandSimplifiedLabel } from "./simplified.js";

const MINOR_THIRD = 3;
const MAJOR_THIRD = 4;
const DIMINISHED_FIFTH = 6;
const PERFECT_FIFTH = 7;
const AUGMENTED_FIFTH = 8;

/** Which label syntaxes a reader accepts: Harte only, or Harte plus FMP's simplified "Am", "C#m". */
export type LabelStyle = "harte" | "harte-or-simplified";

/** The 24-class reduction of a parsed chord (rule in the module comment). */
export function reduceChord(chord: ParsedChord, config: AnnotationConfig): ChordClass {
  if (chord.kind !== "chord") return NO_CHORD;
  const has = (semitones: number): boolean => chord.semitones.includes(semitones);
  const major = has(MAJOR_THIRD);
  const minor = has(MINOR_THIRD);
  if (major && !minor) {
    const augmented = has(AUGMENTED_FIFTH) && !has(PERFECT_FIFTH);
    if (augmented && config.aug !== "maj") return NO_CHORD;
    return chordClass(chord.root, "maj");
  }
  if (minor && !major) {
    const diminished = has(DIMINISHED_FIFTH) && !has(PERFECT_FIFTH);
    if (diminished && config.dim !== "min") return NO_CHORD;
    return chordClass(chord.root, "min");
  }
  return NO_CHORD;
}

/**
 * Parses and reduces one label; throws InputError (no file location) on an invalid label.
 * With `style: "harte-or-simplified"`, FMP's simplified labels ("Am", "C#m") are read as minor.
 */
export function labelToClass(label: string, config: AnnotationConfig, style: LabelStyle = "harte"): ChordClass {
  const harte = style === "harte-or-simplified" ? expandSimplifiedLabel(label) : label;
  return reduceChord(parseHarte(harte), config);
}

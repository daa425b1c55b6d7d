/**
 * Chord classes. The 24-class major/minor vocabulary (FMP textbook order): 0–11 = C … B major,
 * 12–23 = C … B minor. A frame without a chord (N, X, or a chord outside maj/min) is NO_CHORD = -1.
 *
 * The context model's `sevenths` vocabulary (annotations/vocabulary.ts) extends the same numbering
 * by quality blocks of 12 roots: 24–35 = C:7 … B:7, 36–47 = C:maj7 … B:maj7, 48–59 = C:min7 … B:min7
 * (class = 12·quality + root, QUALITY_NAMES order), so the 24 major/minor classes keep their
 * numbers in both vocabularies. OUT_OF_VOCABULARY = -2 marks a frame whose chord the vocabulary
 * cannot name (mir_eval's comparisons leave such reference frames out): only the context model's
 * frame labels hold it; dChord's reduction (reduce.ts) never produces it.
 */
export const NUM_CHORDS = 24;
export const NO_CHORD = -1;
/** A frame whose chord lies outside the vocabulary (not trained, not scored). */
export const OUT_OF_VOCABULARY = -2;

/** A class index 0..23 (0..59 in the sevenths vocabulary), NO_CHORD or OUT_OF_VOCABULARY. */
export type ChordClass = number;

export const PITCH_CLASS_NAMES = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"] as const;

/** The chord qualities of the class numbering, in block order (Harte shorthands). */
export const QUALITY_NAMES = ["maj", "min", "7", "maj7", "min7"] as const;
export type QualityName = (typeof QUALITY_NAMES)[number];

/** Display names: "C", "C#", …, "B", "Cm", …, "Bm"; "N" for NO_CHORD. */
export const CHORD_NAMES: readonly string[] = [
  ...PITCH_CLASS_NAMES,
  ...PITCH_CLASS_NAMES.map((p) => `${p}m`),
];

/** Display suffix of a quality block ("C", "Cm", "C7", "Cmaj7", "Cm7"). */
const DISPLAY_SUFFIX: Readonly<Record<QualityName, string>> = { maj: "", min: "m", "7": "7", maj7: "maj7", min7: "m7" };

export function chordClass(root: number, quality: QualityName): ChordClass {
  return (((root % 12) + 12) % 12) + 12 * QUALITY_NAMES.indexOf(quality);
}

export function chordRoot(c: ChordClass): number {
  return c % 12;
}

/** The quality of a chord class (0..59). */
export function chordQuality(c: ChordClass): QualityName {
  return QUALITY_NAMES[Math.floor(c / 12)];
}

/** Whether the chord's third is minor (min, min7). */
export function isMinor(c: ChordClass): boolean {
  return c >= 12 && (c < 24 || c >= 48);
}

/** The major/minor triad (0..23) of a chord class: 7 and maj7 → major, min7 → minor (mir_eval majmin's view). */
export function triadClass(c: ChordClass): ChordClass {
  if (c < 0) return c;
  return chordClass(chordRoot(c), isMinor(c) ? "min" : "maj");
}

export function chordName(c: ChordClass): string {
  if (c === NO_CHORD) return "N";
  if (c === OUT_OF_VOCABULARY) return "X";
  return c < NUM_CHORDS ? CHORD_NAMES[c] : `${PITCH_CLASS_NAMES[chordRoot(c)]}${DISPLAY_SUFFIX[chordQuality(c)]}`;
}

/** Harte label of a class, for .lab output that mir_eval reads: "C:maj", "A:min", "G:7", "A:min7", "N" (X: outside the vocabulary). */
export function harteLabel(c: ChordClass): string {
  if (c === NO_CHORD) return "N";
  if (c === OUT_OF_VOCABULARY) return "X";
  return `${PITCH_CLASS_NAMES[chordRoot(c)]}:${chordQuality(c)}`;
}

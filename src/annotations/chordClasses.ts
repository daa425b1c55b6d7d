/**
 * The 24-class major/minor vocabulary (FMP textbook order): 0–11 = C … B major, 12–23 = C … B
 * minor. A frame without a chord (N, X, or a chord outside maj/min) is NO_CHORD = -1.
 */
export const NUM_CHORDS = 24;
export const NO_CHORD = -1;

/** A class index 0..23, or NO_CHORD. */
export type ChordClass = number;

export const PITCH_CLASS_NAMES = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"] as const;

/** Display names: "C", "C#", …, "B", "Cm", …, "Bm"; "N" for NO_CHORD. */
export const CHORD_NAMES: readonly string[] = [
  ...PITCH_CLASS_NAMES,
  ...PITCH_CLASS_NAMES.map((p) => `${p}m`),
];

export function chordClass(root: number, quality: "maj" | "min"): ChordClass {
  return (((root % 12) + 12) % 12) + (quality === "min" ? 12 : 0);
}

export function chordRoot(c: ChordClass): number {
  return c % 12;
}

export function isMinor(c: ChordClass): boolean {
  return c >= 12;
}

export function chordName(c: ChordClass): string {
  return c === NO_CHORD ? "N" : CHORD_NAMES[c];
}

/** Harte label of a class, for .lab output that mir_eval reads: "C:maj", "A:min", "N". */
export function harteLabel(c: ChordClass): string {
  if (c === NO_CHORD) return "N";
  return `${PITCH_CLASS_NAMES[chordRoot(c)]}:${isMinor(c) ? "min" : "maj"}`;
}

/**
 * The chord labels the generator writes, read back as pitch classes so they can be voiced.
 *
 * This is the small subset of Harte syntax (Harte et al., ISMIR 2005) the song plans use —
 * `root[:shorthand][(extensions)][/bass]` — not a general parser (that lives in
 * src/annotations/). It also states the class each label is meant to reduce to under the FMP
 * rule (third and fifth decide; dim → min, aug → maj, sus → no chord), which the tests check
 * against the annotation parser.
 */
import { chordClass, NO_CHORD, type ChordClass } from "../annotations/chordClasses.js";

export interface ChordTones {
  /** Root pitch class. */
  rootPc: number;
  /** Pitch classes of all chord tones, root first, in the shorthand's order. */
  pcs: number[];
  /** Pitch class in the bass (the root unless inverted). */
  bassPc: number;
  /** The 24-class reduction this label is meant to have (dim → min, aug → maj). */
  intended: ChordClass;
}

interface Shorthand {
  intervals: number[];
  reduced: "maj" | "min" | "none";
}

const SHORTHANDS: Record<string, Shorthand> = {
  maj: { intervals: [0, 4, 7], reduced: "maj" },
  min: { intervals: [0, 3, 7], reduced: "min" },
  "7": { intervals: [0, 4, 7, 10], reduced: "maj" },
  maj7: { intervals: [0, 4, 7, 11], reduced: "maj" },
  min7: { intervals: [0, 3, 7, 10], reduced: "min" },
  maj6: { intervals: [0, 4, 7, 9], reduced: "maj" },
  min6: { intervals: [0, 3, 7, 9], reduced: "min" },
  "9": { intervals: [0, 4, 7, 10, 2], reduced: "maj" },
  sus4: { intervals: [0, 5, 7], reduced: "none" },
  sus2: { intervals: [0, 2, 7], reduced: "none" },
  dim: { intervals: [0, 3, 6], reduced: "min" },
  hdim7: { intervals: [0, 3, 6, 10], reduced: "min" },
  aug: { intervals: [0, 4, 8], reduced: "maj" },
};

/** Harte interval degrees → semitones above the root. */
const DEGREES: Record<string, number> = {
  "1": 0, b2: 1, "2": 2, b3: 3, "3": 4, "4": 5, b5: 6, "5": 7, "#5": 8, b6: 8, "6": 9,
  b7: 10, "7": 11, b9: 1, "9": 2, "#9": 3, "11": 5, "#11": 6, b13: 8, "13": 9,
};

const NATURALS: Record<string, number> = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };

const LABEL = /^([A-G])([b#]*)(?::([a-z0-9]+))?(?:\(([^)]*)\))?(?:\/([b#]*\d+))?$/;

/** Chord tones of a label; `undefined` for "N". Throws on labels outside the subset (a plan bug). */
export function chordTones(label: string): ChordTones | undefined {
  if (label === "N") return undefined;
  const m = LABEL.exec(label);
  if (!m) throw new Error(`synth: unsupported chord label "${label}"`);
  const [, letter, accidentals, shorthandName = "maj", extensions, bass] = m;
  const rootPc = mod12(NATURALS[letter] + accidentalShift(accidentals));
  const shorthand = SHORTHANDS[shorthandName];
  if (!shorthand) throw new Error(`synth: unsupported shorthand in "${label}"`);
  const intervals = [...shorthand.intervals];
  for (const ext of extensions ? extensions.split(",") : []) {
    const iv = degree(ext.trim(), label);
    if (!intervals.includes(iv)) intervals.push(iv);
  }
  const pcs = intervals.map((iv) => mod12(rootPc + iv));
  const bassPc = bass === undefined ? rootPc : mod12(rootPc + degree(bass, label));
  const intended = shorthand.reduced === "none" ? NO_CHORD : chordClass(rootPc, shorthand.reduced);
  return { rootPc, pcs, bassPc, intended };
}

/** The reduced class of a label ("N" → NO_CHORD). */
export function intendedClass(label: string): ChordClass {
  return chordTones(label)?.intended ?? NO_CHORD;
}

function degree(text: string, label: string): number {
  const semis = DEGREES[text];
  if (semis === undefined) throw new Error(`synth: unsupported interval "${text}" in "${label}"`);
  return semis % 12;
}

function accidentalShift(accidentals: string): number {
  let shift = 0;
  for (const a of accidentals) shift += a === "#" ? 1 : -1;
  return shift;
}

export function mod12(x: number): number {
  return ((x % 12) + 12) % 12;
}

/**
 * Parser for Harte chord labels (Harte et al., ISMIR 2005; conventions of mir_eval.chord):
 *
 *   label      ::= "N" | "X" | root [":" body] ["/" degree]
 *   body       ::= shorthand ["(" degree-list ")"] | "(" degree-list ")"
 *   degree-list ::= ["*"] degree {"," ["*"] degree}
 *   root       ::= A–G followed by any number of "b" / "#"       (e.g. "Bb", "F#", "Cb", "Fbb")
 *   degree     ::= any number of "b" / "#" followed by 1–13     (e.g. "b3", "#5", "bb7", "9")
 *
 * Meaning, as in mir_eval.chord.encode:
 * - a bare root is a major triad ("C" = "C:maj", "B/7" = "B:maj/7");
 * - "C:(3,5)" (interval list without shorthand) contains the listed degrees and the root;
 * - "*d" omits degree d ("C:maj(*5)" = C and E); omitting a degree the chord lacks changes nothing;
 *   omissions apply after additions, so "C:(1,3,5,*3)" = C and G;
 * - "/d" is the bass as a degree above the root; the bass note belongs to the chord;
 * - "N" is no chord, "X" an unknown chord (neither has a root).
 *
 * `semitones` is mir_eval's 12-bit relative bitmap as a sorted list: the pitch classes (relative
 * to the root) of the chord's simple degrees 1–7 plus the written bass. Compound degrees 8–13 (9ths,
 * 11ths, 13ths) are extensions: kept in `intervals`, left out of `semitones`, as mir_eval does.
 */
import { InputError } from "../errors.js";
import { countAccidentals, parseDegree, SHORTHAND_DEGREES, SHORTHANDS, type HarteInterval } from "./shorthands.js";

export type { HarteInterval } from "./shorthands.js";

/** Natural note names → pitch class (C = 0). */
const NATURAL_PITCH_CLASSES: Readonly<Record<string, number>> = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };

/** One item of a label's degree list: an added degree, or an omitted one ("*3"). */
export interface ListedDegree {
  interval: HarteInterval;
  omit: boolean;
}

export type ParsedChord = NoChordLabel | UnknownChordLabel | HarteChord;

/** "N": no chord is sounding. */
export interface NoChordLabel {
  kind: "none";
  label: string;
}

/** "X": a chord is sounding but could not be named. */
export interface UnknownChordLabel {
  kind: "unknown";
  label: string;
}

export interface HarteChord {
  kind: "chord";
  label: string;
  /** The root as written: "Bb", "C#", "Fbb". */
  rootName: string;
  /** Pitch class of the root, 0–11 (C = 0; "Cb" = 11, "B#" = 0). */
  root: number;
  /** The shorthand as written; "maj" for a bare root; "" for an interval list alone. */
  shorthand: string;
  /** Chord tones after additions and omissions, ascending by semitones; the bass is not added here. */
  intervals: HarteInterval[];
  /** The parenthesised degrees as written, in order ("C:maj(*3,b7)" → *3 then b7); mir_eval's encode needs them. */
  listed: ListedDegree[];
  /** The bass degree; "1" (root position) when the label has no "/". */
  bass: HarteInterval;
  /** Sorted relative pitch classes 0–11: simple degrees of `intervals` plus a written bass (mir_eval bitmap). */
  semitones: number[];
}

/** Parses one Harte label; throws InputError naming the label and what is wrong with it. */
export function parseHarte(label: string): ParsedChord {
  if (label === "N") return { kind: "none", label };
  if (label === "X") return { kind: "unknown", label };
  if (label === "") throw invalidLabel(label, "empty label");
  if (/\s/.test(label)) throw invalidLabel(label, "contains whitespace");
  const [chordPart, bassPart, ...extra] = label.split("/");
  if (extra.length > 0) throw invalidLabel(label, 'more than one "/"');
  const rootName = /^[A-G][b#]*/.exec(chordPart)?.[0];
  if (rootName === undefined) {
    throw invalidLabel(label, 'expected a root A–G (optionally followed by "b"/"#"), "N" or "X" at the start');
  }
  const rest = chordPart.slice(rootName.length);
  if (rest !== "" && !rest.startsWith(":")) {
    throw invalidLabel(label, `expected ":" after the root "${rootName}", got "${rest}" (e.g. "${rootName}:min")`);
  }
  const { shorthand, degreeList } = rest === "" ? { shorthand: "maj", degreeList: [] } : splitBody(label, rest.slice(1));
  const listed = degreeList.map((item) => parseListedDegree(label, item));
  const intervals = collectIntervals(shorthand, listed);
  const bass = bassPart === undefined ? ROOT_POSITION : parseBass(label, bassPart);
  return {
    kind: "chord",
    label,
    rootName,
    root: pitchClassOf(rootName),
    shorthand,
    intervals,
    listed,
    bass,
    semitones: relativePitchClasses(intervals, bassPart === undefined ? undefined : bass),
  };
}

/** Pitch class of a root name such as "Bb" or "B#" (0–11). */
export function pitchClassOf(rootName: string): number {
  const natural = NATURAL_PITCH_CLASSES[rootName[0]];
  return (((natural + countAccidentals(rootName.slice(1))) % 12) + 12) % 12;
}

const ROOT_POSITION: HarteInterval = { degree: "1", number: 1, semitones: 0 };

function invalidLabel(label: string, why: string): InputError {
  return new InputError(`invalid chord label "${label}": ${why}`);
}

/** Splits "min7(9,*5)" into the shorthand and the raw degree list. */
function splitBody(label: string, body: string): { shorthand: string; degreeList: string[] } {
  const match = /^([^()]*)(?:\(([^()]*)\))?$/.exec(body);
  if (!match) throw invalidLabel(label, `malformed "${body}" after ":" (expected a shorthand, "(degrees)" or both)`);
  const [, shorthand, list] = match;
  if (shorthand === "" && list === undefined) throw invalidLabel(label, 'nothing after ":"');
  if (shorthand !== "" && !SHORTHAND_DEGREES.has(shorthand)) {
    throw invalidLabel(label, `unknown shorthand "${shorthand}" (known: ${SHORTHANDS.join(", ")})`);
  }
  if (list === "") throw invalidLabel(label, "empty degree list");
  return { shorthand, degreeList: list === undefined ? [] : list.split(",") };
}

/** One item of a degree list: "b7" or "*3". */
function parseListedDegree(label: string, item: string): ListedDegree {
  const omit = item.startsWith("*");
  const interval = parseDegree(omit ? item.slice(1) : item);
  if (!interval) {
    throw invalidLabel(label, `malformed degree "${item}" (expected e.g. "3", "b7", "#9" or "*5"; numbers 1–13)`);
  }
  return { interval, omit };
}

/** The shorthand's degrees (or just the root), then the listed additions, then the omissions. */
function collectIntervals(shorthand: string, listed: ListedDegree[]): HarteInterval[] {
  const base = SHORTHAND_DEGREES.get(shorthand) ?? ["1"];
  const tones = base.map((d) => parseDegree(d) as HarteInterval);
  tones.push(...listed.filter((l) => !l.omit).map((l) => l.interval));
  const omitted = listed.filter((l) => l.omit).map((l) => l.interval);
  const kept = tones.filter((t) => !omitted.some((o) => o.semitones === t.semitones));
  return uniqueBySemitones(kept).sort((a, b) => a.semitones - b.semitones);
}

/** Keeps the first spelling of each distinct interval ("C:maj(3)" has one third). */
function uniqueBySemitones(tones: HarteInterval[]): HarteInterval[] {
  const seen = new Set<number>();
  return tones.filter((t) => !seen.has(t.semitones) && seen.add(t.semitones));
}

function parseBass(label: string, text: string): HarteInterval {
  const bass = parseDegree(text);
  if (!bass) {
    throw invalidLabel(
      label,
      `malformed bass "/${text}" (the bass is a degree above the root such as "/3", "/b7", "/5", not a note name)`,
    );
  }
  return bass;
}

/**
 * mir_eval's bitmap as a list: the simple degrees (1–7) folded into 0–11, plus a written bass.
 * (mir_eval also adds the implied root-position bass; only "C:maj(*1)" can tell the difference.)
 */
function relativePitchClasses(intervals: HarteInterval[], writtenBass: HarteInterval | undefined): number[] {
  const fold = (semitones: number): number => ((semitones % 12) + 12) % 12;
  const classes = new Set(intervals.filter((t) => t.number <= 7).map((t) => fold(t.semitones)));
  if (writtenBass) classes.add(fold(writtenBass.semitones));
  return [...classes].sort((a, b) => a - b);
}

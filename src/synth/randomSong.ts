/**
 * Random song plans for a generalisation corpus: many songs whose keys, tempi, chord vocabularies,
 * harmonic rhythms, forms, arrangements and minor shares are drawn from a seed, rendered by the
 * same renderer as the four built-in songs (generateSong) or written as MIDI (midi.ts).
 *
 * The grammar: a song has an intro of 4 bars, 2–3 sections of 8 bars and a V–I (or IV–I) ending; each bar holds 1, 2 or 4 chord slots (or
 * holds the previous chord with `-`), with a harmonic rhythm drawn per song. Each section decides
 * which of its chords are minor so that the minor chords take `minorShare` of its major + minor
 * chord time (greedy over the chords in seeded order; sus chords count for neither); the song's
 * share is then that share up to rounding and the cut of the last section. Major chords take
 * diatonic and borrowed major roots (I IV V ♭VII II ♭VI), minor chords the minor degrees
 * (ii iii vi, i iv). Qualities: triads, 7, maj7, maj6, 9 / min7, min6, hdim7, dim; inversions
 * (/3, /5, /b7, /b3); sus2/sus4 (which reduce to no chord) now and then.
 * `minorShare` is drawn per song: 0 for 15 % of the songs, uniform in 0.05–0.45 otherwise.
 */
import { createRng, type Rng } from "../util/random.js";
import type { InstrumentName, SectionSpec, SongSpec, SongStyle } from "./types.js";

export interface RandomSongPlan {
  spec: SongSpec;
  /** The drawn share of minor chords in major + minor chord time (what the .lab should show). */
  minorShare: number;
}

const SHARP_NAMES = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];
const FLAT_NAMES = ["C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"];
/** Keys spelled with flats (F, B♭, E♭, A♭, D♭, G♭). */
const FLAT_KEYS = new Set([5, 10, 3, 8, 1, 6]);

/** Scale degrees in semitones above the tonic, with weights. */
const MAJOR_ROOTS: [number, number][] = [[0, 5], [5, 4], [7, 4], [10, 1], [2, 1], [8, 1]];
const MINOR_ROOTS: [number, number][] = [[9, 4], [2, 3], [4, 2], [0, 1], [5, 1]];
const MAJOR_QUALITIES: [string, number][] = [["maj", 6], ["7", 2], ["maj7", 2], ["maj6", 1], ["9", 1]];
const MINOR_QUALITIES: [string, number][] = [["min", 6], ["min7", 3], ["min6", 1], ["hdim7", 1], ["dim", 1]];

const COMP: SongStyle["comp"][] = ["block", "offbeat", "strum", "staccato"];
const BASS: SongStyle["bass"][] = ["half", "rootFifth", "walking", "quarters"];
const DRUMS: SongStyle["drums"][] = ["backbeat", "ska", "march"];
const CHORD_INSTRUMENTS: InstrumentName[] = ["piano", "guitar", "organ"];
const PAD_INSTRUMENTS: InstrumentName[] = ["organ", "brass", "piano"];
const MELODY_INSTRUMENTS: InstrumentName[] = ["lead", "guitar", "brass", "piano"];

/** Seeded stream offset of the random plans (apart from the built-in songs' streams). */
const PLAN_STREAM = 7_000_000;

/**
 * Song `index` of the random corpus with seed `seed`: the same (seed, index) always gives the same
 * plan, and plans of other indices do not depend on it. `name` defaults to `g` + the index.
 */
export function randomSongPlan(seed: number, index: number, options: { name?: string; durationSec?: number } = {}): RandomSongPlan {
  const rng = createRng(seed, PLAN_STREAM + index);
  const keyPc = rng.int(12);
  const names = FLAT_KEYS.has(keyPc) ? FLAT_NAMES : SHARP_NAMES;
  const minorShare = rng.next() < 0.15 ? 0 : round3(0.05 + 0.4 * rng.next());
  const vocab: Vocabulary = {
    keyPc,
    names,
    sevenths: rng.next(), // probability that a chord takes a richer quality than a triad
    inversions: 0.3 * rng.next(),
    sus: rng.next() < 0.5 ? 0 : 0.08 * rng.next(),
  };
  // Harmonic rhythm: slot counts per bar (1 = a bar, 2 = half bars, 4 = beats) and holds.
  const rhythm = pickWeighted(rng, [
    [[1, 1, 1, 2], 2],
    [[2, 2, 1], 2],
    [[1, 1, 2, 2, 4], 1],
    [[1], 1],
    [[2], 1],
  ] as [number[], number][]);
  const holdChance = 0.25 * rng.next();

  const sectionNames = ["intro", "verse", "chorus", "bridge"].slice(0, 3 + rng.int(2));
  const sections: Record<string, SectionSpec> = {};
  const allParts: SectionSpec["parts"] = ["comp", "bass", "melody", "drums", "pad"];
  for (const name of sectionNames) {
    const bars = name === "intro" ? 4 : 8;
    const parts: SectionSpec["parts"] =
      name === "intro" ? ["comp", ...(rng.next() < 0.5 ? (["bass"] as const) : [])] : allParts.filter((p) => p === "comp" || rng.next() < 0.75);
    sections[name] = { chords: sectionChords(rng, vocab, { bars, rhythm, holdChance, minorShare }), parts };
  }
  // The ending: V (or IV) then I, held.
  const tonic = vocab.names[keyPc];
  const approach = `${vocab.names[(keyPc + (rng.next() < 0.7 ? 7 : 5)) % 12]}${rng.next() < 0.5 ? ":7" : ""}`;
  sections.outro = { chords: `${approach} | ${tonic} | -`, parts: ["comp", "bass"] };

  const body = sectionNames.filter((n) => n !== "intro");
  const form = ["intro", ...shuffleForm(rng, body)];
  const tempoBpm = 70 + rng.int(81);
  const low = 62 + rng.int(6);
  const style: SongStyle = {
    comp: pick(rng, COMP),
    compInstrument: pick(rng, CHORD_INSTRUMENTS),
    bass: pick(rng, BASS),
    drums: pick(rng, DRUMS),
    melodyInstrument: pick(rng, MELODY_INSTRUMENTS),
    padInstrument: pick(rng, PAD_INSTRUMENTS),
    melodyRange: [low, low + 16],
  };
  const spec: SongSpec = {
    name: options.name ?? `g${index}`,
    keyPc,
    tempoBpm,
    durationSec: options.durationSec ?? 90,
    sections,
    form,
    ending: "outro",
    style,
  };
  return { spec, minorShare };
}

interface Vocabulary {
  keyPc: number;
  names: string[];
  sevenths: number;
  inversions: number;
  sus: number;
}

interface SectionShape {
  bars: number;
  rhythm: number[];
  holdChance: number;
  minorShare: number;
}

interface Slot {
  beats: number;
  /** Index of the bar, and of the slot within it. */
  bar: number;
  kind: "chord" | "hold";
  sus: boolean;
  minor: boolean;
}

/** Lead-sheet text of one section with the requested minor share of its major + minor chord time. */
function sectionChords(rng: Rng, vocab: Vocabulary, shape: SectionShape): string {
  const slots: Slot[] = [];
  for (let bar = 0; bar < shape.bars; bar++) {
    const n = pick(rng, shape.rhythm);
    for (let s = 0; s < n; s++) {
      const hold = slots.length > 0 && rng.next() < shape.holdChance;
      slots.push({ beats: 4 / n, bar, kind: hold ? "hold" : "chord", sus: !hold && rng.next() < vocab.sus, minor: false });
    }
  }
  // Chords with their total duration (a chord's holds belong to it).
  const chords: { slot: Slot; beats: number }[] = [];
  for (const slot of slots) {
    if (slot.kind === "chord") chords.push({ slot, beats: slot.beats });
    else chords[chords.length - 1].beats += slot.beats;
  }
  const tonal = chords.filter((c) => !c.slot.sus);
  const total = tonal.reduce((sum, c) => sum + c.beats, 0);
  const wanted = shape.minorShare * total;
  // Greedy in seeded orders: take a chord when that brings the minor time closer to the wanted
  // time; the best of a few orders wins (the first on ties).
  let best: { chosen: Slot[]; error: number } = { chosen: [], error: Infinity };
  for (let attempt = 0; attempt < 16; attempt++) {
    let minorBeats = 0;
    const chosen: Slot[] = [];
    for (const c of shuffleForm(rng, tonal)) {
      if (Math.abs(minorBeats + c.beats - wanted) < Math.abs(minorBeats - wanted)) {
        chosen.push(c.slot);
        minorBeats += c.beats;
      }
    }
    const error = Math.abs(minorBeats - wanted);
    if (error < best.error) best = { chosen, error };
  }
  for (const slot of best.chosen) slot.minor = true;
  let previous = "";
  const labels = slots.map((slot) => {
    if (slot.kind === "hold") return "-";
    let label = "";
    for (let attempt = 0; attempt < 4 && (label === "" || label === previous); attempt++) label = chordLabel(rng, vocab, slot);
    previous = label;
    return label;
  });
  const bars: string[] = [];
  slots.forEach((slot, i) => {
    bars[slot.bar] = bars[slot.bar] === undefined ? labels[i] : `${bars[slot.bar]} ${labels[i]}`;
  });
  return bars.join(" | ");
}

function chordLabel(rng: Rng, vocab: Vocabulary, slot: Slot): string {
  const degree = pickWeighted(rng, slot.minor ? MINOR_ROOTS : MAJOR_ROOTS);
  const root = vocab.names[(vocab.keyPc + degree) % 12];
  if (slot.sus) return `${root}:${rng.next() < 0.6 ? "sus4" : "sus2"}`;
  const rich = rng.next() < vocab.sevenths;
  const quality = rich ? pickWeighted(rng, slot.minor ? MINOR_QUALITIES : MAJOR_QUALITIES) : slot.minor ? "min" : "maj";
  let bass = "";
  if (rng.next() < vocab.inversions) {
    const seventh = quality === "7" || quality === "min7" || quality === "hdim7" || quality === "9";
    const third = quality.startsWith("min") || quality === "dim" || quality === "hdim7" ? "b3" : "3";
    bass = `/${seventh && rng.next() < 0.3 ? "b7" : rng.next() < 0.5 ? third : "5"}`;
  }
  if (quality === "maj") return bass === "" ? root : `${root}${bass}`;
  return `${root}:${quality}${bass}`;
}

/** A seeded permutation (Fisher–Yates). */
function shuffleForm<T>(rng: Rng, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

function pickWeighted<T>(rng: Rng, items: readonly [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rng.next() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1][0];
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

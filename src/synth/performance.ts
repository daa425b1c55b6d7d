/**
 * What the parts share: the plan, its clock, and a "player" turning notes written in beats into
 * timed NoteEvents with a human touch — onsets a few milliseconds early or late, and each note
 * detuned by the song's tuning offset plus a few cents (real recordings are rarely at A = 440 Hz
 * exactly, and the chroma's pitch bins then catch partials off-centre).
 */
import type { Rng } from "../util/random.js";
import type { BeatClock } from "./clock.js";
import type { ChordTones } from "./harmony.js";
import type { SongPlan } from "./plan.js";
import type { ChordEvent, InstrumentName, NoteEvent, PartName, SongSpec } from "./types.js";

export interface Performance {
  spec: SongSpec;
  plan: SongPlan;
  clock: BeatClock;
  /** Chord tones of plan.chords[i]; undefined for "N". */
  tones: (ChordTones | undefined)[];
  /** Global tuning offset of the song, in cents. */
  tuningCents: number;
}

/** Whether the section of `chord` plays `part`. */
export function plays(perf: Performance, chord: ChordEvent, part: PartName): boolean {
  return perf.plan.sections[chord.section].spec.parts.includes(part);
}

/** Loudness of a section relative to the chorus (verses and intros are played softer). */
export function sectionGain(perf: Performance, section: number): number {
  const name = perf.plan.sections[section].name;
  if (name === "chorus" || name === "solo") return 1;
  if (name === "intro" || name === "outro") return 0.75;
  return 0.85;
}

export interface WrittenNote {
  startBeat: number;
  beats: number;
  midi: number;
  gain: number;
  /** Extra onset delay in seconds (strummed chords). */
  delaySec?: number;
}

export interface Player {
  play(note: WrittenNote): void;
  notes: NoteEvent[];
}

/** A player of one instrument; `timingSec` is the std. dev. of its onset jitter. */
export function createPlayer(perf: Performance, instrument: InstrumentName, rng: Rng, timingSec = 0.008): Player {
  const notes: NoteEvent[] = [];
  return {
    notes,
    play(n) {
      const onset = perf.clock.timeAt(n.startBeat);
      const startSec = onset + (n.delaySec ?? 0) + timingSec * clampedNormal(rng);
      const durationSec = perf.clock.timeAt(n.startBeat + n.beats) - onset;
      const cents = perf.tuningCents + 3 * clampedNormal(rng);
      notes.push({ startSec, durationSec, midi: n.midi + cents / 100, gain: n.gain, instrument });
    },
  };
}

/** A standard normal clipped to ±2.5, so no rare outlier throws a note off the beat. */
export function clampedNormal(rng: Rng): number {
  return Math.max(-2.5, Math.min(2.5, rng.normal()));
}

/** Index of the chord sounding at `beat` (the last one starting at or before it). */
export function chordAt(plan: SongPlan, beat: number): number {
  let lo = 0;
  let hi = plan.chords.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (plan.chords[mid].startBeat <= beat) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

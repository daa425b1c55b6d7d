/**
 * The bass line: the chord's bass note (its root, or the inversion's bass: `/3`, `/5`, `/b7`),
 * played in the song's pattern. The walking pattern approaches the next chord chromatically on
 * the last beat — a non-chord tone in the lowest, loudest register, as in real bass playing.
 */
import type { Rng } from "../util/random.js";
import type { ChordTones } from "./harmony.js";
import { createPlayer, plays, sectionGain, type Performance, type Player } from "./performance.js";
import { nearestNote } from "./voicing.js";
import type { NoteEvent } from "./types.js";

const BASS_RANGE = { low: 36, high: 52 };

interface BassContext {
  player: Player;
  tones: ChordTones;
  startBeat: number;
  beats: number;
  gain: number;
  /** Bass pitch class of the next chord (for approach notes). */
  nextPc: number;
  rng: Rng;
}

export function bassNotes(perf: Performance, rng: Rng): NoteEvent[] {
  const player = createPlayer(perf, "bass", rng, 0.006);
  const chords = perf.plan.chords;
  let previous: number | undefined;
  chords.forEach((chord, i) => {
    const tones = perf.tones[i];
    if (!tones || !plays(perf, chord, "bass")) return;
    const nextPc = perf.tones[i + 1]?.bassPc ?? tones.rootPc;
    const ctx: BassContext = { player, tones, startBeat: chord.startBeat, beats: chord.beats, gain: sectionGain(perf, chord.section), nextPc, rng };
    previous = playPattern(perf.spec.style.bass, ctx, nearestNote(tones.bassPc, previous, BASS_RANGE));
  });
  return player.notes;
}

/** Plays one chord's bass; returns the last note (for octave continuity). */
function playPattern(pattern: string, ctx: BassContext, bass: number): number {
  const fifth = nearestNote((ctx.tones.rootPc + 7) % 12, bass + 4, BASS_RANGE);
  const steps = Math.max(1, Math.round(ctx.beats));
  const notes: { beat: number; beats: number; midi: number }[] = [];
  if (pattern === "quarters") {
    for (let b = 0; b < steps; b++) notes.push({ beat: b, beats: 0.8, midi: bass });
  } else if (pattern === "walking") {
    const line = [bass, fifth, Math.min(BASS_RANGE.high, bass + 12), fifth];
    for (let b = 0; b < steps; b++) notes.push({ beat: b, beats: 0.9, midi: line[b % 4] });
    if (steps >= 2 && ctx.rng.next() < 0.6) notes[steps - 1].midi = approach(ctx.nextPc, notes[steps - 2].midi, ctx.rng);
  } else {
    // half / rootFifth: a note every two beats, the second one often the fifth.
    for (let b = 0; b < steps; b += 2) {
      const alt = b > 0 && (pattern === "rootFifth" || ctx.rng.next() < 0.4);
      notes.push({ beat: b, beats: Math.min(2, steps - b) * 0.95, midi: alt ? fifth : bass });
    }
  }
  for (const n of notes) ctx.player.play({ startBeat: ctx.startBeat + n.beat, beats: n.beats, midi: n.midi, gain: ctx.gain * (n.beat === 0 ? 1 : 0.85) });
  return notes[notes.length - 1].midi;
}

/** A semitone above or below the next chord's bass note, near the current note. */
function approach(nextPc: number, current: number, rng: Rng): number {
  const target = nearestNote(nextPc, current, BASS_RANGE);
  const candidate = target + (rng.next() < 0.5 ? -1 : 1);
  return Math.max(BASS_RANGE.low, Math.min(BASS_RANGE.high, candidate));
}

/**
 * The chord instrument ("comping") and the sustained pad. Each style is a rhythm of chord
 * attacks inside a chord's span: a ballad piano on every beat, staccato march quarters, ska
 * off-beat stabs, a strummed guitar (notes a few ms apart, down- and up-strokes).
 */
import type { Rng } from "../util/random.js";
import { createPlayer, plays, sectionGain, type Performance, type Player } from "./performance.js";
import { nearestNote, voiceChord } from "./voicing.js";
import type { NoteEvent, SongStyle } from "./types.js";

/** Chord attacks of a style: onset (beats into the bar), length in beats, relative gain. */
interface Attack {
  at: number;
  beats: number;
  gain: number;
  /** Strum direction for guitar styles. */
  up?: boolean;
}

const BAR_PATTERNS: Record<SongStyle["comp"], Attack[]> = {
  block: [0, 1, 2, 3].map((at) => ({ at, beats: 1, gain: at === 0 ? 1 : 0.7 })),
  staccato: [0, 1, 2, 3].map((at) => ({ at, beats: 0.45, gain: at % 2 === 0 ? 1 : 0.8 })),
  offbeat: [0.5, 1.5, 2.5, 3.5].map((at) => ({ at, beats: 0.5, gain: 0.9 })),
  strum: [
    { at: 0, beats: 1, gain: 1 },
    { at: 1, beats: 0.5, gain: 0.75 },
    { at: 1.5, beats: 1, gain: 0.6, up: true },
    { at: 2.5, beats: 0.5, gain: 0.6, up: true },
    { at: 3, beats: 0.5, gain: 0.8 },
    { at: 3.5, beats: 0.5, gain: 0.6, up: true },
  ],
};

const COMP_RANGE = { low: 52, high: 74 };
const STRUM_GAP_SEC = 0.012;

export function compNotes(perf: Performance, rng: Rng): NoteEvent[] {
  const style = perf.spec.style;
  const player = createPlayer(perf, style.compInstrument, rng);
  let previous: number[] | undefined;
  perf.plan.chords.forEach((chord, i) => {
    const tones = perf.tones[i];
    if (!tones || !plays(perf, chord, "comp")) return;
    const voicing = voiceChord(tones, previous, rng, COMP_RANGE);
    previous = voicing;
    // Guitars also sound the bass note of the chord (open-string style) an octave below.
    const notes = style.comp === "strum" ? [nearestNote(tones.bassPc, voicing[0] - 7, { low: 40, high: 52 }), ...voicing] : voicing;
    const strumGapSec = style.comp === "strum" ? STRUM_GAP_SEC : 0;
    strike(player, notes, { ...chord, gain: sectionGain(perf, chord.section), strumGapSec }, BAR_PATTERNS[style.comp]);
  });
  return player.notes;
}

interface Strike {
  startBeat: number;
  beats: number;
  gain: number;
  /** Delay between successive strings of a strum (0: all notes together). */
  strumGapSec: number;
}

/** The bar pattern's attacks that fall inside [startBeat, startBeat + beats). */
function strike(player: Player, notes: number[], s: Strike, pattern: Attack[]): void {
  const { startBeat, gain } = s;
  const endBeat = startBeat + s.beats;
  for (let bar = Math.floor(startBeat / 4) * 4; bar < endBeat; bar += 4) {
    for (const a of pattern) {
      const at = bar + a.at;
      if (at < startBeat || at >= endBeat) continue;
      const len = Math.min(a.beats, endBeat - at);
      const order = a.up ? [...notes].reverse() : notes;
      order.forEach((midi, k) => {
        player.play({ startBeat: at, beats: len, midi, gain: gain * a.gain, delaySec: k * s.strumGapSec });
      });
    }
  }
}

/** Sustained chord (organ/brass): root-position close voicing held for the whole chord. */
export function padNotes(perf: Performance, rng: Rng): NoteEvent[] {
  const player = createPlayer(perf, perf.spec.style.padInstrument, rng, 0.015);
  perf.plan.chords.forEach((chord, i) => {
    const tones = perf.tones[i];
    if (!tones || !plays(perf, chord, "pad")) return;
    const gain = sectionGain(perf, chord.section);
    for (const pc of tones.pcs.slice(0, 4)) {
      player.play({ startBeat: chord.startBeat, beats: chord.beats, midi: nearestNote(pc, 64, { low: 58, high: 70 }), gain });
    }
  });
  return player.notes;
}

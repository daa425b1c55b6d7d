/**
 * A sung-like melody: mostly stepwise, chord tones on strong beats, passing and neighbour tones
 * from the key's major scale on weak ones. The melody sits above the accompaniment and is the
 * loudest single line (like a lead vocal), so its non-chord tones are a main source of chroma
 * frames that disagree with the annotated chord.
 *
 * A section's melody is drawn from a generator seeded by the section's name, so every verse
 * sings the same tune over the same chords — repeated material, as in a real song.
 */
import type { Rng } from "../util/random.js";
import { mod12 } from "./harmony.js";
import { chordAt, clampedNormal, createPlayer, plays, sectionGain, type Performance, type Player } from "./performance.js";
import type { InstrumentName, NoteEvent, SectionInstance } from "./types.js";

const MAJOR_SCALE = [0, 2, 4, 5, 7, 9, 11];

/** Onsets within a bar (beats); a bar's notes last until the next onset. */
const RHYTHMS = [
  [0, 1, 2, 3],
  [0, 1.5, 2, 3],
  [0, 2, 3],
  [0, 0.5, 1, 2],
  [1, 1.5, 2, 3],
  [0, 1, 1.5, 2.5],
  [0, 2],
  [0.5, 1, 2, 2.5, 3],
];
/** Phrase ends (every 4th bar): a long note, then a breath. */
const CADENCE = [0, 1];

export function melodyNotes(perf: Performance, sectionRng: (name: string) => Rng, timingRng: Rng): NoteEvent[] {
  const players = new Map<InstrumentName, Player>();
  perf.plan.sections.forEach((section, s) => {
    if (!section.spec.parts.includes("melody")) return;
    const instrument = section.spec.melodyInstrument ?? perf.spec.style.melodyInstrument;
    let player = players.get(instrument);
    if (!player) players.set(instrument, (player = createPlayer(perf, instrument, timingRng, 0.012)));
    singSection(perf, player, section, sectionRng(section.name), sectionGain(perf, s));
  });
  return [...players.values()].flatMap((p) => p.notes);
}

function singSection(perf: Performance, player: Player, section: SectionInstance, rng: Rng, gain: number): void {
  const [low, high] = perf.spec.style.melodyRange;
  let previous = Math.round((low + high) / 2);
  for (let bar = 0; bar * 4 < section.beats; bar++) {
    const onsets = bar % 4 === 3 ? CADENCE : RHYTHMS[rng.int(RHYTHMS.length)];
    const rests = onsets.map(() => rng.next() < 0.12);
    onsets.forEach((at, k) => {
      const startBeat = section.startBeat + bar * 4 + at;
      const next = k + 1 < onsets.length ? onsets[k + 1] : 4;
      const beats = (bar % 4 === 3 && k === onsets.length - 1 ? 2 : next - at) * 0.92;
      const chord = chordAt(perf.plan, startBeat);
      const tones = perf.tones[chord];
      // Draw the pitch even for rests, so a rest does not shift the rest of the tune.
      const midi = choosePitch(perf, tones?.pcs, at % 2 === 0 || beats >= 1.5, previous, rng);
      if (rests[k] || !tones || !plays(perf, perf.plan.chords[chord], "melody")) return;
      previous = midi;
      player.play({ startBeat, beats, midi, gain: gain * (at % 1 === 0 ? 1 : 0.85) });
    });
  }
}

/**
 * A chord tone (likelier on strong beats and long notes: 90 % vs 55 %, about what a sung line
 * holds — appoggiaturas, suspensions and passing tones) or a scale tone, near a step away from
 * `previous`.
 */
function choosePitch(perf: Performance, chordPcs: number[] | undefined, strong: boolean, previous: number, rng: Rng): number {
  const [low, high] = perf.spec.style.melodyRange;
  const useChordTone = chordPcs !== undefined && rng.next() < (strong ? 0.9 : 0.55);
  const allowed = new Set(useChordTone ? chordPcs : MAJOR_SCALE.map((iv) => mod12(perf.spec.keyPc + iv)));
  // Pull towards the middle of the range so the tune does not wander off to one end.
  const middle = (low + high) / 2;
  const target = previous + 2.2 * clampedNormal(rng) + 0.15 * (middle - previous);
  let best = low;
  let bestDistance = Infinity;
  for (let m = low; m <= high; m++) {
    if (!allowed.has(mod12(m))) continue;
    const d = Math.abs(m - target) + 0.01 * rng.next();
    if (d < bestDistance) {
      best = m;
      bestDistance = d;
    }
  }
  return best;
}

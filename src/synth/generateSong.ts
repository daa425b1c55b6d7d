/**
 * One song of the built-in corpus, from plan to samples (pure: same spec and options → the same
 * samples and spans, bit for bit).
 *
 * Every random choice draws from its own seeded stream (clock, voicings, melody per section,
 * timing, drums, noise), so changing one part of the generator does not reshuffle the others.
 */
import { createRng, type Rng } from "../util/random.js";
import { bassNotes } from "./bassLine.js";
import { createBeatClock } from "./clock.js";
import { compNotes, padNotes } from "./comping.js";
import { drumHits } from "./drums.js";
import { chordTones } from "./harmony.js";
import { melodyNotes } from "./melody.js";
import type { Performance } from "./performance.js";
import { planSong, planSpans } from "./plan.js";
import { renderMix } from "./render.js";
import { SONGS } from "./songs.js";
import type { DrumHit, GeneratedSong, LabSpan, NoteEvent, SongSpec, SynthOptions } from "./types.js";

export const DEFAULT_SAMPLE_RATE = 22050;
/** Shortest song that still holds an intro bar, the ending and the N at both ends. */
export const MIN_SECONDS = 20;

const STREAM = { layout: 1, clock: 2, comp: 3, bass: 4, melodyTiming: 5, pad: 6, drums: 7, mix: 8, melody: 100 } as const;

/** Options with defaults filled in; `seconds: null` means each song's own length. */
export interface ResolvedSynthOptions {
  seconds: number | null;
  seed: number;
  sampleRate: number;
}

/** Fills defaults and rejects values the generator cannot honour. */
export function resolveSynthOptions(options: SynthOptions = {}): ResolvedSynthOptions {
  const { seconds, seed = 0, sampleRate = DEFAULT_SAMPLE_RATE } = options;
  if (seconds === undefined) return { seconds: null, ...checkSeedAndRate(seed, sampleRate) };
  if (!Number.isFinite(seconds) || seconds < MIN_SECONDS || seconds > 3600) {
    throw new RangeError(`synth: seconds must be between ${MIN_SECONDS} and 3600, got ${seconds}`);
  }
  return { seconds, ...checkSeedAndRate(seed, sampleRate) };
}

function checkSeedAndRate(seed: number, sampleRate: number): { seed: number; sampleRate: number } {
  if (!Number.isInteger(seed) || seed < 0) throw new RangeError(`synth: seed must be a non-negative integer, got ${seed}`);
  if (!Number.isInteger(sampleRate) || sampleRate < 16000 || sampleRate > 192000) {
    throw new RangeError(`synth: sampleRate must be an integer in 16000..192000, got ${sampleRate}`);
  }
  return { seed, sampleRate };
}

/** Everything decided before rendering: the plan, its clock and the labels. */
interface Arrangement {
  spec: SongSpec;
  perf: Performance;
  spans: LabSpan[];
  stream: (n: number) => Rng;
  seconds: number;
  sampleRate: number;
}

function arrange(which: SongSpec | number, options: SynthOptions): Arrangement {
  const spec = typeof which === "number" ? SONGS[which] : which;
  if (!spec) throw new RangeError(`synth: no built-in song ${which} (0..${SONGS.length - 1})`);
  const { seed, sampleRate, ...resolved } = resolveSynthOptions(options);
  const seconds = resolved.seconds ?? spec.durationSec;
  const base = hashName(spec.name);
  const stream = (n: number): Rng => createRng(seed, base + n);

  const layout = stream(STREAM.layout);
  const introSec = 0.2 + 0.6 * layout.next();
  const tailSec = 1.5 + 1.5 * layout.next();
  const tempoBpm = spec.tempoBpm * (0.97 + 0.06 * layout.next());
  const tuningCents = -8 + 16 * layout.next();
  const nBeats = Math.ceil(((seconds * tempoBpm) / 60) * 1.1) + 16;
  const clock = createBeatClock({ startSec: introSec, tempoBpm, nBeats }, stream(STREAM.clock));
  const plan = planSong(spec, clock, seconds - tailSec);
  if (clock.timeAt(plan.endBeat) > seconds - 1) {
    throw new RangeError(`synth: ${spec.name} needs more than ${seconds} s for its ending`);
  }
  const spans = planSpans(plan, clock, seconds);
  const perf: Performance = { spec, plan, clock, tones: plan.chords.map((c) => chordTones(c.label)), tuningCents };
  return { spec, perf, spans, stream, seconds, sampleRate };
}

/** The chord spans of song `which` without rendering audio (what its .lab file will say). */
export function generateSpans(which: SongSpec | number, options: SynthOptions = {}): LabSpan[] {
  return arrange(which, options).spans;
}

/** What a song plays, before rendering: its notes and drum hits in seconds, and its labels. */
export interface SongEvents {
  name: string;
  notes: NoteEvent[];
  hits: DrumHit[];
  spans: LabSpan[];
  seconds: number;
}

/** The notes, drum hits and chord spans of song `which` (what generateSong renders, or midi.ts writes). */
export function generateEvents(which: SongSpec | number, options: SynthOptions = {}): SongEvents {
  return eventsOf(arrange(which, options));
}

function eventsOf({ spec, perf, spans, stream, seconds }: Arrangement): SongEvents {
  const sectionRng = (name: string): Rng => stream(STREAM.melody + Object.keys(spec.sections).indexOf(name));
  const notes = [
    ...compNotes(perf, stream(STREAM.comp)),
    ...bassNotes(perf, stream(STREAM.bass)),
    ...melodyNotes(perf, sectionRng, stream(STREAM.melodyTiming)),
    ...padNotes(perf, stream(STREAM.pad)),
  ];
  const hits = drumHits(perf, stream(STREAM.drums));
  return { name: spec.name, notes, hits, spans, seconds };
}

/** Generates song `which` (a spec, or an index into the built-in SONGS). */
export function generateSong(which: SongSpec | number, options: SynthOptions = {}): GeneratedSong {
  const arrangement = arrange(which, options);
  const { notes, hits, spans, seconds } = eventsOf(arrangement);
  const { sampleRate, stream, spec } = arrangement;
  const nSamples = Math.round(seconds * sampleRate);
  const samples = renderMix({ notes, hits, nSamples, sampleRate }, stream(STREAM.mix));
  return { name: spec.name, samples, sampleRate, spans };
}

/** FNV-1a of the song name: a stable stream offset per song, independent of corpus order. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return (h % 1_000_000) * 1000;
}

/**
 * A song's notes as a Standard MIDI File (format 0), so a sample-based synthesizer (fluidsynth
 * with a General MIDI SoundFont: scripts/make-generalization-corpora.sh) can play the same chords
 * at the same times with timbres independent of the built-in oscillators.
 *
 * Time: 960 ticks per second (division 480 ticks per quarter note at a fixed 120 bpm), so a note
 * at t seconds starts at tick round(960 t): the .lab times and the MIDI agree to about 1 ms.
 * Each of the generator's instruments gets its own channel with a General MIDI program drawn per
 * song (`drawPrograms`); drums go to channel 10 (GM kick 36, snare 38, closed hat 42). Pitches are
 * rounded to the nearest semitone (the renderer's detuning is dropped); velocity is 30 + 90·gain.
 */
import { createRng } from "../util/random.js";
import type { SongEvents } from "./generateSong.js";
import type { DrumName, InstrumentName } from "./types.js";

export const TICKS_PER_SECOND = 960;
const TICKS_PER_QUARTER = 480;
const MICROSECONDS_PER_QUARTER = 500_000;

/** The generator's instruments in channel order (channel 10, index 9, is the drums'). */
const CHANNELS: InstrumentName[] = ["piano", "guitar", "organ", "bass", "lead", "brass"];

/** General MIDI programs (0-based) each instrument may become. */
export const GM_CHOICES: Record<InstrumentName, number[]> = {
  piano: [0, 1, 2, 4, 5, 6, 7], // grand, bright, electric grand, e-pianos, harpsichord, clavinet
  guitar: [24, 25, 26, 27, 28], // nylon, steel, jazz, clean, muted
  organ: [16, 17, 18, 19, 21], // drawbar, percussive, rock, church, accordion
  bass: [32, 33, 34, 35, 38, 39], // acoustic, finger, pick, fretless, synth basses
  lead: [40, 56, 65, 68, 71, 73, 80, 81], // violin, trumpet, alto sax, oboe, clarinet, flute, square, saw
  brass: [48, 49, 52, 61, 89, 91], // strings, slow strings, choir, brass section, warm pad, choir pad
};

const DRUM_NOTES: Record<DrumName, number> = { kick: 36, snare: 38, hat: 42 };

export type ProgramMap = Record<InstrumentName, number>;

/** One GM program per instrument, drawn from `seed` and the song name's stream. */
export function drawPrograms(seed: number, stream: number): ProgramMap {
  const rng = createRng(seed, 8_000_000 + stream);
  const out = {} as ProgramMap;
  for (const name of CHANNELS) out[name] = GM_CHOICES[name][rng.int(GM_CHOICES[name].length)];
  return out;
}

interface MidiEvent {
  tick: number;
  /** Note-offs before note-ons at the same tick, then by channel and pitch: a stable byte order. */
  order: number;
  bytes: number[];
}

/** The Standard MIDI File bytes of `events` with `programs`. */
export function encodeMidi(events: Pick<SongEvents, "notes" | "hits" | "seconds">, programs: ProgramMap): Uint8Array {
  const list: MidiEvent[] = [];
  CHANNELS.forEach((name, channel) => list.push({ tick: 0, order: -1, bytes: [0xc0 | channel, programs[name]] }));
  for (const n of events.notes) {
    const channel = CHANNELS.indexOf(n.instrument);
    const pitch = clamp(Math.round(n.midi), 0, 127);
    const on = Math.round(n.startSec * TICKS_PER_SECOND);
    const off = Math.max(on + 1, Math.round((n.startSec + n.durationSec) * TICKS_PER_SECOND));
    list.push({ tick: on, order: 1000 + channel * 128 + pitch, bytes: [0x90 | channel, pitch, velocity(n.gain)] });
    list.push({ tick: off, order: channel * 128 + pitch, bytes: [0x80 | channel, pitch, 0] });
  }
  for (const h of events.hits) {
    const note = DRUM_NOTES[h.drum];
    const on = Math.round(h.startSec * TICKS_PER_SECOND);
    list.push({ tick: on, order: 1000 + 9 * 128 + note, bytes: [0x99, note, velocity(h.gain)] });
    list.push({ tick: on + TICKS_PER_SECOND / 10, order: 9 * 128 + note, bytes: [0x89, note, 0] });
  }
  list.sort((a, b) => a.tick - b.tick || a.order - b.order);

  const track: number[] = [];
  track.push(0, 0xff, 0x51, 0x03, ...bigEndian(MICROSECONDS_PER_QUARTER, 3));
  let last = 0;
  for (const e of list) {
    track.push(...varLen(e.tick - last), ...e.bytes);
    last = e.tick;
  }
  // End of track at the song's end, so the rendered audio lasts as long as the .lab.
  const end = Math.max(last, Math.round(events.seconds * TICKS_PER_SECOND));
  track.push(...varLen(end - last), 0xff, 0x2f, 0x00);

  const header = [0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, ...bigEndian(TICKS_PER_QUARTER, 2)];
  const trackHeader = [0x4d, 0x54, 0x72, 0x6b, ...bigEndian(track.length, 4)];
  return Uint8Array.from([...header, ...trackHeader, ...track]);
}

function velocity(gain: number): number {
  return clamp(Math.round(30 + 90 * gain), 1, 127);
}

/** MIDI variable-length quantity: 7 bits per byte, most significant first, high bit = more. */
export function varLen(value: number): number[] {
  if (!Number.isInteger(value) || value < 0 || value > 0x0fffffff) throw new RangeError(`midi: delta ${value} out of range`);
  const out = [value & 0x7f];
  for (let v = value >>> 7; v > 0; v >>>= 7) out.unshift((v & 0x7f) | 0x80);
  return out;
}

function bigEndian(value: number, bytes: number): number[] {
  const out: number[] = [];
  for (let i = bytes - 1; i >= 0; i--) out.push((value >>> (8 * i)) & 0xff);
  return out;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

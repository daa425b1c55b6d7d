/**
 * Types of the built-in synthetic corpus: song plans (what is played), note events (how it is
 * played) and the generated result (samples + chord spans).
 *
 * Times inside a plan are in beats (4 beats per bar); a seeded, slightly drifting beat clock
 * turns them into seconds, so the labels and the audio are placed by the same clock.
 */

/** The instruments the renderer knows (each a wavetable + envelope, see instruments.ts). */
export type InstrumentName = "piano" | "guitar" | "organ" | "bass" | "lead" | "brass";

/** The parts a section can switch on. */
export type PartName = "comp" | "bass" | "melody" | "drums" | "pad";

export interface SectionSpec {
  /**
   * Lead-sheet chords: bars separated by `|`, chord slots by spaces; a bar's slots share its 4
   * beats equally (1, 2 or 4 slots). `-` holds the previous chord (also across bars), `N` is no
   * chord (drums only). Labels are Harte syntax as written to the .lab file.
   */
  chords: string;
  parts: PartName[];
  /** Who plays the melody here, when not the song's melody instrument (e.g. the pianist's right hand). */
  melodyInstrument?: InstrumentName;
}

export interface SongStyle {
  /** How the chord instrument plays each chord. */
  comp: "block" | "offbeat" | "strum" | "staccato";
  compInstrument: InstrumentName;
  bass: "half" | "rootFifth" | "walking" | "quarters";
  drums: "backbeat" | "ska" | "march";
  melodyInstrument: InstrumentName;
  padInstrument: InstrumentName;
  /** Melody range (MIDI), low to high. */
  melodyRange: [number, number];
}

export interface SongSpec {
  /** File name without extension, e.g. "ballad_in_c". */
  name: string;
  /** Tonic pitch class (0 = C); the melody uses this major scale. */
  keyPc: number;
  tempoBpm: number;
  /** Length when the options give none: that of the song it stands in for, so the corpus has the study's number of 150-frame segments. */
  durationSec: number;
  sections: Record<string, SectionSpec>;
  /** Section names in playing order; the first is the intro, repeated from `form[1]` when longer. */
  form: string[];
  /** Section always played last (its chords end the song before the trailing N). */
  ending: string;
  style: SongStyle;
}

/** One labelled time span of the generated song (Isophonics .lab line). */
export interface LabSpan {
  startSec: number;
  endSec: number;
  /** Harte label, "N" for no chord. */
  label: string;
}

/** A chord of the plan, in beats from the first downbeat. */
export interface ChordEvent {
  startBeat: number;
  beats: number;
  label: string;
  /** Index into the plan's sections (the instance, not the spec), for parts and melody. */
  section: number;
}

/** One played section: which spec, and where it starts. */
export interface SectionInstance {
  name: string;
  spec: SectionSpec;
  startBeat: number;
  beats: number;
}

/** A note to render. `midi` may be fractional (detuning in cents / 100). */
export interface NoteEvent {
  startSec: number;
  durationSec: number;
  midi: number;
  gain: number;
  instrument: InstrumentName;
}

export type DrumName = "kick" | "snare" | "hat";

export interface DrumHit {
  startSec: number;
  gain: number;
  drum: DrumName;
}

export interface SynthOptions {
  /** Song length in seconds, leading and trailing N included. @default the song's own `durationSec` (183–243 s) */
  seconds?: number;
  /** Seed of every random choice (voicings, melody, timing, noise). @default 0 */
  seed?: number;
  /** @default 22050 */
  sampleRate?: number;
}

export interface GeneratedSong {
  name: string;
  /** Mono samples in [-1, 1]. */
  samples: Float32Array;
  sampleRate: number;
  /** Gap-free spans from 0 to the end, times rounded to microseconds (as in the .lab file). */
  spans: LabSpan[];
}

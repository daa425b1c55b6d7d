/**
 * Note rendering by wavetable lookup with a phase accumulator (linear interpolation), and an
 * attack / exponential decay / linear release envelope updated incrementally — no Math.sin or
 * Math.exp per sample, so minutes of audio render in well under a second.
 */
import { WAVETABLE_SIZE, type Instrument } from "./instruments.js";
import type { NoteEvent } from "./types.js";

/** Vibrato rate; a fixed ~5 Hz like a singer's. */
const VIBRATO_HZ = 5.2;

export function midiToHz(midi: number): number {
  return 440 * Math.pow(2, (midi - 69) / 12);
}

/** Oscillator state carried from one envelope segment to the next. */
interface Voice {
  out: Float32Array;
  table: Float32Array;
  phase: number;
  inc: number;
  /** Vibrato rotor (cos, sin of the LFO phase) and its per-sample rotation; depth 0 = none. */
  lfoX: number;
  lfoY: number;
  lfoC: number;
  lfoS: number;
  depth: number;
}

/** Adds one note into `out` (samples past the end are dropped). */
export function renderNote(out: Float32Array, note: NoteEvent, instrument: Instrument, table: Float32Array, sampleRate: number): void {
  const start = Math.max(0, Math.round(note.startSec * sampleRate));
  const noteEnd = Math.min(out.length, Math.round((note.startSec + note.durationSec) * sampleRate));
  const release = Math.max(1, Math.round(instrument.releaseSec * sampleRate));
  if (noteEnd <= start) return;
  const w = (2 * Math.PI * VIBRATO_HZ) / sampleRate;
  const voice: Voice = {
    out,
    table,
    phase: 0,
    inc: (midiToHz(note.midi) * WAVETABLE_SIZE) / sampleRate,
    lfoX: 1,
    lfoY: 0,
    lfoC: Math.cos(w),
    lfoS: Math.sin(w),
    depth: (instrument.vibratoCents / 1200) * Math.LN2, // 2^(c/1200) ≈ 1 + c·ln2/1200 for small c
  };
  const amp = note.gain * instrument.gain;
  const attack = Math.max(1, Math.round(instrument.attackSec * sampleRate));
  const attackEnd = Math.min(noteEnd, start + attack);
  // Attack: linear ramp 0 → 1 (cut short when the note is shorter than the attack).
  run(voice, start, attackEnd, 0, amp / attack);
  // Decay: env = sus + (1 − sus)·e^(−t/τ), i.e. (env − sus) shrinks by a constant factor.
  const sus = instrument.sustain;
  const factor = Math.exp(-1 / (instrument.decaySec * sampleRate));
  const excess = runDecay(voice, attackEnd, noteEnd, amp, sus, factor);
  // Release: linear ramp from the level reached to 0.
  const level = attackEnd - start < attack ? (amp * (attackEnd - start)) / attack : amp * (sus + (1 - sus) * excess);
  const end = Math.min(out.length, noteEnd + release);
  run(voice, noteEnd, end, level, -level / release);
}

/** Adds samples [from, to) with a linear envelope env(i) = level + slope·(i − from). */
function run(v: Voice, from: number, to: number, level: number, slope: number): void {
  const { out, table } = v;
  let env = level;
  for (let i = from; i < to; i++) {
    const idx = v.phase | 0;
    const frac = v.phase - idx;
    out[i] += env * (table[idx] + frac * (table[idx + 1] - table[idx]));
    env += slope;
    advance(v);
  }
}

/** Decay segment; returns the remaining (env − sus)/(1 − sus) at its end. */
function runDecay(v: Voice, from: number, to: number, amp: number, sus: number, factor: number): number {
  const { out, table } = v;
  let excess = 1;
  const base = amp * sus;
  const span = amp * (1 - sus);
  for (let i = from; i < to; i++) {
    const idx = v.phase | 0;
    const frac = v.phase - idx;
    out[i] += (base + span * excess) * (table[idx] + frac * (table[idx + 1] - table[idx]));
    excess *= factor;
    advance(v);
  }
  return excess;
}

/**
 * Phase step, with vibrato as a frequency factor 1 + depth·sin(ωt); sin(ωt) comes from a unit
 * vector rotated by ω each sample (two multiply-adds instead of a Math.sin).
 */
function advance(v: Voice): void {
  let inc = v.inc;
  if (v.depth !== 0) {
    const x = v.lfoX * v.lfoC - v.lfoY * v.lfoS;
    v.lfoY = v.lfoX * v.lfoS + v.lfoY * v.lfoC;
    v.lfoX = x;
    inc *= 1 + v.depth * v.lfoY;
  }
  v.phase += inc;
  if (v.phase >= WAVETABLE_SIZE) v.phase -= WAVETABLE_SIZE;
}

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

/** Adds one note into `out` (samples past the end are dropped). */
export function renderNote(out: Float32Array, note: NoteEvent, instrument: Instrument, table: Float32Array, sampleRate: number): void {
  const start = Math.max(0, Math.round(note.startSec * sampleRate));
  const noteEnd = Math.round((note.startSec + note.durationSec) * sampleRate);
  const release = Math.max(1, Math.round(instrument.releaseSec * sampleRate));
  const end = Math.min(out.length, noteEnd + release);
  if (end <= start) return;
  const attack = Math.max(1, Math.round(instrument.attackSec * sampleRate));
  const decayFactor = Math.exp(-1 / (instrument.decaySec * sampleRate));
  const baseInc = (midiToHz(note.midi) * WAVETABLE_SIZE) / sampleRate;
  const amp = note.gain * instrument.gain;
  const vib = vibratoRotor(instrument.vibratoCents, sampleRate);
  const sus = instrument.sustain;
  let phase = 0;
  let decay = 1; // (env − sustain)/(1 − sustain) after the attack
  let env = 0;
  let releaseStep = 0;
  for (let i = start; i < end; i++) {
    const t = i - start;
    if (i < noteEnd) {
      if (t < attack) env = t / attack;
      else {
        env = sus + (1 - sus) * decay;
        decay *= decayFactor;
      }
      releaseStep = env / release;
    } else env = Math.max(0, env - releaseStep);
    const idx = phase | 0;
    const frac = phase - idx;
    out[i] += amp * env * (table[idx] + frac * (table[idx + 1] - table[idx]));
    phase += baseInc * vib.step();
    if (phase >= WAVETABLE_SIZE) phase -= WAVETABLE_SIZE;
  }
}

/**
 * Frequency multiplier 2^(depth·sin(ωt)/1200), with sin(ωt) from a rotating unit vector
 * (two multiply-adds per sample) and the power linearised (depth ≤ a few tens of cents).
 */
function vibratoRotor(cents: number, sampleRate: number): { step(): number } {
  if (cents === 0) return { step: () => 1 };
  const w = (2 * Math.PI * VIBRATO_HZ) / sampleRate;
  const c = Math.cos(w);
  const s = Math.sin(w);
  const depth = (cents / 1200) * Math.LN2;
  let x = 1;
  let y = 0;
  return {
    step() {
      const nx = x * c - y * s;
      y = x * s + y * c;
      x = nx;
      return 1 + depth * y;
    },
  };
}

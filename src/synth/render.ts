/**
 * Mixing: every note and drum hit into one buffer, a short room echo, normalisation to a fixed
 * peak, then a faint noise floor (tape/room hiss, which log compression makes visible in the
 * chroma of quiet passages and of the N intro/outro).
 */
import type { Rng } from "../util/random.js";
import { renderDrum } from "./drumSounds.js";
import { buildWavetable, INSTRUMENTS } from "./instruments.js";
import { renderNote } from "./oscillator.js";
import type { DrumHit, InstrumentName, NoteEvent } from "./types.js";

export interface MixInput {
  notes: NoteEvent[];
  hits: DrumHit[];
  nSamples: number;
  sampleRate: number;
  /** Peak of the music after normalisation. @default 0.8 */
  peak?: number;
  /** Std. dev. of the added noise floor. @default 0.002 */
  noiseLevel?: number;
}

export function renderMix(input: MixInput, rng: Rng): Float32Array {
  const { nSamples, sampleRate, peak = 0.8, noiseLevel = 0.002 } = input;
  const out = new Float32Array(nSamples);
  const tables = new Map<InstrumentName, Float32Array>();
  for (const note of input.notes) {
    const instrument = INSTRUMENTS[note.instrument];
    let table = tables.get(note.instrument);
    if (!table) tables.set(note.instrument, (table = buildWavetable(instrument.partials)));
    renderNote(out, note, instrument, table, sampleRate);
  }
  for (const hit of input.hits) renderDrum(out, hit, sampleRate, rng);
  addEcho(out, sampleRate);
  normalisePeak(out, peak);
  // Uniform noise scaled to the requested std. dev. (√12 · σ wide).
  const width = noiseLevel * Math.sqrt(12);
  for (let i = 0; i < nSamples; i++) out[i] += width * (rng.next() - 0.5);
  return out;
}

/**
 * Three feedback delays (a crude room; the longest one since generator version 2): notes ring into
 * the next chord for a fraction of a second, blurring chord boundaries the way reverberation
 * does in recordings.
 */
function addEcho(out: Float32Array, sampleRate: number): void {
  for (const [delaySec, feedback] of [[0.0297, 0.35], [0.0731, 0.3], [0.1137, 0.25]] as const) {
    const d = Math.round(delaySec * sampleRate);
    for (let i = d; i < out.length; i++) out[i] += feedback * out[i - d];
  }
}

function normalisePeak(out: Float32Array, peak: number): void {
  let max = 0;
  for (let i = 0; i < out.length; i++) max = Math.max(max, Math.abs(out[i]));
  if (max === 0) return;
  const scale = peak / max;
  for (let i = 0; i < out.length; i++) out[i] *= scale;
}

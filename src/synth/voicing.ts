/**
 * Voicings: which octaves a chord's pitch classes are played in. Players move each voice as
 * little as possible between chords, so a chord is often heard in an inversion with its root
 * not lowest; the chroma of a chord then depends on its voicing and on the overtones of the
 * particular notes, which is one reason template matching is imperfect on real audio.
 */
import type { Rng } from "../util/random.js";
import type { ChordTones } from "./harmony.js";

export interface VoicingRange {
  low: number;
  high: number;
}

/** Candidate voicings: every rotation of the chord tones in close and in open (drop-2) position. */
function candidates(pcs: readonly number[], range: VoicingRange): number[][] {
  const out: number[][] = [];
  for (let rot = 0; rot < pcs.length; rot++) {
    const order = [...pcs.slice(rot), ...pcs.slice(0, rot)];
    for (let base = range.low; base < range.low + 12; base++) {
      if (((base % 12) + 12) % 12 !== order[0]) continue;
      const close = stackUp(order, base);
      out.push(close);
      if (close.length >= 3) out.push(dropTwo(close));
    }
  }
  return out.filter((v) => v[0] >= range.low && v[v.length - 1] <= range.high);
}

/** Each next pitch class placed in the first octave above the previous note. */
function stackUp(order: readonly number[], base: number): number[] {
  const notes = [base];
  for (let i = 1; i < order.length; i++) {
    let n = notes[i - 1] + 1;
    while (((n % 12) + 12) % 12 !== order[i]) n++;
    notes.push(n);
  }
  return notes;
}

/** Second-highest voice down an octave: a wider, guitar/piano-like spread. */
function dropTwo(close: readonly number[]): number[] {
  const v = [...close];
  v[v.length - 2] -= 12;
  return v.sort((a, b) => a - b);
}

/** The pitch classes to voice: 5-note chords lose their fifth, 4-note ones sometimes. */
function tonesToPlay(tones: ChordTones, rng: Rng): number[] {
  const pcs = [...tones.pcs];
  const fifth = pcs[2];
  if (pcs.length >= 5 || (pcs.length === 4 && rng.next() < 0.3)) pcs.splice(2, 1);
  if (pcs.length === 2) pcs.push(fifth);
  return pcs;
}

/**
 * A voicing near the previous one (smallest total voice movement, with a little randomness so
 * repeated progressions are not voiced identically every time).
 */
export function voiceChord(tones: ChordTones, previous: readonly number[] | undefined, rng: Rng, range: VoicingRange): number[] {
  const options = candidates(tonesToPlay(tones, rng), range);
  if (options.length === 0) throw new Error(`synth: no voicing of [${tones.pcs}] in ${range.low}..${range.high}`);
  const centre = (range.low + range.high) / 2;
  let best = options[0];
  let bestScore = Infinity;
  for (const v of options) {
    const score = (previous ? movement(previous, v) : Math.abs(mean(v) - centre)) + 3 * rng.next();
    if (score < bestScore) {
      best = v;
      bestScore = score;
    }
  }
  return best;
}

/** Sum over the new voices of the distance to the nearest previous voice. */
function movement(previous: readonly number[], next: readonly number[]): number {
  let total = 0;
  for (const n of next) {
    let nearest = Infinity;
    for (const p of previous) nearest = Math.min(nearest, Math.abs(n - p));
    total += nearest;
  }
  return total + Math.abs(mean(previous) - mean(next));
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** The octave of `pc` within [low, high] nearest to the previous bass note (or the middle). */
export function nearestNote(pc: number, previous: number | undefined, range: VoicingRange): number {
  const target = previous ?? (range.low + range.high) / 2;
  let best = range.low;
  for (let n = range.low; n <= range.high; n++) {
    if (((n % 12) + 12) % 12 !== pc) continue;
    if (best % 12 !== pc || Math.abs(n - target) < Math.abs(best - target)) best = n;
  }
  return best;
}

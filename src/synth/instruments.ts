/**
 * Instrument timbres: harmonic partial amplitudes (one wavetable each) and an envelope.
 *
 * The partials matter for chroma: the 3rd partial sounds the fifth and the 5th the major third
 * (two octaves up) of every note, so a minor chord's root adds a major-third component and a
 * bass note smears energy into its fifth — the overtone confusions of real instruments.
 * Generator version 2 gave every instrument the slow roll-off of real spectra (8–12 partials,
 * the 7th (minor seventh) and 9th (major second) audible, a voice-like lead whose 2nd–3rd
 * partials outweigh its fundamental), and a louder lead and bass: version 1's steep spectra made
 * chroma frames close to the binary triad templates, which hid the minor-chord collapse that
 * weak-label training shows on real recordings (issue 12).
 */
import type { InstrumentName } from "./types.js";

export interface Instrument {
  /** Amplitude of harmonic k+1 (k = 0: the fundamental). */
  partials: number[];
  attackSec: number;
  /** Time constant of the exponential decay towards `sustain` after the attack. */
  decaySec: number;
  /** Level the decay settles at (0..1). */
  sustain: number;
  releaseSec: number;
  /** Loudness relative to the other instruments. */
  gain: number;
  /** Vibrato depth in cents (0 = none), at about 5 Hz. */
  vibratoCents: number;
}

export const INSTRUMENTS: Record<InstrumentName, Instrument> = {
  piano: {
    partials: [1, 0.5, 0.35, 0.22, 0.2, 0.1, 0.1, 0.05, 0.05, 0.03],
    attackSec: 0.004,
    decaySec: 0.9,
    sustain: 0.05,
    releaseSec: 0.12,
    gain: 0.5,
    vibratoCents: 0,
  },
  guitar: {
    partials: [1, 0.7, 0.5, 0.35, 0.3, 0.18, 0.16, 0.1, 0.08, 0.06],
    attackSec: 0.003,
    decaySec: 0.6,
    sustain: 0.08,
    releaseSec: 0.08,
    gain: 0.45,
    vibratoCents: 0,
  },
  organ: {
    partials: [1, 0.6, 0.4, 0.4, 0.15, 0.2, 0.06, 0.15],
    attackSec: 0.06,
    decaySec: 2,
    sustain: 0.8,
    releaseSec: 0.2,
    gain: 0.22,
    vibratoCents: 0,
  },
  bass: {
    partials: [1, 0.65, 0.4, 0.25, 0.15, 0.1, 0.06],
    attackSec: 0.008,
    decaySec: 0.7,
    sustain: 0.3,
    releaseSec: 0.06,
    gain: 0.8,
    vibratoCents: 0,
  },
  lead: {
    partials: [1, 0.8, 0.6, 0.35, 0.25, 0.15, 0.1, 0.06],
    attackSec: 0.04,
    decaySec: 1.5,
    sustain: 0.75,
    releaseSec: 0.1,
    gain: 0.42,
    vibratoCents: 15,
  },
  brass: {
    partials: [1, 0.85, 0.7, 0.55, 0.4, 0.3, 0.2, 0.14, 0.1, 0.06],
    attackSec: 0.03,
    decaySec: 1,
    sustain: 0.6,
    releaseSec: 0.08,
    gain: 0.25,
    vibratoCents: 6,
  },
};

export const WAVETABLE_SIZE = 4096;

/**
 * One period of the sum of partials, with a guard sample (table[size] = table[0]) so linear
 * interpolation never wraps. Fixed phases (k·1.3 rad) avoid the peaky waveform of all-zero phases.
 */
export function buildWavetable(partials: readonly number[], size = WAVETABLE_SIZE): Float32Array {
  const table = new Float32Array(size + 1);
  for (let i = 0; i < size; i++) {
    let v = 0;
    for (let k = 0; k < partials.length; k++) {
      v += partials[k] * Math.sin((2 * Math.PI * (k + 1) * i) / size + 1.3 * k);
    }
    table[i] = v;
  }
  table[size] = table[0];
  return table;
}

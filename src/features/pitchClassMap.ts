/**
 * Which FFT bin feeds which pitch class. Bin k of an N-point DFT at sample rate sr has centre
 * frequency f_k = k·sr/N; its MIDI pitch is p(k) = round(12·log2(f_k/440) + 69) (A4 = MIDI 69 =
 * 440 Hz, equal temperament, libfmp `compute_spec_log_freq`'s pooling); bins with p in
 * [minMidi, maxMidi] go to pitch class p mod 12 (0 = C), all others are dropped.
 *
 * Because p(k) is non-decreasing in k, the kept bins form one contiguous range
 * [firstBin, firstBin + pitchClass.length), so the hot loop touches no other bin.
 */
export interface PitchClassMap {
  /** First kept bin. */
  firstBin: number;
  /** Pitch class (0..11) of bins firstBin, firstBin+1, …; empty when no bin is in range. */
  pitchClass: Uint8Array;
}

export interface PitchClassMapOptions {
  windowLength: number;
  sampleRate: number;
  minMidi: number;
  maxMidi: number;
}

export function midiOfBin(bin: number, windowLength: number, sampleRate: number): number {
  const freqHz = (bin * sampleRate) / windowLength;
  return Math.round(12 * Math.log2(freqHz / 440) + 69);
}

export function pitchClassMap(opts: PitchClassMapOptions): PitchClassMap {
  const nyquistBin = opts.windowLength / 2;
  let firstBin = -1;
  let lastBin = -1;
  // Bin 0 (DC, −∞ MIDI) never qualifies.
  for (let k = 1; k <= nyquistBin; k++) {
    const midi = midiOfBin(k, opts.windowLength, opts.sampleRate);
    if (midi < opts.minMidi) continue;
    if (midi > opts.maxMidi) break;
    if (firstBin < 0) firstBin = k;
    lastBin = k;
  }
  if (firstBin < 0) return { firstBin: 0, pitchClass: new Uint8Array(0) };
  const pitchClass = new Uint8Array(lastBin - firstBin + 1);
  for (let k = firstBin; k <= lastBin; k++) {
    pitchClass[k - firstBin] = midiOfBin(k, opts.windowLength, opts.sampleRate) % 12;
  }
  return { firstBin, pitchClass };
}

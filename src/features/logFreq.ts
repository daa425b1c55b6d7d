/**
 * Log-frequency spectrogram: the context network's second input (model.context.input: logfreq;
 * docs/context-model.md, "Input"). Same framing as the chroma (framing.ts: frame n centred on
 * sample n·hopLength, 1 + ⌊samples/hopLength⌋ frames), so frame labels and segments are the
 * chroma's; its own FFT length (`windowLength`, default 8192: at 22050 Hz the FFT bins are then
 * 2.7 Hz apart, a third of a semitone at ~140 Hz).
 *
 * Per frame: Hann window → fft.js → power |X_j|² (unnormalised DFT, as the chroma) → the chroma's
 * log compression log(1 + η·|X_j|²) → log-frequency bin b is the weighted mean of the compressed
 * FFT bins under a triangle in pitch:
 *
 *   centre  c_b = minMidi + (b − ⌊B/2⌋)/B   (B = binsPerSemitone; b = 0 … (maxMidi−minMidi+1)·B − 1,
 *                                              so MIDI m owns bins centred on m + (i − ⌊B/2⌋)/B)
 *   pitch   p_j = 12·log2(f_j/440) + 69, f_j = j·sampleRate/windowLength
 *   weight  w_b(j) ∝ max(0, 1 − |p_j − c_b|/h_b), Σ_j w_b(j) = 1
 *   width   h_b = max(1/B, the FFT's bin spacing in semitones at c_b)
 *
 * Where the FFT is finer than 1/B semitone the triangles reach the neighbouring centres (an
 * average); where it is coarser (low pitches) they widen to the FFT's spacing, which is a linear
 * interpolation between the two nearest FFT bins — never an empty bin. Then each frame is
 * normalised over its bins like the chroma (features.normalization, features.normFloor).
 */
import FFT from "fft.js";
import type { FeatureConfig, LogFreqConfig } from "../config/schema.js";
import { InputError } from "../errors.js";
import { fillFrame, frameCount, hannWindow, isPowerOfTwo } from "./framing.js";
import { normalizeFrames } from "./normalizeFrames.js";
import type { Chroma } from "./types.js";

export type { LogFreqConfig };

/** A log-frequency spectrogram: `bins` values per frame, row-major [frames][bins]. */
export interface LogFreqSpectrogram extends Chroma {
  bins: number;
}

/** Sparse rows of the filter bank: row b weighs FFT bins start[b] … start[b] + weights[b].length − 1. */
export interface LogFreqFilterbank {
  bins: number;
  /** Centre pitch (fractional MIDI) of each bin. */
  centres: Float64Array;
  start: Int32Array;
  weights: Float64Array[];
}

/** Number of log-frequency bins per frame. */
export function logFreqBins(cfg: Pick<LogFreqConfig, "binsPerSemitone" | "minMidi" | "maxMidi">): number {
  return (cfg.maxMidi - cfg.minMidi + 1) * cfg.binsPerSemitone;
}

/** Centre pitch of bin b (fractional MIDI). */
export function logFreqCentre(cfg: Pick<LogFreqConfig, "binsPerSemitone" | "minMidi">, b: number): number {
  const B = cfg.binsPerSemitone;
  return cfg.minMidi + (b - Math.floor(B / 2)) / B;
}

/** Settings that depend on each other or on the sample rate (one line, InputError). */
export function checkLogFreqConfig(cfg: LogFreqConfig, sampleRate: number): void {
  if (!isPowerOfTwo(cfg.windowLength)) {
    throw new InputError(`model.context.logfreq.windowLength must be a power of two (the FFT needs it), got ${cfg.windowLength}`);
  }
  if (cfg.minMidi > cfg.maxMidi) {
    throw new InputError(`model.context.logfreq.minMidi (${cfg.minMidi}) must not exceed maxMidi (${cfg.maxMidi})`);
  }
  const topHz = 440 * 2 ** ((logFreqCentre(cfg, logFreqBins(cfg) - 1) - 69) / 12);
  if (topHz >= sampleRate / 2) {
    throw new InputError(`model.context.logfreq.maxMidi ${cfg.maxMidi} (${topHz.toFixed(0)} Hz) is above the Nyquist frequency of ${sampleRate} Hz audio`);
  }
}

export function logFreqFilterbank(cfg: LogFreqConfig, sampleRate: number): LogFreqFilterbank {
  const B = cfg.binsPerSemitone;
  const N = cfg.windowLength;
  const bins = logFreqBins(cfg);
  const binHz = sampleRate / N;
  const pitchOf = (j: number) => 12 * Math.log2((j * binHz) / 440) + 69;
  const centres = new Float64Array(bins);
  const start = new Int32Array(bins);
  const weights: Float64Array[] = [];
  for (let b = 0; b < bins; b++) {
    const c = logFreqCentre(cfg, b);
    const f = 440 * 2 ** ((c - 69) / 12);
    const h = Math.max(1 / B, 12 * Math.log2((f + binHz) / f));
    // FFT bins whose pitch lies in (c − h, c + h)
    const lo = Math.max(1, Math.ceil((440 * 2 ** ((c - h - 69) / 12)) / binHz));
    const hi = Math.min(N / 2, Math.floor((440 * 2 ** ((c + h - 69) / 12)) / binHz));
    const row: number[] = [];
    for (let j = lo; j <= hi; j++) row.push(Math.max(0, 1 - Math.abs(pitchOf(j) - c) / h));
    const total = row.reduce((a, w) => a + w, 0);
    if (!(total > 0)) throw new Error(`log-frequency bin ${b} (MIDI ${c.toFixed(2)}) has no FFT bin`);
    centres[b] = c;
    start[b] = lo;
    weights.push(Float64Array.from(row, (w) => w / total));
  }
  return { bins, centres, start, weights };
}

/**
 * The log-frequency spectrogram of mono `samples` at `sampleRate` Hz (frames as computeChroma's),
 * with features.hopLength, logCompression, normalization and normFloor.
 */
export function logFreqSpectrogram(
  samples: Float32Array,
  sampleRate: number,
  features: Pick<FeatureConfig, "hopLength" | "logCompression" | "normalization" | "normFloor">,
  cfg: LogFreqConfig,
): LogFreqSpectrogram {
  checkLogFreqConfig(cfg, sampleRate);
  const N = cfg.windowLength;
  const bank = logFreqFilterbank(cfg, sampleRate);
  const { bins } = bank;
  const nFrames = frameCount(samples.length, features.hopLength);
  const data = new Float32Array(nFrames * bins);
  const window = hannWindow(N);
  const fft = new FFT(N);
  const first = bank.start[0];
  const last = bank.start[bins - 1] + bank.weights[bins - 1].length - 1;
  const packed = new Float64Array(2 * N);
  const spectrum = new Float64Array(2 * N);
  const compressed = [new Float64Array(last + 1), new Float64Array(last + 1)];
  const eta = features.logCompression;
  const compress = (p: number) => (eta > 0 ? Math.log1p(eta * p) : p);
  for (let n = 0; n < nFrames; n += 2) {
    // two real frames per complex FFT, split as in stftChroma.ts (poolFramePair)
    const hasSecond = n + 1 < nFrames;
    fillFrame(samples, n * features.hopLength, window, packed, 0, 2);
    if (hasSecond) fillFrame(samples, (n + 1) * features.hopLength, window, packed, 1, 2);
    else for (let i = 1; i < packed.length; i += 2) packed[i] = 0;
    fft.transform(spectrum, packed);
    for (let k = first; k <= last; k++) {
      const zr = spectrum[2 * k];
      const zi = spectrum[2 * k + 1];
      const cr = spectrum[2 * ((N - k) % N)];
      const ci = spectrum[2 * ((N - k) % N) + 1];
      compressed[0][k] = compress(0.25 * ((zr + cr) * (zr + cr) + (zi - ci) * (zi - ci)));
      compressed[1][k] = compress(0.25 * ((zr - cr) * (zr - cr) + (zi + ci) * (zi + ci)));
    }
    for (let m = 0; m < (hasSecond ? 2 : 1); m++) {
      const row = (n + m) * bins;
      const power = compressed[m];
      for (let b = 0; b < bins; b++) {
        const w = bank.weights[b];
        const s = bank.start[b];
        let sum = 0;
        for (let i = 0; i < w.length; i++) sum += w[i] * power[s + i];
        data[row + b] = sum;
      }
    }
  }
  normalizeFrames(data, features.normalization, features.normFloor, bins);
  return { data, nFrames, frameRateHz: sampleRate / features.hopLength, bins };
}

/**
 * Frames [frames][bins] shifted up by `semitones` (negative: down), `binsPerSemitone` bins a
 * semitone, zeros entering at the edge (not circular: a pitch does not wrap round to the other end).
 */
export function shiftLogFreq(
  data: Float32Array,
  bins: number,
  shiftBins: number,
  out: Float32Array = new Float32Array(data.length),
): Float32Array {
  for (let t = 0; t < data.length; t += bins) {
    for (let b = 0; b < bins; b++) {
      const from = b - shiftBins;
      out[t + b] = from >= 0 && from < bins ? data[t + from] : 0;
    }
  }
  return out;
}

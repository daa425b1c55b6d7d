/**
 * No-chord from the signal: a generated recording with digital silence before and a faint noise
 * floor after a C-major triad gets N exactly where the planted silence is; decoding keeps N
 * frames N and smooths the chord stretches on either side independently.
 */
import { describe, expect, it } from "vitest";
import { NO_CHORD, NUM_CHORDS } from "../../src/annotations/chordClasses.js";
import { FeatureSchema } from "../../src/config/schema.js";
import { computeChroma } from "../../src/features/chroma.js";
import { frameEnergyDb } from "../../src/features/energy.js";
import { chordStretches, decodeChords } from "../../src/predict/chords.js";
import { framesToSegments } from "../../src/annotations/segments.js";
import { noChordMask } from "../../src/predict/noChord.js";
import { createRng } from "../../src/util/random.js";

const rate = 22050;
const features = FeatureSchema.parse({});

/** 1 s of zeros, 3 s of a C-E-G triad (amplitude 0.2 each), 2 s of noise at −48 dB re the triad (RMS 1e-3 against 0.245), above the normalisation floor. */
function plantedSignal(): { samples: Float32Array; musicFrom: number; musicTo: number } {
  const rng = createRng(7, 1);
  const samples = new Float32Array(6 * rate);
  const musicFrom = rate;
  const musicTo = 4 * rate;
  for (let i = musicFrom; i < musicTo; i++) {
    const t = i / rate;
    samples[i] = [261.63, 329.63, 392.0].reduce((s, f) => s + 0.2 * Math.sin(2 * Math.PI * f * t), 0);
  }
  for (let i = musicTo; i < samples.length; i++) samples[i] = 1e-3 * rng.normal();
  return { samples, musicFrom, musicTo };
}

describe("frameEnergyDb", () => {
  it("is 0 dB at the loudest frame, −Infinity on digital silence, and scales as 20·log10 of the amplitude", () => {
    const s = new Float32Array(8 * 2048);
    s.fill(0.5, 0, 4 * 2048);
    s.fill(0.05, 4 * 2048);
    const db = frameEnergyDb(s, { windowLength: 1024, hopLength: 2048 });
    expect(Math.max(...db)).toBe(0);
    expect(db[1]).toBeCloseTo(0, 9); // fully inside the 0.5 part
    expect(db[6]).toBeCloseTo(20 * Math.log10(0.05 / 0.5), 6); // −20 dB
    expect(frameEnergyDb(new Float32Array(4096), { windowLength: 1024, hopLength: 2048 })[0]).toBe(-Infinity);
  });
});

describe("noChordMask on a recording with silence at both ends", () => {
  const { samples, musicFrom, musicTo } = plantedSignal();
  const chroma = computeChroma(samples, rate, features);
  const levelDb = frameEnergyDb(samples, features);
  const half = features.windowLength / 2;
  // frames whose window lies wholly in silence, or wholly in the music
  const silent = (n: number) => n * features.hopLength + half <= musicFrom || n * features.hopLength - half >= musicTo;
  const music = (n: number) => n * features.hopLength - half >= musicFrom && n * features.hopLength + half <= musicTo;

  it("marks exactly the silent frames N at −40 dB", () => {
    const mask = noChordMask(chroma.data, levelDb, { silenceDb: -40, normalization: "l2" });
    let checked = 0;
    for (let n = 0; n < mask.length; n++) {
      if (silent(n)) expect(mask[n], `frame ${n}`).toBe(1);
      if (music(n)) expect(mask[n], `frame ${n}`).toBe(0);
      if (silent(n) || music(n)) checked++;
    }
    expect(checked).toBeGreaterThan(chroma.nFrames - 8);
  });

  it("without a threshold, only the digitally silent frames (chroma below the floor) are N", () => {
    const mask = noChordMask(chroma.data, levelDb, { silenceDb: null, normalization: "l2" });
    for (let n = 0; n < mask.length; n++) {
      const digitalSilence = n * features.hopLength + half <= musicFrom;
      if (digitalSilence) expect(mask[n], `frame ${n}`).toBe(1);
      if (n * features.hopLength - half >= musicFrom) expect(mask[n], `frame ${n}`).toBe(0); // noise is not silence
    }
  });
});

describe("decodeChords", () => {
  /** scores [frames][24] favouring `classes[n]` by `margin`. */
  const scoresFor = (classes: number[], margin: number[]) => {
    const s = new Float32Array(classes.length * NUM_CHORDS);
    classes.forEach((c, n) => (s[n * NUM_CHORDS + c] = margin[n]));
    return s;
  };

  it("keeps masked frames N and smooths each chord stretch on its own", () => {
    // frame 2 weakly prefers class 5 inside a class-3 stretch; frames 5–6 are silent
    const classes = [3, 3, 5, 3, 3, 9, 9, 7, 7, 7];
    const margin = [4, 4, 0.5, 4, 4, 9, 9, 4, 4, 4];
    const mask = Uint8Array.from([0, 0, 0, 0, 0, 1, 1, 0, 0, 0]);
    const none = decodeChords(scoresFor(classes, margin), mask, { smoothing: "none", selfProb: 0.99, medianLength: 3 });
    expect(Array.from(none.classes)).toEqual([3, 3, 5, 3, 3, NO_CHORD, NO_CHORD, 7, 7, 7]);
    const hmm = decodeChords(scoresFor(classes, margin), mask, { smoothing: "hmm", selfProb: 0.99, medianLength: 3 });
    expect(Array.from(hmm.classes)).toEqual([3, 3, 3, 3, 3, NO_CHORD, NO_CHORD, 7, 7, 7]);
    const median = decodeChords(scoresFor(classes, margin), mask, { smoothing: "median", selfProb: 0.99, medianLength: 3 });
    expect(Array.from(median.classes)).toEqual([3, 3, 3, 3, 3, NO_CHORD, NO_CHORD, 7, 7, 7]);
    // confidence = softmax posterior of the chosen class: e^4 / (e^4 + 23)
    expect(hmm.confidence[0]).toBeCloseTo(Math.exp(4) / (Math.exp(4) + 23), 6);
    expect(hmm.confidence[5]).toBeNull();
  });

  it("decodes the sevenths vocabulary's 61 classes: chords 24–59 kept, class 60 (N) written as no chord", () => {
    // C:7 (24), 4 frames of N (60), A:min7 (57) with a weak B:maj7 (47) frame; no signal mask.
    // HMM: leaving a state and coming back costs 2·ln(0.99 / (0.01/60)) ≈ 17.4 nats, more than the
    // B:maj7 frame's 0.5 and less than the N stretch's 4 · 5 = 20.
    const classes = [24, 24, 60, 60, 60, 60, 57, 47, 57];
    const margin = [5, 5, 5, 5, 5, 5, 5, 0.5, 5];
    const s = new Float32Array(classes.length * 61);
    classes.forEach((c, n) => (s[n * 61 + c] = margin[n]));
    const mask = new Uint8Array(classes.length);
    const none = decodeChords(s, mask, { smoothing: "none", selfProb: 0.99, medianLength: 3 });
    const N = NO_CHORD;
    expect(Array.from(none.classes)).toEqual([24, 24, N, N, N, N, 57, 47, 57]);
    const hmm = decodeChords(s, mask, { smoothing: "hmm", selfProb: 0.99, medianLength: 3 });
    expect(Array.from(hmm.classes)).toEqual([24, 24, N, N, N, N, 57, 57, 57]);
    expect(framesToSegments(hmm, { firstFrame: 0, frameRateHz: 10 }).map((seg) => seg.label)).toEqual(["C:7", "N", "A:min7"]);
    // posterior of C:7 at frame 0: e^5 / (e^5 + 60)
    expect(hmm.confidence[0]).toBeCloseTo(Math.exp(5) / (Math.exp(5) + 60), 6);
  });

  it("finds the chord stretches between N frames", () => {
    expect(chordStretches(Uint8Array.from([1, 0, 0, 1, 1, 0]))).toEqual([[1, 3], [5, 6]]);
    expect(chordStretches(Uint8Array.from([1, 1]))).toEqual([]);
    expect(chordStretches(Uint8Array.from([0, 0]))).toEqual([[0, 2]]);
  });
});

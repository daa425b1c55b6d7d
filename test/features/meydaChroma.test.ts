import { describe, expect, it } from "vitest";
import { computeChroma } from "../../src/features/chroma.js";
import { InputError } from "../../src/errors.js";
import { chord, harmonicTone, midiToHz, sineTone } from "../helpers/signals.js";
import { argmax, cosine, features, frameOf, interiorFrames, SR, topClasses } from "./chromaHelpers.js";

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const TRIADS = range(0, 11).flatMap((root) => [
  [60 + root, 64 + root, 67 + root],
  [60 + root, 63 + root, 67 + root],
]);

describe("meyda chroma backend", () => {
  it("agrees with stft on the top three classes of all 24 triads, frame by frame", () => {
    let cosSum = 0;
    let count = 0;
    for (const midis of TRIADS) {
      const x = chord(midis, { sampleRate: SR, durationSec: 0.6 }); // 4 interior frames
      const a = computeChroma(x, SR, features({ chroma: "stft" }));
      const b = computeChroma(x, SR, features({ chroma: "meyda" }));
      expect(b.nFrames).toBe(a.nFrames);
      expect(b.frameRateHz).toBe(a.frameRateHz);
      const want = midis.map((m) => m % 12).sort((p, q) => p - q);
      for (const n of interiorFrames(a, x.length, 4096, 2048)) {
        expect(topClasses(frameOf(b, n), 3)).toEqual(want);
        expect(topClasses(frameOf(a, n), 3)).toEqual(want);
        cosSum += cosine(frameOf(a, n), frameOf(b, n));
        count++;
      }
    }
    expect(cosSum / count).toBeGreaterThan(0.95);
  });

  it.each(range(48, 96))("pure sine MIDI %i peaks at its pitch class", (midi) => {
    const x = sineTone(midiToHz(midi), { sampleRate: SR, durationSec: 0.6 });
    const c = computeChroma(x, SR, features({ chroma: "meyda" }));
    for (const n of interiorFrames(c, x.length, 4096, 2048)) expect(argmax(frameOf(c, n))).toBe(midi % 12);
  });

  it("two sample rates (and frame sizes) in a row give finite, correct chroma (stale filter bank guarded)", () => {
    const runs = [
      [44100, 4096],
      [22050, 4096],
      [22050, 2048],
      [16000, 8192],
    ] as const;
    for (const [rate, windowLength] of runs) {
      const x = harmonicTone(69, { sampleRate: rate, durationSec: (3 * windowLength) / rate });
      const c = computeChroma(x, rate, features({ chroma: "meyda", windowLength, hopLength: windowLength / 2 }));
      expect(Array.from(c.data).every(Number.isFinite)).toBe(true);
      for (const n of interiorFrames(c, x.length, windowLength, windowLength / 2)) expect(argmax(frameOf(c, n))).toBe(9);
    }
  });

  it("a window that is not a power of two is an InputError before meyda is called", () => {
    expect(() => computeChroma(new Float32Array(10000), SR, features({ chroma: "meyda", windowLength: 4000 }))).toThrow(
      InputError,
    );
  });
});

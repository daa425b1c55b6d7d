/**
 * Digitally silent frames (all-zero chroma) under each normalisation. c / max(c) and c / ‖c‖₂ are
 * 0/0 = NaN for them; the documented value (normalizeFrames.ts, docs/input-handling.md) is the
 * uniform vector at unit norm in the normalisation's own norm:
 *   max: every pitch class 1      (max-norm 1),
 *   l2:  every pitch class 1/√12  (‖·‖₂ = √(12 · 1/12) = 1),
 * so the max frame is √12 times the l2 frame. `predict` recognises exactly that vector as
 * no-chord (predict/noChord.ts), so the value must also match there.
 */
import { describe, expect, it } from "vitest";
import { computeChroma } from "../../src/features/chroma.js";
import { normalizeFrames } from "../../src/features/normalizeFrames.js";
import { noChordMask } from "../../src/predict/noChord.js";
import { features, frameOf, SR } from "./chromaHelpers.js";
import { chord } from "../helpers/signals.js";

const FLOOR = 1e-4;

describe("normalizeFrames on hand-made frames", () => {
  /** Frames: all zero; below the floor (max 5e-5); above it (3 at C, 1.5 at E, 2 at G). */
  const frames = () => {
    const data = new Float32Array(36);
    data[12] = 5e-5;
    data[13] = 2e-5;
    data.set([3, 0, 0, 0, 1.5, 0, 0, 2], 24);
    return data;
  };

  it("max: the all-zero and below-floor frames become all ones; the others are divided by their maximum", () => {
    const data = frames();
    normalizeFrames(data, "max", FLOOR);
    expect(data.every(Number.isFinite)).toBe(true);
    expect(Array.from(data.subarray(0, 24))).toEqual(new Array(24).fill(1));
    // [3, 1.5, 2] / 3 = [1, 0.5, 2/3]
    expect(Array.from(data.subarray(24, 36))).toEqual([1, 0, 0, 0, 0.5, 0, 0, Math.fround(2 / 3), 0, 0, 0, 0]);
  });

  it("l2: the same frames become 1/√12 everywhere; the others have unit length", () => {
    const data = frames();
    normalizeFrames(data, "l2", FLOOR);
    expect(data.every(Number.isFinite)).toBe(true);
    for (let i = 0; i < 24; i++) expect(data[i]).toBe(Math.fround(1 / Math.sqrt(12)));
    // ‖(3, 1.5, 2)‖ = √(9 + 2.25 + 4) = √15.25
    expect(data[24]).toBeCloseTo(3 / Math.sqrt(15.25), 7);
  });

  it("the silent max frame is √12 times the silent l2 frame (both uniform, each of unit norm)", () => {
    const [max, l2] = [new Float32Array(12), new Float32Array(12)];
    normalizeFrames(max, "max", FLOOR);
    normalizeFrames(l2, "l2", FLOOR);
    for (let c = 0; c < 12; c++) expect(max[c]).toBeCloseTo(Math.sqrt(12) * l2[c], 6);
    expect(Math.max(...max)).toBe(1);
    expect(Math.hypot(...l2)).toBeCloseTo(1, 7);
  });

  it("none leaves silence at zero", () => {
    const data = frames();
    normalizeFrames(data, "none", FLOOR);
    expect(Array.from(data.subarray(0, 12))).toEqual(new Array(12).fill(0));
  });
});

describe("a recording with digital silence, under normalization: max", () => {
  // 1 s of zeros, then 1 s of a C-major triad (C4 E4 G4), then 1 s of zeros.
  const triad = chord([60, 64, 67], { sampleRate: SR, durationSec: 1, amplitude: 0.2 });
  const samples = new Float32Array(3 * SR);
  samples.set(triad, SR);
  const cfg = features({ normalization: "max" });
  const half = cfg.windowLength / 2;
  // frames whose window holds no sample of the triad (all-zero input → all-zero chroma)
  const silent = (n: number) => n * cfg.hopLength + half <= SR || n * cfg.hopLength - half >= 2 * SR;

  it.each(["stft", "meyda"] as const)("%s: every value finite; silent frames all ones; music frames peak at 1 and are not uniform", (backend) => {
    const chroma = computeChroma(samples, SR, { ...cfg, chroma: backend });
    expect(Array.from(chroma.data).every(Number.isFinite)).toBe(true);
    let silentFrames = 0;
    for (let n = 0; n < chroma.nFrames; n++) {
      const frame = frameOf(chroma, n);
      if (silent(n)) {
        silentFrames++;
        expect(frame, `frame ${n}`).toEqual(new Array(12).fill(1));
      } else {
        expect(Math.max(...frame), `frame ${n}`).toBeCloseTo(1, 6);
        expect(Math.min(...frame), `frame ${n}`).toBeLessThan(1);
      }
    }
    expect(silentFrames).toBeGreaterThan(15); // ~2 s at 10.77 frames/s, minus the window edges
  });

  it("predict's no-chord mask (no level threshold) marks exactly the silent frames", () => {
    const chroma = computeChroma(samples, SR, cfg);
    const levelDb = new Float64Array(chroma.nFrames); // all 0 dB: only the floor decides
    const mask = noChordMask(chroma.data, levelDb, { silenceDb: null, normalization: "max" });
    for (let n = 0; n < chroma.nFrames; n++) expect(mask[n], `frame ${n}`).toBe(silent(n) ? 1 : 0);
  });
});

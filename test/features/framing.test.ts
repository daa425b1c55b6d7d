import { describe, expect, it } from "vitest";
import { computeChroma } from "../../src/features/chroma.js";
import { fillFrame, frameCount, hannWindow } from "../../src/features/framing.js";
import { normalizeFrames } from "../../src/features/normalizeFrames.js";
import { sineTone } from "../helpers/signals.js";
import { features, frameOf, SR } from "./chromaHelpers.js";

const BACKENDS = ["stft", "meyda"] as const;

describe("framing (librosa center=True)", () => {
  it.each([
    [0, 1],
    [1, 1],
    [2047, 1],
    [2048, 2],
    [22050, 11],
    [22050 * 60, 1 + Math.floor((22050 * 60) / 2048)],
  ])("%i samples → %i frames", (n, want) => {
    expect(frameCount(n, 2048)).toBe(want);
    expect(computeChroma(new Float32Array(n), SR, features()).nFrames).toBe(want);
  });

  it("frame rate is sampleRate / hopLength (≈ 10.77 frames/s at the defaults)", () => {
    const c = computeChroma(new Float32Array(SR), SR, features());
    expect(c.frameRateHz).toBe(22050 / 2048);
    expect(c.frameRateHz).toBeCloseTo(10.7666, 4);
    expect(computeChroma(new Float32Array(SR), 16000, features({ hopLength: 512 })).frameRateHz).toBe(16000 / 512);
  });

  it.each(BACKENDS)("%s: an impulse at sample 10·hop is seen by frame 10 only (frames centred at n·hop)", (chroma) => {
    // Frames 9 and 11 have the impulse on their window's edge, where the periodic Hann window is 0
    // (meyda's symmetric window is ~1e-6 there).
    const x = new Float32Array(SR * 2);
    x[10 * 2048] = 1;
    const c = computeChroma(x, SR, features({ chroma, normalization: "none", logCompression: 0 }));
    const energy = Array.from({ length: c.nFrames }, (_, n) => frameOf(c, n).reduce((a, b) => a + b, 0));
    const strongest = energy.indexOf(Math.max(...energy));
    expect(strongest).toBe(10);
    for (const n of [9, 11]) expect(energy[n]).toBeLessThan(1e-6 * energy[10]);
    for (let n = 0; n < c.nFrames; n++) if (n < 9 || n > 11) expect(energy[n]).toBe(0);
  });

  it("an impulse at sample 0 is at the centre of frame 0 (zero padding of window/2 before the signal)", () => {
    const x = new Float32Array(8192);
    x[0] = 1;
    const c = computeChroma(x, SR, features({ normalization: "none", logCompression: 0 }));
    // Hann weight 1 at the centre: |X_k|² = 1 in every bin.
    const f0 = frameOf(c, 0);
    expect(f0.reduce((a, b) => a + b, 0)).toBeGreaterThan(700);
    expect(frameOf(c, 1).every((v) => v === 0)).toBe(true);
  });

  it("fillFrame zero-pads both ends and windows the rest", () => {
    const x = Float32Array.from({ length: 10 }, (_, i) => i + 1);
    const w = new Float64Array(8).fill(2);
    const frame = new Float64Array(8).fill(NaN);
    fillFrame(x, 1, w, frame); // covers samples −3..4
    expect(Array.from(frame)).toEqual([0, 0, 0, 2, 4, 6, 8, 10]);
    fillFrame(x, 9, w, frame); // covers samples 5..12
    expect(Array.from(frame)).toEqual([12, 14, 16, 18, 20, 0, 0, 0]);
    fillFrame(x, -100, w, frame); // entirely before the signal
    expect(Array.from(frame)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    const lanes = new Float64Array(16).fill(NaN);
    fillFrame(x, 1, w, lanes, 1, 2); // imaginary lane of an interleaved complex array
    expect(Array.from(lanes.filter((_, i) => i % 2 === 1))).toEqual([0, 0, 0, 2, 4, 6, 8, 10]);
    expect(lanes.filter((_, i) => i % 2 === 0).every(Number.isNaN)).toBe(true);
  });

  it("the periodic Hann window: w[0] = 0, w[N/2] = 1, and overlapping windows at hop N/2 sum to 1", () => {
    const w = hannWindow(16);
    expect(w[0]).toBe(0);
    expect(w[8]).toBe(1);
    for (let i = 0; i < 8; i++) expect(w[i] + w[i + 8]).toBeCloseTo(1, 12);
  });
});

describe("frame normalisation", () => {
  it.each(BACKENDS)("%s: silence → uniform 1/√12 frames with l2, ones with max, zeros with none", (chroma) => {
    const x = new Float32Array(SR);
    const l2 = computeChroma(x, SR, features({ chroma, normalization: "l2" }));
    expect(Array.from(l2.data).every((v) => Math.abs(v - 1 / Math.sqrt(12)) < 1e-7)).toBe(true);
    const max = computeChroma(x, SR, features({ chroma, normalization: "max" }));
    expect(Array.from(max.data).every((v) => v === 1)).toBe(true);
    const none = computeChroma(x, SR, features({ chroma, normalization: "none" }));
    expect(Array.from(none.data).every((v) => v === 0)).toBe(true);
  });

  it.each(BACKENDS)("%s: l2 frames have unit norm, max frames a maximum of 1", (chroma) => {
    const x = sineTone(440, { sampleRate: SR, durationSec: 1 });
    const l2 = computeChroma(x, SR, features({ chroma, normalization: "l2" }));
    for (let n = 0; n < l2.nFrames; n++) expect(Math.hypot(...frameOf(l2, n))).toBeCloseTo(1, 5);
    const max = computeChroma(x, SR, features({ chroma, normalization: "max" }));
    for (let n = 0; n < max.nFrames; n++) expect(Math.max(...frameOf(max, n))).toBeCloseTo(1, 6);
  });

  it("frames under the floor become uniform; frames above it are scaled", () => {
    const data = new Float32Array(24);
    data[0] = 3e-5; // ‖·‖ = 5e-5 < 1e-4
    data[1] = 4e-5;
    data[12] = 3;
    data[13] = 4;
    normalizeFrames(data, "l2", 1e-4);
    expect(data[0]).toBeCloseTo(1 / Math.sqrt(12), 7);
    expect(data[5]).toBeCloseTo(1 / Math.sqrt(12), 7);
    expect([data[12], data[13], data[14]]).toEqual([expect.closeTo(0.6, 7), expect.closeTo(0.8, 7), 0]);
  });
});

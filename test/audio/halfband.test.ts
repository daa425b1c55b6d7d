/**
 * The 2:1 halfband decimator: equal to a direct convolution with the filter designed here from
 * its formula, band-limited (no aliasing), time-aligned, exact length, and giving chroma close to
 * libsamplerate's sinc-fastest.
 */
import { describe, expect, it } from "vitest";
import { decimateByTwo } from "../../src/audio/halfband.js";
import { resample } from "../../src/audio/resample.js";
import { computeChroma } from "../../src/features/chroma.js";
import { features } from "../features/chromaHelpers.js";
import { amplitudeAt, chord, sineTone } from "../helpers/signals.js";

/** h[n] = ½·sinc(n/2)·Blackman(n), n = −63…63, normalised to sum 1 — every tap, zeros included. */
function fullFilter(): number[] {
  const M = 63;
  const h: number[] = [];
  for (let n = -M; n <= M; n++) {
    const sinc = n === 0 ? 1 : Math.sin((Math.PI * n) / 2) / ((Math.PI * n) / 2);
    const x = (Math.PI * n) / (M + 1);
    h.push(0.5 * sinc * (0.42 + 0.5 * Math.cos(x) + 0.08 * Math.cos(2 * x)));
  }
  const sum = h.reduce((a, b) => a + b, 0);
  return h.map((v) => v / sum);
}

describe("decimateByTwo", () => {
  it("equals the direct convolution y[k] = Σ h[j]·x[2k − j] (zeros outside the signal)", () => {
    const x = Float32Array.from({ length: 301 }, (_, i) => Math.sin(i * 0.37) + 0.3 * Math.cos(i * 1.91) + ((i * 7919) % 13) / 13 - 0.5);
    const h = fullFilter();
    const y = decimateByTwo(x);
    expect(y).toHaveLength(151); // round(301 / 2)
    for (let k = 0; k < y.length; k++) {
      let acc = 0;
      for (let j = -63; j <= 63; j++) {
        const i = 2 * k - j;
        if (i >= 0 && i < x.length) acc += h[j + 63] * x[i];
      }
      expect(y[k]).toBeCloseTo(acc, 5);
    }
  });

  it("a 15 kHz tone at 44.1 kHz does not alias to 7.05 kHz; a 1 kHz tone keeps its amplitude", async () => {
    const high = sineTone(15000, { sampleRate: 44100, durationSec: 1, amplitude: 0.5 });
    const low = sineTone(1000, { sampleRate: 44100, durationSec: 1, amplitude: 0.5 });
    const opts = { fromRate: 44100, toRate: 22050, converter: "halfband" } as const;
    expect(amplitudeAt(await resample(high, opts), 7050, 22050)).toBeLessThan(1e-3);
    expect(amplitudeAt(await resample(low, opts), 1000, 22050)).toBeCloseTo(0.5, 3);
  });

  it("keeps time alignment: a 1 kHz sine matches the ideal sine at 22.05 kHz", () => {
    const y = decimateByTwo(sineTone(1000, { sampleRate: 44100, durationSec: 0.5, amplitude: 0.5 }));
    const ideal = sineTone(1000, { sampleRate: 22050, durationSec: 0.5, amplitude: 0.5 });
    let worst = 0;
    for (let i = 100; i < y.length - 100; i++) worst = Math.max(worst, Math.abs(y[i] - ideal[i]));
    expect(worst).toBeLessThan(1e-3);
  });

  it("any ratio but 2:1 falls back to sinc-fastest exactly", async () => {
    const x = sineTone(440, { sampleRate: 48000, durationSec: 0.3 });
    const a = await resample(x, { fromRate: 48000, toRate: 22050, converter: "halfband" });
    const b = await resample(x, { fromRate: 48000, toRate: 22050, converter: "sinc-fastest" });
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it("chroma of chords after halfband and after sinc-fastest agree within 0.01 per bin", async () => {
    const parts = [[60, 64, 67], [57, 60, 64], [65, 69, 72], [67, 71, 74]].map((m) => chord(m, { sampleRate: 44100, durationSec: 2 }));
    const x = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (x.set(p, at), at + p.length), 0);
    const cfg = features();
    const [a, b] = await Promise.all(
      (["halfband", "sinc-fastest"] as const).map(async (converter) =>
        computeChroma(await resample(x, { fromRate: 44100, toRate: 22050, converter }), 22050, cfg),
      ),
    );
    expect(a.nFrames).toBe(b.nFrames);
    let worst = 0;
    for (let i = 0; i < a.data.length; i++) worst = Math.max(worst, Math.abs(a.data[i] - b.data[i]));
    expect(worst).toBeLessThan(0.01);
  });
});

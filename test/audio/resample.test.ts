import { describe, expect, it } from "vitest";
import { resample, resampledLength } from "../../src/audio/resample.js";
import { amplitudeAt, sineTone } from "../helpers/signals.js";

describe("resample", () => {
  it("equal rates return the input array itself", async () => {
    const x = new Float32Array([1, 2, 3]);
    expect(await resample(x, { fromRate: 22050, toRate: 22050, converter: "sinc-fastest" })).toBe(x);
  });

  it.each(["sinc-fastest", "sinc-medium", "sinc-best"] as const)(
    "%s: a 15 kHz tone at 44.1 kHz does not alias to 7.05 kHz at 22.05 kHz",
    async (converter) => {
      const x = sineTone(15000, { sampleRate: 44100, durationSec: 1, amplitude: 0.5 });
      const y = await resample(x, { fromRate: 44100, toRate: 22050, converter });
      // Naive decimation (every 2nd sample) would put the whole 0.5 at 22050 − 15000 = 7050 Hz.
      const naive = x.filter((_, i) => i % 2 === 0);
      expect(amplitudeAt(naive, 7050, 22050)).toBeGreaterThan(0.45);
      expect(amplitudeAt(y, 7050, 22050)).toBeLessThan(1e-4);
    },
  );

  it.each(["sinc-fastest", "sinc-medium", "sinc-best"] as const)("%s: a 1 kHz tone keeps its amplitude", async (converter) => {
    const x = sineTone(1000, { sampleRate: 44100, durationSec: 1, amplitude: 0.5 });
    const y = await resample(x, { fromRate: 44100, toRate: 22050, converter });
    expect(amplitudeAt(y, 1000, 22050)).toBeCloseTo(0.5, 3);
  });

  it("keeps time alignment: a 1 kHz sine matches the ideal sine at the new rate", async () => {
    const x = sineTone(1000, { sampleRate: 48000, durationSec: 0.5, amplitude: 0.5 });
    const y = await resample(x, { fromRate: 48000, toRate: 22050, converter: "sinc-fastest" });
    const ideal = sineTone(1000, { sampleRate: 22050, durationSec: 0.5, amplitude: 0.5 });
    let worst = 0;
    for (let i = 100; i < y.length - 100; i++) worst = Math.max(worst, Math.abs(y[i] - ideal[i]));
    expect(worst).toBeLessThan(1e-3);
  });

  it.each([
    [44100, 22050, 44100 * 30], // > 4 MB: the library's chunked path, where simple() comes back short
    [44100, 22050, 1001],
    [48000, 22050, 48000 * 3 + 7],
    [16000, 22050, 16000],
    [8000, 22050, 12345],
  ])("%i → %i Hz, %i samples: exactly round(n·to/from) samples", async (fromRate, toRate, n) => {
    const x = sineTone(440, { sampleRate: fromRate, durationSec: n / fromRate });
    const y = await resample(x, { fromRate, toRate, converter: "sinc-fastest" });
    expect(y.length).toBe(resampledLength(n, fromRate, toRate));
    expect(y.length).toBe(Math.round((n * toRate) / fromRate));
    // The tail is the signal, not padding: its last samples still follow the sine.
    const ideal = sineTone(440, { sampleRate: toRate, durationSec: y.length / toRate });
    for (let i = y.length - 20; i < y.length - 10; i++) expect(Math.abs(y[i] - ideal[i])).toBeLessThan(0.05);
  });

  it("an empty signal stays empty; out-of-range rates are rejected", async () => {
    expect((await resample(new Float32Array(0), { fromRate: 44100, toRate: 22050, converter: "sinc-fastest" })).length).toBe(0);
    await expect(resample(new Float32Array(10), { fromRate: 384000, toRate: 22050, converter: "sinc-fastest" })).rejects.toThrow(/192000/);
    await expect(resample(new Float32Array(10), { fromRate: 50, toRate: 22050, converter: "sinc-fastest" })).rejects.toThrow(/ratio/);
  });
});

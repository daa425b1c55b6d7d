/**
 * The log-frequency spectrogram (features/logFreq.ts) against an independent derivation: a brute
 * force DFT of the Hann-windowed frame, the triangle weights written here from the definition in
 * the module's header, and pure tones at bin centres landing in their bin. Plus its cache entries
 * (features/cache.ts): keys that differ from the chroma's and change with every setting, and a
 * second load served from the cache with the same values.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigSchema } from "../../src/config/schema.js";
import { chromaCacheKey, decodeChromaEntry, encodeChromaEntry, logFreqCacheKey } from "../../src/features/cache.js";
import { loadChroma, loadLogFreq } from "../../src/features/loadChroma.js";
import { logFreqBins, logFreqSpectrogram, shiftLogFreq } from "../../src/features/logFreq.js";
import { encodeWav } from "../../src/audio/encodeWav.js";

const SR = 22050;
const features = { hopLength: 2048, logCompression: 0.1, normalization: "none" as const, normFloor: 1e-4 };
const cfg = { binsPerSemitone: 3, minMidi: 36, maxMidi: 107, windowLength: 4096 };
const hz = (midi: number) => 440 * 2 ** ((midi - 69) / 12);

function tone(freqs: readonly number[], samples: number): Float32Array {
  return Float32Array.from({ length: samples }, (_, n) => freqs.reduce((a, f) => a + 0.3 * Math.sin((2 * Math.PI * f * n) / SR), 0));
}

describe("log-frequency spectrogram", () => {
  it("has (max − min + 1)·B bins and the chroma's frames (1 + ⌊samples/hop⌋)", () => {
    const s = logFreqSpectrogram(tone([440], 10000), SR, features, cfg);
    expect(s.bins).toBe(216);
    expect(s.nFrames).toBe(1 + Math.floor(10000 / 2048));
    expect(s.frameRateHz).toBe(SR / 2048);
  });

  it("equals a brute-force DFT of the Hann-windowed frame, compressed and weighted by the triangles in pitch", () => {
    const N = cfg.windowLength;
    const x = tone([hz(57.3), hz(64), hz(80.6)], 3 * N);
    const frame = 2; // centred on sample 2·hop
    const got = logFreqSpectrogram(x, SR, features, cfg);
    // brute force: X_j = Σ_n w[n]·x[c − N/2 + n]·e^{−2πi jn/N}, w periodic Hann
    const centre = frame * features.hopLength;
    const maxBin = Math.ceil((hz(cfg.maxMidi + 1) / SR) * N) + 2;
    const power = new Float64Array(maxBin + 1);
    for (let j = 1; j <= maxBin; j++) {
      let re = 0;
      let im = 0;
      for (let n = 0; n < N; n++) {
        const i = centre - N / 2 + n;
        const v = i >= 0 && i < x.length ? x[i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * n) / N)) : 0;
        re += v * Math.cos((2 * Math.PI * j * n) / N);
        im -= v * Math.sin((2 * Math.PI * j * n) / N);
      }
      power[j] = Math.log1p(0.1 * (re * re + im * im));
    }
    const B = cfg.binsPerSemitone;
    const pitch = (j: number) => 12 * Math.log2((j * SR) / N / 440) + 69;
    const expected: number[] = [];
    for (let b = 0; b < logFreqBins(cfg); b++) {
      const c = cfg.minMidi + (b - 1) / B; // B = 3: centres m − 1/3, m, m + 1/3
      const spacing = 12 * Math.log2((hz(c) + SR / N) / hz(c)); // FFT bin spacing in semitones at c
      const halfWidth = Math.max(1 / B, spacing);
      let sum = 0;
      let total = 0;
      for (let j = 1; j <= maxBin; j++) {
        const w = Math.max(0, 1 - Math.abs(pitch(j) - c) / halfWidth);
        sum += w * power[j];
        total += w;
      }
      expected.push(sum / total);
    }
    const row = Array.from(got.data.subarray(frame * got.bins, (frame + 1) * got.bins));
    const scale = Math.max(...expected);
    expect(scale).toBeGreaterThan(1);
    for (let b = 0; b < expected.length; b++) expect(Math.abs(row[b] - expected[b])).toBeLessThan(1e-4 * scale);
  });

  it("puts a pure tone at a bin's centre pitch into that bin (the largest value of the frame)", () => {
    const fine = { ...cfg, windowLength: 8192 };
    // from MIDI 55 up the 8192-point FFT is finer than a third of a semitone; every 7th bin
    for (let b = (55 - 36) * 3 + 1; b < logFreqBins(fine); b += 7) {
      const c = fine.minMidi + (b - 1) / 3;
      const s = logFreqSpectrogram(tone([hz(c)], 4 * 8192), SR, features, fine);
      const row = Array.from(s.data.subarray(2 * s.bins, 3 * s.bins));
      expect(row.indexOf(Math.max(...row))).toBe(b);
    }
  });

  it("below that, where it interpolates between FFT bins, a tone still lands in its own semitone", () => {
    for (let m = 36; m < 55; m++) {
      const s = logFreqSpectrogram(tone([hz(m)], 4 * 8192), SR, features, { ...cfg, windowLength: 8192 });
      const row = Array.from(s.data.subarray(2 * s.bins, 3 * s.bins));
      expect(Math.floor(row.indexOf(Math.max(...row)) / 3)).toBe(m - 36);
    }
  });

  it("l2 normalisation makes each frame a unit vector over its bins", () => {
    const s = logFreqSpectrogram(tone([220, 330], 20000), SR, { ...features, normalization: "l2" }, cfg);
    for (let t = 1; t < s.nFrames - 1; t++) {
      const row = s.data.subarray(t * s.bins, (t + 1) * s.bins);
      expect(Math.sqrt(row.reduce((a, v) => a + v * v, 0))).toBeCloseTo(1, 5);
    }
  });

  it("refuses a window that is not a power of two and a range above Nyquist, in one line", () => {
    expect(() => logFreqSpectrogram(tone([440], 100), SR, features, { ...cfg, windowLength: 5000 })).toThrow(/windowLength must be a power of two/);
    expect(() => logFreqSpectrogram(tone([440], 100), SR, features, { ...cfg, maxMidi: 127 })).toThrow(/above the Nyquist/);
  });

  it("shiftLogFreq moves bins up or down and fills with zeros", () => {
    const x = Float32Array.from([1, 2, 3, 4, 5]);
    expect(Array.from(shiftLogFreq(x, 5, 2))).toEqual([0, 0, 1, 2, 3]);
    expect(Array.from(shiftLogFreq(x, 5, -1))).toEqual([2, 3, 4, 5, 0]);
  });
});

describe("log-frequency cache entries", () => {
  const base = ConfigSchema.parse({});
  it("have keys unlike the chroma's that change with every logfreq setting", () => {
    const keys = new Set([
      chromaCacheKey("abc", base.audio, base.features),
      logFreqCacheKey("abc", base.audio, base.features, cfg),
      ...Object.keys(cfg).map((k) => logFreqCacheKey("abc", base.audio, base.features, { ...cfg, [k]: (cfg as Record<string, number>)[k] + 1 })),
      logFreqCacheKey("abc", base.audio, { ...base.features, hopLength: 1024 }, cfg),
    ]);
    expect(keys.size).toBe(2 + Object.keys(cfg).length + 1);
  });

  it("round-trip with their width, and an entry read with another width is refused", () => {
    const data = Float32Array.from({ length: 2 * 216 }, (_, i) => i / 7);
    const bytes = encodeChromaEntry("k", { chroma: { data, nFrames: 2, frameRateHz: 10 }, durationSec: 1, warnings: [] }, 216);
    const ok = decodeChromaEntry(bytes, "k", 216);
    expect(ok.ok && Array.from(ok.entry.chroma.data)).toEqual(Array.from(data));
    expect(decodeChromaEntry(bytes, "k")).toEqual({ ok: false, reason: "header shape is inconsistent" });
  });

  it("a second load comes from the cache with the same values, beside the song's chroma entry", async () => {
    const dir = mkdtempSync(join(tmpdir(), "logfreq-"));
    const wav = join(dir, "a.wav");
    writeFileSync(wav, encodeWav([tone([261.6, 329.6, 392], 30000)], { sampleRate: SR, encoding: "float32" }));
    const load = { audio: base.audio, features: base.features, data: { cache: true, cacheDir: join(dir, "cache") } };
    const first = await loadLogFreq(wav, load, cfg);
    const chroma = await loadChroma(wav, load);
    const second = await loadLogFreq(wav, { ...load, features: { ...base.features } }, cfg);
    expect([first.fromCache, chroma.fromCache, second.fromCache]).toEqual([false, false, true]);
    expect(second.spectrogram.bins).toBe(216);
    expect(second.spectrogram.nFrames).toBe(chroma.chroma.nFrames);
    expect(Array.from(second.spectrogram.data)).toEqual(Array.from(first.spectrogram.data));
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encodeWav } from "../../src/audio/encodeWav.js";
import { readAudio } from "../../src/audio/readAudio.js";
import { collectWarnings, InputError } from "../../src/errors.js";
import { amplitudeAt, sineTone } from "../helpers/signals.js";

const dir = mkdtempSync(join(tmpdir(), "chordtrain-readaudio-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cfg = { sampleRate: 22050, resampler: "sinc-fastest" } as const;

describe("readAudio", () => {
  it("reads a 44.1 kHz stereo 16-bit file, mixes to mono and resamples to the analysis rate", async () => {
    const l = sineTone(440, { sampleRate: 44100, durationSec: 1.5, amplitude: 0.4 });
    const r = sineTone(440, { sampleRate: 44100, durationSec: 1.5, amplitude: 0.2 });
    const path = join(dir, "stereo.wav");
    writeFileSync(path, encodeWav([l, r], { sampleRate: 44100, encoding: "pcm16" }));
    const audio = await readAudio(path, cfg);
    expect(audio.sampleRate).toBe(22050);
    expect(audio.sourceRate).toBe(44100);
    expect(audio.durationSec).toBeCloseTo(1.5, 9);
    expect(audio.samples.length).toBe(33075);
    expect(amplitudeAt(audio.samples, 440, 22050)).toBeCloseTo(0.3, 3);
  });

  it("a file already at the analysis rate is not resampled", async () => {
    const x = sineTone(220, { sampleRate: 22050, durationSec: 0.5 });
    const path = join(dir, "same.wav");
    writeFileSync(path, encodeWav([x], { sampleRate: 22050, encoding: "float32" }));
    const audio = await readAudio(path, cfg);
    expect(Array.from(audio.samples)).toEqual(Array.from(x));
  });

  it.each(["float64", "pcm32", "pcm16"] as const)(
    "%s: a Node Buffer whose samples are not aligned for a typed view (odd LIST chunk before data) decodes",
    async (encoding) => {
      const x = Float32Array.from({ length: 101 }, (_, i) => Math.sin(i) * 0.5);
      const path = join(dir, `odd-${encoding}.wav`);
      const bytes = encodeWav([x], { sampleRate: 22050, encoding, extensible: true }); // 68-byte header
      // An odd-sized LIST chunk (plus pad byte) before data moves the samples to an offset ≡ 2 (mod 8).
      const withList = new Uint8Array(bytes.length + 10);
      withList.set(bytes.subarray(0, 60), 0);
      withList.set([0x4c, 0x49, 0x53, 0x54, 1, 0, 0, 0, 0x41, 0], 60);
      withList.set(bytes.subarray(60), 70);
      new DataView(withList.buffer).setUint32(4, withList.length - 8, true);
      writeFileSync(path, withList);
      const audio = await readAudio(path, cfg);
      for (let i = 0; i < x.length; i++) expect(audio.samples[i]).toBeCloseTo(x[i], 4);
    },
  );

  it("passes truncation warnings through", async () => {
    const path = join(dir, "cut.wav");
    const full = encodeWav([sineTone(220, { sampleRate: 22050, durationSec: 0.5 })], { sampleRate: 22050, encoding: "pcm16" });
    writeFileSync(path, full.subarray(0, 1000));
    const warnings = collectWarnings();
    const audio = await readAudio(path, cfg, warnings);
    expect(audio.samples.length).toBe((1000 - 44) / 2);
    expect(warnings.messages[0]).toContain("cut.wav");
  });

  it.each([
    ["missing file", "nope.wav", /nope\.wav: audio file not found/],
    ["directory", ".", /expected an audio file, got a directory/],
  ])("%s → InputError naming it", async (_name, rel, message) => {
    const p = join(dir, rel);
    const err = await readAudio(p, cfg).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message.startsWith(p)).toBe(true);
  });

  it("a rate the resampler cannot take is an InputError, not the library's bare string", async () => {
    const path = join(dir, "384k.wav");
    writeFileSync(path, encodeWav([new Float32Array(100)], { sampleRate: 384000, encoding: "pcm16" }));
    await expect(readAudio(path, cfg)).rejects.toThrow(/384k\.wav: sample rate 384000 Hz cannot be resampled/);
    const low = join(dir, "50hz.wav");
    writeFileSync(low, encodeWav([new Float32Array(100)], { sampleRate: 50, encoding: "pcm16" }));
    await expect(readAudio(low, cfg)).rejects.toThrow(InputError);
    await expect(readAudio(low, cfg)).rejects.toThrow(/50hz\.wav: sample rate 50 Hz is too far/);
  });
});

/**
 * Compressed formats: a planted chord is recovered from each, lossless FLAC equals its WAV source,
 * and damaged or foreign files are one-line InputErrors naming the file.
 *
 * Fixtures (test/fixtures/audio, made by scripts/make-audio-fixtures.sh with sox + ffmpeg): an
 * F-major triad (F4 A4 C5 sines), 1 s, 11.025 kHz stereo with the right channel at half the
 * left's amplitude (AIFF: mono). MP3 is encoded here, in code, with lamejs.
 */
import { Mp3Encoder } from "@breezystack/lamejs";
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { aiffSampleSize, flacTotalSamples, mp3FrameLength } from "../../src/audio/containerChecks.js";
import { decodeCompressed } from "../../src/audio/decodeCompressed.js";
import { decodeWav } from "../../src/audio/decodeWav.js";
import { readAudio } from "../../src/audio/readAudio.js";
import { InputError } from "../../src/errors.js";
import { computeChroma } from "../../src/features/chroma.js";
import { loadChroma } from "../../src/features/loadChroma.js";
import { features, frameOf, interiorFrames, topClasses } from "../features/chromaHelpers.js";
import { amplitudeAt, sineTone } from "../helpers/signals.js";
import { tmpFolder } from "../helpers/tmp.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/audio");
const fixture = (ext: string) => join(FIXTURES, `fmaj.${ext}`);
const AUDIO = { sampleRate: 22050, resampler: "sinc-fastest" } as const;
const F_MAJOR = [0, 5, 9]; // C, F, A
const dir = tmpFolder({}, "chordtrain-compressed-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The F-major triad (sines) at 44.1 kHz stereo, encoded to MP3 with lamejs (right = ½ left). */
function makeMp3(): Uint8Array {
  const sr = 44100;
  const tone = (f: number) => sineTone(f, { sampleRate: sr, durationSec: 1, amplitude: 0.2 });
  const [a, b, c] = [tone(349.23), tone(440), tone(523.25)];
  const left = Int16Array.from(a, (_, i) => Math.round((a[i] + b[i] + c[i]) * 32767));
  const right = Int16Array.from(left, (x) => x >> 1);
  const enc = new Mp3Encoder(2, sr, 128);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < left.length; i += 1152) parts.push(enc.encodeBuffer(left.subarray(i, i + 1152), right.subarray(i, i + 1152)));
  parts.push(enc.flush());
  return Uint8Array.from(parts.flatMap((p) => Array.from(p)));
}
const mp3Path = join(dir, "fmaj.mp3");
writeFileSync(mp3Path, makeMp3());

/** Mean chroma over the frames whose window lies inside the audio. */
async function meanChroma(path: string): Promise<number[]> {
  const audio = await readAudio(path, AUDIO);
  const cfg = features();
  const chroma = computeChroma(audio.samples, audio.sampleRate, cfg);
  const mean = new Array<number>(12).fill(0);
  const frames = interiorFrames(chroma, audio.samples.length, cfg.windowLength, cfg.hopLength);
  for (const n of frames) frameOf(chroma, n).forEach((v, k) => (mean[k] += v / frames.length));
  return mean;
}

describe("every format recovers the planted chord", () => {
  const cases = [
    ["FLAC", fixture("flac")],
    ["Ogg Vorbis", fixture("ogg")],
    ["Opus", fixture("opus")],
    ["AAC (.m4a)", fixture("m4a")],
    ["AIFF", fixture("aiff")],
    ["MP3 (lamejs)", mp3Path],
    ["WAV", fixture("wav")],
  ] as const;
  it.each(cases)("%s: 1 s at 22.05 kHz whose three strongest pitch classes are C, F, A", async (_, path) => {
    const audio = await readAudio(path, AUDIO);
    expect(audio.sampleRate).toBe(22050);
    // Codec priming/padding may add up to a few tens of ms; the content is 1 s.
    expect(audio.durationSec).toBeGreaterThan(0.97);
    expect(audio.durationSec).toBeLessThan(1.1);
    expect(topClasses(await meanChroma(path), 3)).toEqual(F_MAJOR);
  });
});

describe("channels are averaged", () => {
  it("FLAC decodes to exactly the WAV it was made from (lossless, same mono mix)", async () => {
    const flac = await decodeCompressed(readFileSync(fixture("flac")), "fmaj.flac");
    const wav = decodeWav(readFileSync(fixture("wav")), { file: "fmaj.wav" });
    expect(flac.channels).toBe(2);
    expect(flac.sampleRate).toBe(wav.sampleRate);
    expect(flac.samples.length).toBe(wav.samples.length);
    let maxDiff = 0;
    for (let i = 0; i < wav.samples.length; i++) maxDiff = Math.max(maxDiff, Math.abs(flac.samples[i] - wav.samples[i]));
    // Same 16-bit integers; the decoders scale by 1/32768 or 1/32767, under 2 LSB apart.
    expect(maxDiff).toBeLessThan(2 / 32768);
  });

  it("WAV and FLAC of the same signal give the same chroma", async () => {
    const [w, f] = [await meanChroma(fixture("wav")), await meanChroma(fixture("flac"))];
    for (let k = 0; k < 12; k++) expect(Math.abs(w[k] - f[k])).toBeLessThan(1e-5);
  });

  // Right = ½ left, so the mono mix is ¾ of the left channel. The WAV reader is the reference;
  // a decoder that kept one channel (ratio 4/3 or 2/3) or summed them (ratio 2) is caught.
  it.each(["ogg", "opus", "m4a"])("%s: the 440 Hz component has the WAV mix's amplitude within 10%", async (ext) => {
    const path = fixture(ext);
    const wav = await readAudio(fixture("wav"), AUDIO);
    const lossy = await readAudio(path, AUDIO);
    const ratio = amplitudeAt(lossy.samples, 440, 22050) / amplitudeAt(wav.samples, 440, 22050);
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.1);
  });

  it("mp3: the 440 Hz sine of amplitude 0.2 (left) and 0.1 (right) reads 0.15 within 10%", async () => {
    const audio = await readAudio(mp3Path, AUDIO);
    const ratio = amplitudeAt(audio.samples, 440, 22050) / 0.15;
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.1);
  });
});

describe("container facts read by hand", () => {
  it("the FLAC fixture declares 11025 samples (1 s at 11.025 kHz) and the AIFF is 16-bit", () => {
    expect(flacTotalSamples(readFileSync(fixture("flac")))).toBe(11025);
    expect(aiffSampleSize(readFileSync(fixture("aiff")))).toBe(16);
    expect(flacTotalSamples(readFileSync(fixture("ogg")))).toBeUndefined();
  });
});

describe("bad files are one-line InputErrors naming the file", () => {
  const expectInputError = async (path: string, pattern: RegExp) => {
    const err = await readAudio(path, AUDIO).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    const message = (err as Error).message;
    expect(message.startsWith(`${path}: `)).toBe(true);
    expect(message).not.toContain("\n");
    expect(message).toMatch(pattern);
  };
  const cut = (ext: string, fraction: number) => {
    const bytes = readFileSync(fixture(ext));
    const path = join(dir, `cut ${fraction}.${ext}`);
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * fraction)));
    return path;
  };

  it.each(["flac", "ogg", "opus", "m4a"])("%s cut in half", async (ext) => {
    await expectInputError(cut(ext, 0.5), /cannot decode|truncated/);
  });

  it("an MP3 cut inside a frame says it is truncated (mpg123 alone drops the partial frame silently)", async () => {
    const bytes = readFileSync(mp3Path);
    const path = join(dir, "cut.mp3");
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await expectInputError(path, /truncated MP3: the file ends inside frame \d+ \(\d+ of its \d+ bytes\)/);
  });

  it("the MP3 frame walk lands exactly on the end of an intact file", () => {
    // Frame lengths from the headers alone must add up to the file: lamejs writes no tags.
    const bytes = new Uint8Array(readFileSync(mp3Path));
    let at = 0;
    let frames = 0;
    for (let n = mp3FrameLength(bytes, at); n !== undefined; n = mp3FrameLength(bytes, at)) {
      at += n;
      frames++;
    }
    expect(at).toBe(bytes.length);
    // 1 s at 44.1 kHz in frames of 1152 samples, plus the encoder's delay and flush frames.
    expect(frames).toBeGreaterThanOrEqual(Math.ceil(44100 / 1152));
    expect(frames).toBeLessThanOrEqual(Math.ceil(44100 / 1152) + 3);
  });

  it("a FLAC missing its last frames says it is truncated, with the counts", async () => {
    await expectInputError(cut("flac", 0.9), /truncated or corrupt FLAC: decoded \d+ of the 11025 samples/);
  });

  it.each(["ogg", "opus"])("%s with one flipped bit fails its page checksum (the decoder alone would play garbage)", async (ext) => {
    const bytes = new Uint8Array(readFileSync(fixture(ext)));
    bytes[bytes.length - 100] ^= 1;
    const path = join(dir, `flipped.${ext}`);
    writeFileSync(path, bytes);
    await expectInputError(path, /corrupt Ogg stream: checksum mismatch in the page at byte \d+/);
  });

  it.each(["ogg", "opus"])("%s missing its last bytes is a truncated Ogg stream", async (ext) => {
    const bytes = readFileSync(fixture(ext));
    const path = join(dir, `short.${ext}`);
    writeFileSync(path, bytes.subarray(0, bytes.length - 10));
    await expectInputError(path, /truncated Ogg stream/);
  });

  it("text with an audio extension is not a recognised audio format", async () => {
    const path = join(dir, "notes.mp3");
    writeFileSync(path, "these are my notes, not audio\n");
    await expectInputError(path, /not a recognised audio format/);
  });

  it("an empty .flac", async () => {
    const path = join(dir, "empty.flac");
    writeFileSync(path, "");
    await expectInputError(path, /empty/);
  });

  it("8-bit AIFF (misread by the decoder) is refused", async () => {
    const bytes = new Uint8Array(readFileSync(fixture("aiff")));
    const view = new DataView(bytes.buffer);
    let at = 12;
    while (String.fromCharCode(...bytes.subarray(at, at + 4)) !== "COMM") at += 8 + view.getUint32(at + 4, false);
    view.setUint16(at + 14, 8, false);
    const path = join(dir, "eight.aiff");
    writeFileSync(path, bytes);
    await expectInputError(path, /8-bit AIFF is not supported/);
  });
});

describe("the feature cache works for compressed files", () => {
  it("a FLAC is decoded once; a renamed copy hits the same entry", async () => {
    const cacheDir = join(dir, "cache");
    const cfg = { audio: AUDIO, features: features(), data: { cache: true, cacheDir } };
    const first = await loadChroma(fixture("flac"), cfg);
    const copy = join(dir, "Ob-La-Di, Ob-La-Da (take 2).flac");
    copyFileSync(fixture("flac"), copy);
    const second = await loadChroma(copy, cfg);
    expect(first.fromCache).toBe(false);
    expect(second.fromCache).toBe(true);
    expect(Array.from(second.chroma.data)).toEqual(Array.from(first.chroma.data));
  });
});

/**
 * The MP3 frame walk (containerChecks.ts) on the files users actually have: MP3s that start with
 * an ID3v2 tag, and MPEG-2 / MPEG-2.5 streams (the low sample rates). Intact files must decode;
 * a file cut inside a frame must be an InputError saying it is truncated, naming the file.
 *
 * Frame lengths are derived here from the standards, not from the code under test:
 * ISO/IEC 11172-3 §2.4.3.1 (MPEG-1) and 13818-3 §2.4.3.1 (MPEG-2; MPEG-2.5 is Fraunhofer's
 * extension with the same formula at half the MPEG-2 rates). A Layer III frame holds 1152
 * samples (MPEG-1) or 576 (MPEG-2/2.5), so its length in bytes is
 *   samples/8 · bitrate/rate + padding = 144·bitrate/rate (MPEG-1) or 72·bitrate/rate (MPEG-2/2.5),
 * rounded down, + 1 when the padding bit is set (bitrate in bit/s).
 *
 * ID3v2 tags are built by hand (id3.org, "ID3 tag version 2.3.0" §3.1 and "2.4.0 structure" §3.1–3.4):
 * "ID3", major version, revision, flags (0x40 extended header, 0x10 footer in 2.4), and the size of
 * everything after the 10-byte header — extended header, frames, padding, but not the footer — as
 * four 7-bit ("syncsafe") bytes.
 */
import { Mp3Encoder } from "@breezystack/lamejs";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mp3FrameLength } from "../../src/audio/containerChecks.js";
import { readAudio } from "../../src/audio/readAudio.js";
import { InputError } from "../../src/errors.js";
import { sineTone } from "../helpers/signals.js";
import { tmpFolder } from "../helpers/tmp.js";

const AUDIO = { sampleRate: 22050, resampler: "sinc-fastest" } as const;
const dir = tmpFolder({}, "chordtrain-mp3-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `seconds` of a 440 Hz sine (amplitude 0.3), mono, encoded by lamejs at `rate` Hz and `kbps`. */
function encodeMp3(rate: number, kbps: number, seconds = 1): Uint8Array {
  const x = sineTone(440, { sampleRate: rate, durationSec: seconds, amplitude: 0.3 });
  const pcm = Int16Array.from(x, (v) => Math.round(v * 32767));
  const enc = new Mp3Encoder(1, rate, kbps);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < pcm.length; i += 1152) parts.push(enc.encodeBuffer(pcm.subarray(i, i + 1152)));
  parts.push(enc.flush());
  return concat(...parts);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
/** n as four 7-bit bytes, most significant first (ID3v2 "syncsafe integer"). */
const syncsafe = (n: number) => [(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f];
const bigEndian32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

/**
 * An ID3v2 tag with a title frame, `paddingBytes` of zero padding, and optionally an extended
 * header and (2.4 only) a footer. Returns the bytes and the tag's total length.
 */
function id3v2(opts: { major: 3 | 4; paddingBytes: number; extendedHeader?: boolean; footer?: boolean }): Uint8Array {
  const text = ascii("\u0000Let It Be"); // encoding byte 0 (ISO-8859-1), then the title
  // Frame header: id, size (2.3: plain 32-bit; 2.4: syncsafe), two flag bytes.
  const frameSize = opts.major === 4 ? syncsafe(text.length) : bigEndian32(text.length);
  const frame = concat(ascii("TIT2"), Uint8Array.from([...frameSize, 0, 0]), text);
  // Extended header: 2.3 = size 6 (excl. itself, plain), 2 flag bytes, 4-byte padding size;
  // 2.4 = size 6 (incl. itself, syncsafe), 1 flag-byte count, the flag byte.
  const extended = !opts.extendedHeader
    ? new Uint8Array(0)
    : opts.major === 3
      ? Uint8Array.from([0, 0, 0, 6, 0, 0, ...bigEndian32(opts.paddingBytes)])
      : Uint8Array.from([...syncsafe(6), 1, 0]);
  const body = concat(extended, frame, new Uint8Array(opts.paddingBytes));
  const flags = (opts.extendedHeader ? 0x40 : 0) | (opts.footer ? 0x10 : 0);
  const header = (magic: string) => concat(ascii(magic), Uint8Array.from([opts.major, 0, flags, ...syncsafe(body.length)]));
  return concat(header("ID3"), body, opts.footer ? header("3DI") : new Uint8Array(0));
}

async function errorOf(path: string): Promise<unknown> {
  return readAudio(path, AUDIO).then(
    () => undefined,
    (e: unknown) => e,
  );
}

function expectTruncated(err: unknown, path: string, detail: RegExp = /ends inside frame \d+ \(\d+ of its \d+ bytes\)/): void {
  expect(err).toBeInstanceOf(InputError);
  const message = (err as Error).message;
  expect(message.startsWith(`${path}: truncated MP3: `)).toBe(true);
  expect(message).not.toContain("\n");
  expect(message).toMatch(detail);
}

function write(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe("ID3v2 tag by hand", () => {
  it("the tag's syncsafe size is what the spec says: 1000 = 0b111_1101000 → 00 00 07 68", () => {
    expect(syncsafe(1000)).toEqual([0, 0, 0x07, 0x68]);
    // 10 header + 10 frame header + 10 text + 300 padding; size field excludes the 10-byte header.
    const tag = id3v2({ major: 3, paddingBytes: 300 });
    expect(tag.length).toBe(10 + 20 + 300);
    expect(Array.from(tag.subarray(6, 10))).toEqual(syncsafe(320));
    expect(Array.from(tag.subarray(6, 10))).toEqual([0, 0, 2, 0x40]); // 320 = 2·128 + 64
  });
});

describe("an MP3 starting with an ID3v2 tag", () => {
  // MPEG-1 Layer III at 48 kHz and 128 kbit/s: 144 · 128000 / 48000 = 384 bytes, no remainder,
  // so lame never sets the padding bit and every frame is 384 bytes.
  const FRAME = 384;
  const audio = encodeMp3(48000, 128);
  // Tags of at least 128 bytes so a size read as plain big-endian (not syncsafe) would be wrong.
  const tags = {
    "ID3v2.3": id3v2({ major: 3, paddingBytes: 300 }),
    "ID3v2.4": id3v2({ major: 4, paddingBytes: 1000 }),
    "ID3v2.3 with an extended header": id3v2({ major: 3, paddingBytes: 200, extendedHeader: true }),
    "ID3v2.4 with an extended header": id3v2({ major: 4, paddingBytes: 200, extendedHeader: true }),
    "ID3v2.4 with a footer": id3v2({ major: 4, paddingBytes: 500, footer: true }),
    "ID3v2.4 with an extended header and a footer": id3v2({ major: 4, paddingBytes: 150, extendedHeader: true, footer: true }),
  };

  it("lamejs at 48 kHz / 128 kbit/s writes frames of exactly 384 bytes (the fixture the cuts rely on)", () => {
    expect(audio.length % FRAME).toBe(0);
    for (let at = 0; at < audio.length; at += FRAME) expect(mp3FrameLength(audio, at), `byte ${at}`).toBe(FRAME);
  });

  it.each(Object.entries(tags))("%s: the intact file decodes (1 s at 48 kHz)", async (name, tag) => {
    const path = write(`intact ${name}.mp3`, concat(tag, audio));
    const decoded = await readAudio(path, AUDIO);
    expect(decoded.sourceRate).toBe(48000);
    expect(decoded.durationSec).toBeGreaterThan(0.97);
    expect(decoded.durationSec).toBeLessThan(1.1);
  });

  it.each(Object.entries(tags))("%s: cut 100 bytes into frame 11, it is truncated", async (name, tag) => {
    // 10 whole frames after the tag, then 100 bytes of the 11th.
    const path = write(`cut ${name}.mp3`, concat(tag, audio.subarray(0, 10 * FRAME + 100)));
    expectTruncated(await errorOf(path), path, /the file ends inside frame 11 \(100 of its 384 bytes\)$/);
  });

  it("a cut inside the last frame of a tagged file is caught too", async () => {
    const tag = tags["ID3v2.4 with a footer"];
    const path = write("cut last.mp3", concat(tag, audio.subarray(0, audio.length - 1)));
    const frames = audio.length / FRAME;
    expectTruncated(await errorOf(path), path, new RegExp(`ends inside frame ${frames} \\(383 of its 384 bytes\\)$`));
  });
});

describe("MPEG-2 and MPEG-2.5 Layer III", () => {
  // What lamejs writes at each rate (byte 1 of the header: 0xF3 = MPEG-2, 0xE3 = MPEG-2.5, both
  // Layer III without CRC), and the frame length from 72 · bitrate / rate:
  //   16 kHz,  32 kbit/s: 72 · 32000 / 16000 = 144        (MPEG-2)
  //   24 kHz,  48 kbit/s: 72 · 48000 / 24000 = 144        (MPEG-2)
  //   22.05 kHz, 64 kbit/s: 72 · 64000 / 22050 = 208.98 → 208, 209 with padding (MPEG-2)
  //    8 kHz,  16 kbit/s: 72 · 16000 / 8000  = 144        (MPEG-2.5)
  //   12 kHz,  32 kbit/s: 72 · 32000 / 12000 = 192        (MPEG-2.5)
  //   11.025 kHz, 24 kbit/s: 72 · 24000 / 11025 = 156.73 → 156, 157 with padding (MPEG-2.5)
  const cases: { rate: number; kbps: number; version: "MPEG-2" | "MPEG-2.5"; frame?: number; lengths: number[] }[] = [
    { rate: 16000, kbps: 32, version: "MPEG-2", frame: 144, lengths: [144] },
    { rate: 24000, kbps: 48, version: "MPEG-2", frame: 144, lengths: [144] },
    { rate: 22050, kbps: 64, version: "MPEG-2", lengths: [208, 209] },
    { rate: 8000, kbps: 16, version: "MPEG-2.5", frame: 144, lengths: [144] },
    { rate: 12000, kbps: 32, version: "MPEG-2.5", frame: 192, lengths: [192] },
    { rate: 11025, kbps: 24, version: "MPEG-2.5", lengths: [156, 157] },
  ];
  const files = new Map(cases.map((c) => [c.rate, encodeMp3(c.rate, c.kbps)]));

  it.each(cases)("$rate Hz ($version): every frame has the length the standard gives", ({ rate, version, lengths }) => {
    const bytes = files.get(rate)!;
    expect(bytes[1]).toBe(version === "MPEG-2" ? 0xf3 : 0xe3);
    let at = 0;
    while (at < bytes.length) {
      const n = mp3FrameLength(bytes, at);
      expect(lengths, `frame at byte ${at}`).toContain(n);
      // The padding bit (byte 2, bit 1) says which of the two lengths it is.
      expect(n).toBe(lengths[0] + ((bytes[at + 2] >> 1) & 1));
      at += n!;
    }
    expect(at).toBe(bytes.length);
  });

  it.each(cases)("$rate Hz ($version): the intact file decodes at its own rate", async ({ rate }) => {
    const path = write(`intact ${rate}.mp3`, files.get(rate)!);
    const decoded = await readAudio(path, AUDIO);
    expect(decoded.sourceRate).toBe(rate);
    expect(decoded.durationSec).toBeGreaterThan(0.97);
    expect(decoded.durationSec).toBeLessThan(1.2);
  });

  it.each(cases)("$rate Hz ($version): cut inside a frame, it is truncated", async ({ rate, frame }) => {
    const bytes = files.get(rate)!;
    const path = write(`cut ${rate}.mp3`, bytes.subarray(0, frame ? 5 * frame + 50 : Math.floor(bytes.length * 0.6)));
    // With fixed-length frames the place is known: 5 whole frames, then 50 bytes of the 6th.
    expectTruncated(await errorOf(path), path, frame ? new RegExp(`ends inside frame 6 \\(50 of its ${frame} bytes\\)$`) : undefined);
  });

  it("an MPEG-2.5 file behind an ID3v2.4 tag, cut, is truncated", async () => {
    const path = write("cut 8000 tagged.mp3", concat(id3v2({ major: 4, paddingBytes: 256 }), files.get(8000)!.subarray(0, 3 * 144 + 50)));
    expectTruncated(await errorOf(path), path, /ends inside frame 4 \(50 of its 144 bytes\)$/);
  });

  it.each([1, 2, 3])("cut %i byte(s) into the 4-byte header of frame 4, it is truncated", async (left) => {
    const path = write(`cut header ${left}.mp3`, files.get(8000)!.subarray(0, 3 * 144 + left));
    expectTruncated(await errorOf(path), path, new RegExp(`ends inside the header of frame 4 \\(${left} of its 4 bytes\\)$`));
  });
});

describe("mp3FrameLength on hand-built headers", () => {
  /** Header bytes: sync, version (3 MPEG-1, 2 MPEG-2, 0 MPEG-2.5), Layer III, no CRC; bitrate and rate indices, padding. */
  const header = (version: number, bitrateIndex: number, rateIndex: number, padding = 0) =>
    Uint8Array.from([0xff, 0xe0 | (version << 3) | (1 << 1) | 1, (bitrateIndex << 4) | (rateIndex << 2) | (padding << 1), 0xc4]);
  // Bitrate index → kbit/s (ISO 11172-3 Table 3-B.2 / 13818-3 Table 2.4.2.3, Layer III):
  //   MPEG-1: 1→32 … 9→128 … 14→320; MPEG-2/2.5: 1→8, 8→64, 14→160.
  // Rate index → Hz: MPEG-1 0→44100 1→48000 2→32000; MPEG-2 22050 24000 16000; MPEG-2.5 11025 12000 8000.
  const cases: [string, Uint8Array, number][] = [
    ["MPEG-1 44.1 kHz 128 kbit/s: ⌊144·128000/44100⌋ = ⌊417.96⌋ = 417", header(3, 9, 0), 417],
    ["MPEG-1 44.1 kHz 128 kbit/s, padded = 418", header(3, 9, 0, 1), 418],
    ["MPEG-1 32 kHz 320 kbit/s: 144·320000/32000 = 1440", header(3, 14, 2), 1440],
    ["MPEG-1 48 kHz 32 kbit/s: 144·32000/48000 = 96", header(3, 1, 1), 96],
    ["MPEG-2 22.05 kHz 64 kbit/s: ⌊72·64000/22050⌋ = ⌊208.98⌋ = 208", header(2, 8, 0), 208],
    ["MPEG-2 24 kHz 160 kbit/s: 72·160000/24000 = 480", header(2, 14, 1), 480],
    ["MPEG-2 16 kHz 8 kbit/s, padded: 72·8000/16000 + 1 = 37", header(2, 1, 2, 1), 37],
    ["MPEG-2.5 11.025 kHz 64 kbit/s: ⌊72·64000/11025⌋ = ⌊417.96⌋ = 417", header(0, 8, 0), 417],
    ["MPEG-2.5 12 kHz 160 kbit/s: 72·160000/12000 = 960", header(0, 14, 1), 960],
    ["MPEG-2.5 8 kHz 8 kbit/s: 72·8000/8000 = 72", header(0, 1, 2), 72],
  ];
  it.each(cases)("%s", (_, bytes, expected) => {
    expect(mp3FrameLength(bytes, 0)).toBe(expected);
  });

  it.each([
    ["the reserved version (01)", Uint8Array.from([0xff, 0xe0 | (1 << 3) | 3, 0x90, 0])],
    ["Layer II", Uint8Array.from([0xff, 0xfd, 0x90, 0])],
    ["a free-format bitrate (index 0)", Uint8Array.from([0xff, 0xfb, 0x00, 0])],
    ["the bad bitrate index 15", Uint8Array.from([0xff, 0xfb, 0xf0, 0])],
    ["the reserved rate index 3", Uint8Array.from([0xff, 0xfb, 0x9c, 0])],
    ["no sync", Uint8Array.from([0x49, 0x44, 0x33, 4])],
  ])("%s is no Layer III frame header", (_, bytes) => {
    expect(mp3FrameLength(bytes, 0)).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { decodeWav } from "../../src/audio/decodeWav.js";
import { encodeWav, type WavEncoding } from "../../src/audio/encodeWav.js";
import { collectWarnings, InputError } from "../../src/errors.js";
import { rawWav } from "./wavBytes.js";

const FILE = "song.wav";
const ENCODINGS: WavEncoding[] = ["pcm8", "pcm16", "pcm24", "pcm32", "float32", "float64"];
/** Worst-case round-trip error for |x| < 1: half an LSB (float64 → Float32Array output: float32 rounding). */
const TOLERANCE: Record<WavEncoding, number> = {
  pcm8: 0.5 / 128,
  pcm16: 0.5 / 32768,
  pcm24: 0.5 / 8388608,
  pcm32: 2 ** -24, // below float32 resolution of the output
  float32: 0,
  float64: 2 ** -24,
};

/** A chirp-like signal through (-1, 1). */
function ramp(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => 0.999 * Math.sin(i * 0.37) * (2 * i / (n - 1) - 1));
}

describe("decodeWav round trip", () => {
  for (const encoding of ENCODINGS) {
    for (const extensible of [false, true]) {
      it(`${encoding}${extensible ? " EXTENSIBLE" : ""} mono`, () => {
        const x = ramp(257);
        const wav = decodeWav(encodeWav([x], { sampleRate: 16000, encoding, extensible }), { file: FILE });
        expect(wav).toMatchObject({ sampleRate: 16000, channels: 1, encoding, extensible, truncated: false });
        expect(wav.samples.length).toBe(257);
        for (let i = 0; i < x.length; i++) expect(Math.abs(wav.samples[i] - x[i])).toBeLessThanOrEqual(TOLERANCE[encoding] * (1 + 1e-6));
      });
    }
  }

  it.each(ENCODINGS)("%s: full scale decodes within [-1, 1] and 8-bit zero is 128", (encoding) => {
    const wav = decodeWav(encodeWav([new Float32Array([1, -1, 0])], { sampleRate: 8000, encoding }), { file: FILE });
    expect(wav.samples[0]).toBeLessThanOrEqual(1);
    expect(wav.samples[0]).toBeGreaterThan(0.99);
    expect(wav.samples[1]).toBeGreaterThanOrEqual(-1);
    expect(wav.samples[1]).toBeLessThan(-0.99);
    expect(wav.samples[2]).toBe(0);
  });

  it.each(ENCODINGS)("%s stereo is mixed to mono by averaging", (encoding) => {
    const l = new Float32Array([0.5, -0.5, 0.25, 1]);
    const r = new Float32Array([0.5, 0.5, -0.75, 0]);
    const wav = decodeWav(encodeWav([l, r], { sampleRate: 44100, encoding }), { file: FILE });
    expect(wav.channels).toBe(2);
    const want = [0.5, 0, -0.25, 0.5];
    wav.samples.forEach((v, i) => expect(v).toBeCloseTo(want[i], encoding === "pcm8" ? 2 : 4));
  });

  it("averages 6 channels (5.1 EXTENSIBLE, 24-bit)", () => {
    const channels = [0.6, -0.6, 0.3, 0.3, 0, 0.6].map((v) => new Float32Array([v, -v]));
    const wav = decodeWav(encodeWav(channels, { sampleRate: 48000, encoding: "pcm24", extensible: true }), { file: FILE });
    expect(wav.channels).toBe(6);
    expect(wav.samples[0]).toBeCloseTo(0.2, 5);
    expect(wav.samples[1]).toBeCloseTo(-0.2, 5);
  });

  it("decodes from a Uint8Array view at an odd byte offset (unaligned typed-array case)", () => {
    const x = new Float32Array([0.25, -0.5, 0.75]);
    const file = encodeWav([x], { sampleRate: 8000, encoding: "float32" });
    const shifted = new Uint8Array(file.length + 1);
    shifted.set(file, 1);
    const wav = decodeWav(shifted.subarray(1), { file: FILE });
    expect(Array.from(wav.samples)).toEqual([0.25, -0.5, 0.75]);
  });

  it("skips unknown chunks (LIST, odd-sized with pad byte) between fmt and data", () => {
    const data = new Uint8Array([128, 255, 0, 128]);
    const bytes = rawWav({
      formatTag: 1,
      bitsPerSample: 8,
      data,
      extraChunks: [
        ["LIST", new Uint8Array(7)],
        ["fact", new Uint8Array(4)],
      ],
    });
    const wav = decodeWav(bytes, { file: FILE });
    expect(Array.from(wav.samples)).toEqual([0, 127 / 128, -1, 0]);
  });
});

describe("decodeWav: truncated and streamed data", () => {
  const x = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i / 10) * 0.5);

  it("a truncated data chunk is read to the last whole frame, with a warning and truncated: true", () => {
    const full = encodeWav([x, x], { sampleRate: 8000, encoding: "pcm16" });
    const cut = full.subarray(0, 44 + 4 * 600 + 3); // 600 whole stereo frames and 3 stray bytes
    const warnings = collectWarnings();
    const wav = decodeWav(cut, { file: FILE, warnings });
    expect(wav.truncated).toBe(true);
    expect(wav.samples.length).toBe(600);
    expect(wav.samples[599]).toBeCloseTo(x[599], 4);
    expect(warnings.messages).toHaveLength(1);
    expect(warnings.messages[0]).toMatch(/song\.wav: .*truncated/);
  });

  it.each(["float32", "float64"] as const)("%s: NaN and ±Inf samples become 0 with one warning; values beyond ±1 pass", (encoding) => {
    const x = new Float32Array([0.5, NaN, 1.5, Infinity, -Infinity, -2]);
    const warnings = collectWarnings();
    const wav = decodeWav(encodeWav([x], { sampleRate: 8000, encoding }), { file: FILE, warnings });
    expect(Array.from(wav.samples)).toEqual([0.5, 0, 1.5, 0, 0, -2]);
    expect(warnings.messages).toEqual([`${FILE}: 3 non-finite samples (NaN/Inf) replaced by 0`]);
  });

  it("a complete file gives no warning", () => {
    const warnings = collectWarnings();
    decodeWav(encodeWav([x], { sampleRate: 8000, encoding: "pcm16" }), { file: FILE, warnings });
    expect(warnings.messages).toEqual([]);
  });

  it("a streamed header (data size 0xFFFFFFFF) is read to end of file without a warning", () => {
    const bytes = encodeWav([x], { sampleRate: 8000, encoding: "pcm24" });
    new DataView(bytes.buffer).setUint32(40, 0xffffffff, true);
    new DataView(bytes.buffer).setUint32(4, 0xffffffff, true);
    const warnings = collectWarnings();
    const wav = decodeWav(bytes, { file: FILE, warnings });
    expect(wav.truncated).toBe(false);
    expect(wav.samples.length).toBe(1000);
    expect(wav.samples[999]).toBeCloseTo(x[999], 6);
    expect(warnings.messages).toEqual([]);
  });
});

describe("decodeWav: bad input is a one-line InputError naming the file", () => {
  function random(n: number): Uint8Array {
    // A fixed LCG, not Math.random: the test must be reproducible.
    let s = 12345;
    return Uint8Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 24) & 0xff);
  }
  const header = (b: Uint8Array) => b.subarray(0, 44);
  const pcm16 = encodeWav([new Float32Array(100)], { sampleRate: 8000, encoding: "pcm16" });
  const ext = (code: number) => {
    const b = encodeWav([new Float32Array(10)], { sampleRate: 8000, encoding: "pcm16", extensible: true });
    new DataView(b.buffer).setUint16(44, code, true);
    return b;
  };

  const cases: [string, Uint8Array, RegExp][] = [
    ["empty file", new Uint8Array(0), /empty file \(0 bytes\)/],
    ["random bytes", random(5000), /not a WAV file: expected 'RIFF'/],
    ["an MP3/ID3 file", Uint8Array.from("ID3\x03\x00\x00\x00", (c) => c.charCodeAt(0)), /not a WAV file: expected 'RIFF' at byte 0, got 'ID3\\x03'/],
    ["RIFF but not WAVE (AVI)", Uint8Array.from("RIFF\x10\x00\x00\x00AVI LIST", (c) => c.charCodeAt(0)), /expected 'WAVE' at byte 8, got 'AVI '/],
    ["8-byte header", pcm16.subarray(0, 8), /truncated header: 8 bytes/],
    ["header cut inside fmt", pcm16.subarray(0, 28), /truncated header: 'fmt ' chunk has/],
    ["header cut before data", pcm16.subarray(0, 38), /truncated header .*no 'data' chunk/],
    ["no fmt chunk", rawWav({ formatTag: 1, omitFmt: true }), /no 'fmt ' chunk/],
    ["no data chunk", header(pcm16).subarray(0, 36), /no 'data' chunk/],
    ["µ-law", rawWav({ formatTag: 7 }), /unsupported WAV encoding: format code 0x0007 \(µ-law\)/],
    ["A-law", rawWav({ formatTag: 6 }), /format code 0x0006 \(A-law\)/],
    ["IMA-ADPCM", rawWav({ formatTag: 0x11, bitsPerSample: 4 }), /format code 0x0011 \(IMA-ADPCM\)/],
    ["MS ADPCM", rawWav({ formatTag: 2, bitsPerSample: 4 }), /format code 0x0002 \(Microsoft ADPCM\)/],
    ["µ-law inside EXTENSIBLE", ext(7), /format code 0x0007 \(µ-law\) \(EXTENSIBLE sub-format\)/],
    [
      "EXTENSIBLE with a non-standard sub-format GUID (ambisonic B-format)",
      (() => {
        const b = ext(1);
        b.set([0x21, 0x07, 0xd3, 0x11, 0x86, 0x44, 0xc8, 0xc1, 0xca, 0x00, 0x00, 0x00], 48);
        return b;
      })(),
      /EXTENSIBLE sub-format GUID 00000001-0721-11d3-8644-c8c1ca000000/,
    ],
    ["12-bit PCM", rawWav({ formatTag: 1, bitsPerSample: 12 }), /integer PCM with 12 bits per sample/],
    ["16-bit float", rawWav({ formatTag: 3, bitsPerSample: 16 }), /IEEE float with 16 bits per sample/],
    ["0 channels", rawWav({ formatTag: 1, channels: 0 }), /0 channels/],
    ["empty data chunk", rawWav({ formatTag: 1, data: new Uint8Array(0) }), /no samples \(empty 'data' chunk\)/],
    ["data cut before first sample", rawWav({ formatTag: 1, bitsPerSample: 16, channels: 2, data: new Uint8Array(2), declaredDataBytes: 100 }), /no samples \(file ends before the first sample\)/],
    ["big-endian RIFX", Uint8Array.from("RIFX\x00\x00\x00\x00WAVE", (c) => c.charCodeAt(0)), /unsupported WAV container 'RIFX'/],
  ];

  it.each(cases)("%s", (_name, bytes, message) => {
    let caught: unknown;
    try {
      decodeWav(bytes, { file: "dir/bad.wav" });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InputError);
    const m = (caught as InputError).message;
    expect(m.startsWith("dir/bad.wav: ")).toBe(true);
    expect(m).not.toContain("\n");
    expect(m).toMatch(message);
  });
});

import { describe, expect, it } from "vitest";
import WaveFileModule from "wavefile";
import { encodeWav, type WavEncoding } from "../../src/audio/encodeWav.js";

const ENCODINGS: WavEncoding[] = ["pcm8", "pcm16", "pcm24", "pcm32", "float32", "float64"];
const BITS = { pcm8: 8, pcm16: 16, pcm24: 24, pcm32: 32, float32: 32, float64: 64 };

function u16(b: Uint8Array, at: number): number {
  return new DataView(b.buffer, b.byteOffset).getUint16(at, true);
}
function u32(b: Uint8Array, at: number): number {
  return new DataView(b.buffer, b.byteOffset).getUint32(at, true);
}
function text(b: Uint8Array, at: number, n: number): string {
  return String.fromCharCode(...b.subarray(at, at + n));
}

describe("encodeWav header", () => {
  it.each(ENCODINGS)("%s: RIFF sizes, byte rate, block align", (encoding) => {
    const ch = [new Float32Array(5), new Float32Array(5)];
    const b = encodeWav(ch, { sampleRate: 22050, encoding });
    const bytes = BITS[encoding] / 8;
    expect(text(b, 0, 4)).toBe("RIFF");
    expect(u32(b, 4)).toBe(b.length - 8);
    expect(text(b, 8, 8)).toBe("WAVEfmt ");
    expect(u32(b, 16)).toBe(16);
    expect(u16(b, 20)).toBe(encoding.startsWith("float") ? 3 : 1);
    expect(u16(b, 22)).toBe(2);
    expect(u32(b, 24)).toBe(22050);
    expect(u32(b, 28)).toBe(22050 * 2 * bytes);
    expect(u16(b, 32)).toBe(2 * bytes);
    expect(u16(b, 34)).toBe(BITS[encoding]);
    expect(text(b, 36, 4)).toBe("data");
    expect(u32(b, 40)).toBe(5 * 2 * bytes);
    expect(b.length % 2).toBe(0); // odd data (pcm8 × 5 × 2 = 10 is even; see the next test)
  });

  it("pads an odd-sized data chunk to an even length without counting the pad", () => {
    const b = encodeWav([new Float32Array(3)], { sampleRate: 8000, encoding: "pcm8" });
    expect(u32(b, 40)).toBe(3);
    expect(b.length).toBe(44 + 4);
    expect(u32(b, 4)).toBe(b.length - 8);
  });

  it.each(["pcm24", "float32"] as WavEncoding[])("%s EXTENSIBLE: 0xFFFE, cbSize 22, sub-format GUID", (encoding) => {
    const b = encodeWav([new Float32Array(4)], { sampleRate: 44100, encoding, extensible: true });
    expect(u32(b, 16)).toBe(40);
    expect(u16(b, 20)).toBe(0xfffe);
    expect(u16(b, 36)).toBe(22);
    expect(u16(b, 38)).toBe(BITS[encoding]);
    const guid = Array.from(b.subarray(44, 60), (x) => x.toString(16).padStart(2, "0")).join("");
    const code = encoding === "float32" ? "03" : "01";
    // KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT: 0000000X-0000-0010-8000-00aa00389b71, little-endian fields
    expect(guid).toBe(`${code}00000000001000800000aa00389b71`);
    expect(text(b, 60, 4)).toBe("data");
  });
});

describe("encodeWav samples, read by an independent decoder (wavefile)", () => {
  const WaveFile = (WaveFileModule as unknown as { WaveFile: new (b: Uint8Array) => WaveFileLike }).WaveFile;
  interface WaveFileLike {
    getSamples(interleaved: boolean, ctor: Float64ArrayConstructor): Float64Array[];
  }
  const left = new Float32Array([0, 0.5, -0.5, 1, -1, 0.25]);
  const right = new Float32Array([0.1, -0.1, 0.75, -0.75, 0, 2]); // 2 is clipped to 1

  it.each([
    ["pcm8", 128, 128],
    ["pcm16", 32768, 0],
    ["pcm24", 8388608, 0],
    ["pcm32", 2147483648, 0],
  ] as const)("%s integers: round(x·2^(b−1)) clipped to the code range", (encoding, half, offset) => {
    const wav = new WaveFile(encodeWav([left, right], { sampleRate: 8000, encoding, extensible: encoding === "pcm24" }));
    const [l, r] = wav.getSamples(false, Float64Array);
    const q = (x: number) => Math.max(-half, Math.min(half - 1, Math.sign(x) * Math.round(Math.abs(x) * half))) + offset;
    expect(Array.from(l)).toEqual(Array.from(left, q));
    expect(Array.from(r)).toEqual(Array.from(right, q));
    expect(l[3]).toBe(half - 1 + offset); // +1 clips one LSB below full scale
    expect(l[4]).toBe(-half + offset); // −1 is exactly the lowest code
  });

  it.each(["float32", "float64"] as const)("%s keeps the values", (encoding) => {
    const wav = new WaveFile(encodeWav([left, right], { sampleRate: 8000, encoding }));
    const [l, r] = wav.getSamples(false, Float64Array);
    expect(Array.from(l)).toEqual(Array.from(left));
    expect(Array.from(r)).toEqual(Array.from(right));
  });

  it("rejects channels of different lengths and bad rates", () => {
    expect(() => encodeWav([new Float32Array(2), new Float32Array(3)], { sampleRate: 8000, encoding: "pcm16" })).toThrow(/length/);
    expect(() => encodeWav([new Float32Array(2)], { sampleRate: 0, encoding: "pcm16" })).toThrow(/sampleRate/);
    expect(() => encodeWav([], { sampleRate: 8000, encoding: "pcm16" })).toThrow(/channel/);
  });
});

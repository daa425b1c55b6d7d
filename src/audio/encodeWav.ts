/**
 * A RIFF/WAVE writer for every encoding chordtrain reads back: integer PCM of 8/16/24/32 bits and
 * IEEE float of 32/64 bits, optionally as WAVE_FORMAT_EXTENSIBLE (0xFFFE) with the matching
 * sub-format GUID. Used by the synthetic corpus generator and by tests, so it is written from the
 * spec (Microsoft "Multimedia Programming Interface and Data Specifications 1.0" and the
 * WAVEFORMATEXTENSIBLE note) with no dependency.
 *
 * Integer quantisation: x is scaled by 2^(bits−1), rounded (half away from zero) and clipped to
 * the code range [−2^(bits−1), 2^(bits−1) − 1]; decodeWav divides by the same 2^(bits−1), so a
 * round trip is exact to half an LSB everywhere except x ≥ 1, which clips one LSB below 1.
 * 8-bit PCM is unsigned with its zero at 128, per spec.
 */

export type WavEncoding = "pcm8" | "pcm16" | "pcm24" | "pcm32" | "float32" | "float64";

export interface EncodeWavOptions {
  sampleRate: number;
  encoding: WavEncoding;
  /** Write WAVE_FORMAT_EXTENSIBLE (0xFFFE) with a sub-format GUID instead of a plain fmt chunk. */
  extensible?: boolean;
}

export const WAVE_FORMAT_PCM = 0x0001;
export const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
export const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

const BITS: Record<WavEncoding, number> = {
  pcm8: 8,
  pcm16: 16,
  pcm24: 24,
  pcm32: 32,
  float32: 32,
  float64: 64,
};

/** Encode channels (each of equal length, values in [-1, 1]) as one interleaved WAV file. */
export function encodeWav(channels: Float32Array[], opts: EncodeWavOptions): Uint8Array {
  const nChannels = channels.length;
  if (nChannels < 1) throw new RangeError("encodeWav: need at least one channel");
  const nFrames = channels[0].length;
  for (const c of channels) {
    if (c.length !== nFrames) throw new RangeError("encodeWav: channels differ in length");
  }
  if (!Number.isInteger(opts.sampleRate) || opts.sampleRate <= 0) {
    throw new RangeError(`encodeWav: sampleRate must be a positive integer, got ${opts.sampleRate}`);
  }
  const bits = BITS[opts.encoding];
  const bytesPerSample = bits / 8;
  const blockAlign = nChannels * bytesPerSample;
  const dataBytes = nFrames * blockAlign;
  const fmtBytes = opts.extensible ? 40 : 16;
  const padByte = dataBytes % 2; // RIFF chunks are word-aligned
  const total = 12 + 8 + fmtBytes + 8 + dataBytes + padByte;

  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  writeAscii(out, 0, "RIFF");
  view.setUint32(4, total - 8, true);
  writeAscii(out, 8, "WAVE");
  writeAscii(out, 12, "fmt ");
  view.setUint32(16, fmtBytes, true);
  writeFmtBody(view, 20, { ...opts, nChannels, bits, blockAlign });
  const dataHeader = 20 + fmtBytes;
  writeAscii(out, dataHeader, "data");
  view.setUint32(dataHeader + 4, dataBytes, true);
  writeSamples(view, dataHeader + 8, channels, opts.encoding);
  return out;
}

interface FmtFields extends EncodeWavOptions {
  nChannels: number;
  bits: number;
  blockAlign: number;
}

function writeFmtBody(view: DataView, at: number, f: FmtFields): void {
  const isFloat = f.encoding === "float32" || f.encoding === "float64";
  const code = isFloat ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM;
  view.setUint16(at, f.extensible ? WAVE_FORMAT_EXTENSIBLE : code, true);
  view.setUint16(at + 2, f.nChannels, true);
  view.setUint32(at + 4, f.sampleRate, true);
  view.setUint32(at + 8, f.sampleRate * f.blockAlign, true); // byte rate
  view.setUint16(at + 12, f.blockAlign, true);
  view.setUint16(at + 14, f.bits, true);
  if (!f.extensible) return;
  view.setUint16(at + 16, 22, true); // cbSize: size of the extension
  view.setUint16(at + 18, f.bits, true); // wValidBitsPerSample
  view.setUint32(at + 20, defaultChannelMask(f.nChannels), true);
  // Sub-format GUID 0000XXXX-0000-0010-8000-00aa00389b71 (KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT).
  view.setUint32(at + 24, code, true);
  view.setUint16(at + 28, 0x0000, true);
  view.setUint16(at + 30, 0x0010, true);
  const tail = [0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
  for (let i = 0; i < 8; i++) view.setUint8(at + 32 + i, tail[i]);
}

/** Speaker positions for the usual layouts (FL, FR, FC, LFE, BL, BR, …); 0 = unspecified. */
function defaultChannelMask(nChannels: number): number {
  if (nChannels === 1) return 0x4; // front centre
  if (nChannels <= 18) return (2 ** nChannels - 1) >>> 0;
  return 0;
}

function writeSamples(view: DataView, at: number, channels: Float32Array[], enc: WavEncoding): void {
  const nChannels = channels.length;
  const nFrames = channels[0].length;
  const bytes = BITS[enc] / 8;
  let p = at;
  for (let i = 0; i < nFrames; i++) {
    for (let c = 0; c < nChannels; c++) {
      writeOne(view, p, channels[c][i], enc);
      p += bytes;
    }
  }
}

function writeOne(view: DataView, p: number, x: number, enc: WavEncoding): void {
  switch (enc) {
    case "float32":
      view.setFloat32(p, x, true);
      return;
    case "float64":
      view.setFloat64(p, x, true);
      return;
    case "pcm8":
      view.setUint8(p, quantise(x, 128) + 128);
      return;
    case "pcm16":
      view.setInt16(p, quantise(x, 32768), true);
      return;
    case "pcm24": {
      const v = quantise(x, 8388608);
      view.setUint16(p, v & 0xffff, true);
      view.setInt8(p + 2, v >> 16);
      return;
    }
    case "pcm32":
      view.setInt32(p, quantise(x, 2147483648), true);
      return;
  }
}

/** round(x·2^(b−1)) clipped to the b-bit two's-complement range; NaN → 0. */
function quantise(x: number, half: number): number {
  if (Number.isNaN(x)) return 0;
  const v = x * half;
  const r = v < 0 ? -Math.round(-v) : Math.round(v);
  return r > half - 1 ? half - 1 : r < -half ? -half : r;
}

function writeAscii(out: Uint8Array, at: number, s: string): void {
  for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i);
}

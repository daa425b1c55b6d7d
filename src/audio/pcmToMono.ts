/**
 * Interleaved WAV sample bytes → one mono Float32Array in [-1, 1], channels averaged.
 *
 * Integer PCM of b bits is divided by 2^(b−1) (so the range is [−1, 1 − 2^(1−b)]); 8-bit PCM is
 * unsigned with zero at 128 (RIFF spec). Float samples are passed through unchanged.
 *
 * Speed: this is the hot loop of decoding (a 3-minute stereo file is 16 M samples), so 16/32-bit
 * integer and float data are read through a typed-array view of the bytes (little-endian hosts:
 * every platform Node ships for) rather than DataView calls; 24-bit has no typed array and is
 * assembled from bytes.
 */
import type { WavEncoding } from "./encodeWav.js";

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export interface PcmLayout {
  encoding: WavEncoding;
  channels: number;
}

/** Decode `bytes` (whole frames of interleaved samples) to a mono mix. */
export function pcmToMono(bytes: Uint8Array, layout: PcmLayout): Float32Array {
  const { encoding, channels } = layout;
  if (encoding === "pcm24") return mix24(bytes, channels);
  if (encoding === "pcm8") return mixUnsigned8(bytes, channels);
  const typed = typedView(bytes, encoding);
  const scale = encoding === "pcm16" ? 1 / 32768 : encoding === "pcm32" ? 1 / 2147483648 : 1;
  return mixTyped(typed, channels, scale);
}

type SampleArray = Int16Array | Int32Array | Float32Array | Float64Array;

function typedView(bytes: Uint8Array, encoding: WavEncoding): SampleArray {
  if (!LITTLE_ENDIAN_HOST) return readWithDataView(bytes, encoding);
  const size = encoding === "pcm16" ? 2 : encoding === "float64" ? 8 : 4;
  // A typed view needs its byte offset aligned to the element size; copy (memcpy-fast) when not.
  // `new Uint8Array(x)` copies; `x.slice()` would not when x is a Node Buffer.
  const b = bytes.byteOffset % size === 0 ? bytes : new Uint8Array(bytes);
  const n = b.byteLength / size;
  if (encoding === "pcm16") return new Int16Array(b.buffer, b.byteOffset, n);
  if (encoding === "pcm32") return new Int32Array(b.buffer, b.byteOffset, n);
  if (encoding === "float32") return new Float32Array(b.buffer, b.byteOffset, n);
  return new Float64Array(b.buffer, b.byteOffset, n);
}

function mixTyped(samples: SampleArray, channels: number, scale: number): Float32Array {
  const nFrames = Math.floor(samples.length / channels);
  const out = new Float32Array(nFrames);
  if (channels === 1) {
    for (let i = 0; i < nFrames; i++) out[i] = samples[i] * scale;
    return out;
  }
  if (channels === 2) {
    const s = scale / 2;
    for (let i = 0, j = 0; i < nFrames; i++, j += 2) out[i] = (samples[j] + samples[j + 1]) * s;
    return out;
  }
  const s = scale / channels;
  for (let i = 0, j = 0; i < nFrames; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += samples[j++];
    out[i] = sum * s;
  }
  return out;
}

function mixUnsigned8(bytes: Uint8Array, channels: number): Float32Array {
  const nFrames = Math.floor(bytes.length / channels);
  const out = new Float32Array(nFrames);
  const s = 1 / (128 * channels);
  for (let i = 0, j = 0; i < nFrames; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += bytes[j++] - 128;
    out[i] = sum * s;
  }
  return out;
}

function mix24(bytes: Uint8Array, channels: number): Float32Array {
  const nFrames = Math.floor(bytes.length / (3 * channels));
  const out = new Float32Array(nFrames);
  const s = 1 / (8388608 * channels);
  for (let i = 0, j = 0; i < nFrames; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++, j += 3) {
      // Little-endian 24-bit two's complement: shift into the top of an int32, then back down.
      sum += ((bytes[j] << 8) | (bytes[j + 1] << 16) | (bytes[j + 2] << 24)) >> 8;
    }
    out[i] = sum * s;
  }
  return out;
}

/** Big-endian hosts only: decode element by element with explicit little-endian reads. */
function readWithDataView(bytes: Uint8Array, encoding: WavEncoding): SampleArray {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = encoding === "pcm16" ? 2 : encoding === "float64" ? 8 : 4;
  const n = Math.floor(bytes.byteLength / size);
  if (encoding === "pcm16") return Int16Array.from({ length: n }, (_, i) => view.getInt16(i * 2, true));
  if (encoding === "pcm32") return Int32Array.from({ length: n }, (_, i) => view.getInt32(i * 4, true));
  if (encoding === "float32") return Float32Array.from({ length: n }, (_, i) => view.getFloat32(i * 4, true));
  return Float64Array.from({ length: n }, (_, i) => view.getFloat64(i * 8, true));
}

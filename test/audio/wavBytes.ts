/**
 * Hand-built WAV byte layouts for the cases encodeWav deliberately cannot write: other format
 * codes (µ-law, ADPCM), missing chunks, truncation, streamed sizes, extra chunks.
 */
export interface RawWav {
  formatTag: number;
  channels?: number;
  sampleRate?: number;
  bitsPerSample?: number;
  /** Bytes of the data chunk body. */
  data?: Uint8Array;
  /** Size written in the data chunk header (default data.length). */
  declaredDataBytes?: number;
  /** Chunks inserted between fmt and data: [id, body]. */
  extraChunks?: [string, Uint8Array][];
  omitFmt?: boolean;
}

export function rawWav(spec: RawWav): Uint8Array {
  const channels = spec.channels ?? 1;
  const sampleRate = spec.sampleRate ?? 8000;
  const bits = spec.bitsPerSample ?? 8;
  const data = spec.data ?? new Uint8Array(16);
  const chunks: Uint8Array[] = [];
  if (!spec.omitFmt) {
    const fmt = new Uint8Array(16);
    const v = new DataView(fmt.buffer);
    v.setUint16(0, spec.formatTag, true);
    v.setUint16(2, channels, true);
    v.setUint32(4, sampleRate, true);
    v.setUint32(8, (sampleRate * channels * bits) / 8, true);
    v.setUint16(12, (channels * bits) / 8 || 1, true);
    v.setUint16(14, bits, true);
    chunks.push(chunk("fmt ", fmt));
  }
  for (const [id, body] of spec.extraChunks ?? []) chunks.push(chunk(id, body));
  chunks.push(chunk("data", data, spec.declaredDataBytes));
  const bodyLength = chunks.reduce((s, c) => s + c.length, 0);
  const out = new Uint8Array(12 + bodyLength);
  out.set(ascii("RIFF"), 0);
  new DataView(out.buffer).setUint32(4, 4 + bodyLength, true);
  out.set(ascii("WAVE"), 8);
  let p = 12;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

function chunk(id: string, body: Uint8Array, declared = body.length): Uint8Array {
  const pad = body.length % 2;
  const out = new Uint8Array(8 + body.length + pad);
  out.set(ascii(id), 0);
  new DataView(out.buffer).setUint32(4, declared, true);
  out.set(body, 8);
  return out;
}

export function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

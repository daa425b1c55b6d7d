/**
 * RIFF/WAVE container parsing: walk the chunks, read the `fmt ` chunk (plain or
 * WAVE_FORMAT_EXTENSIBLE) and locate the `data` chunk. No sample is touched here.
 *
 * Layout (little-endian, Microsoft RIFF spec 1.0): "RIFF" size "WAVE", then chunks of
 * id(4) size(4) body(size, padded to an even length). fmt body: formatTag(2) channels(2)
 * sampleRate(4) byteRate(4) blockAlign(2) bitsPerSample(2) [cbSize(2) validBits(2)
 * channelMask(4) subFormat GUID(16)] — the GUID's first two bytes are the real format code.
 */
import { InputError } from "../errors.js";
import type { WavEncoding } from "./encodeWav.js";

export interface WavHeader {
  sampleRate: number;
  channels: number;
  encoding: WavEncoding;
  /** The fmt chunk was WAVE_FORMAT_EXTENSIBLE (0xFFFE). */
  extensible: boolean;
  /** Byte offset of the first sample in the file. */
  dataOffset: number;
  /** Bytes of sample data present in the file (whole frames only). */
  dataBytes: number;
  /** The data chunk declared more bytes than the file holds. */
  truncated: boolean;
  /** The data chunk size was 0xFFFFFFFF (a streamed header): read to end of file. */
  streamed: boolean;
  /** Bytes per frame (all channels of one sample instant). */
  blockAlign: number;
}

/** Names of the format codes a user is likely to meet, for error messages. */
const FORMAT_NAMES: Record<number, string> = {
  0x0001: "integer PCM",
  0x0002: "Microsoft ADPCM",
  0x0003: "IEEE float",
  0x0006: "A-law",
  0x0007: "µ-law",
  0x0011: "IMA-ADPCM",
  0x0031: "GSM 6.10",
  0x0050: "MPEG",
  0x0055: "MPEG Layer 3 (MP3)",
  0x00ff: "AAC",
  0xfffe: "EXTENSIBLE",
};

const STREAMED_SIZE = 0xffffffff;
const SUPPORTED = "chordtrain reads integer PCM (8/16/24/32-bit) and IEEE float (32/64-bit)";

/** Parse the header of a WAV file held in `bytes`; `file` names it in errors. */
export function parseWavHeader(bytes: Uint8Array, file: string): WavHeader {
  if (bytes.length === 0) throw new InputError("empty file (0 bytes), expected a WAV file", { file });
  checkRiff(bytes, file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: FmtInfo | undefined;
  let pos = 12;
  while (pos + 8 <= bytes.length) {
    const id = ascii(bytes, pos, 4);
    const size = view.getUint32(pos + 4, true);
    const body = pos + 8;
    if (id === "fmt ") {
      fmt = parseFmt(view, body, size, file);
    } else if (id === "data") {
      if (!fmt) throw new InputError("no 'fmt ' chunk before the 'data' chunk", { file });
      return locateData(fmt, body, size, bytes.length);
    }
    pos = body + size + (size & 1);
  }
  if (pos !== bytes.length) {
    // The walk stopped inside a chunk header, or a chunk body ran past the end of the file.
    const what = fmt ? "no 'data' chunk" : "no 'fmt ' chunk";
    throw new InputError(`truncated header (${bytes.length} bytes): ${what} found`, { file });
  }
  if (!fmt) throw new InputError("not a usable WAV file: no 'fmt ' chunk", { file });
  throw new InputError("not a usable WAV file: no 'data' chunk", { file });
}

function checkRiff(bytes: Uint8Array, file: string): void {
  const magic = ascii(bytes, 0, Math.min(4, bytes.length));
  if (magic === "RIFX" || magic === "RF64") {
    throw new InputError(`unsupported WAV container '${magic}' (big-endian or 64-bit RIFF)`, { file });
  }
  if (magic !== "RIFF".slice(0, magic.length)) {
    throw new InputError(`not a WAV file: expected 'RIFF' at byte 0, got ${describeBytes(bytes, 0, 4)}`, { file });
  }
  if (bytes.length < 12) {
    throw new InputError(`truncated header: ${bytes.length} bytes, a WAV file needs at least 44`, { file });
  }
  if (ascii(bytes, 8, 4) !== "WAVE") {
    throw new InputError(`not a WAV file: expected 'WAVE' at byte 8, got ${describeBytes(bytes, 8, 4)}`, { file });
  }
}

interface FmtInfo {
  sampleRate: number;
  channels: number;
  encoding: WavEncoding;
  extensible: boolean;
  blockAlign: number;
}

function parseFmt(view: DataView, at: number, size: number, file: string): FmtInfo {
  if (size < 16 || at + 16 > view.byteLength) {
    throw new InputError(`truncated header: 'fmt ' chunk has ${Math.min(size, view.byteLength - at)} of 16 bytes`, { file });
  }
  const tag = view.getUint16(at, true);
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const bits = view.getUint16(at + 14, true);
  const extensible = tag === 0xfffe;
  let code = tag;
  if (extensible) {
    if (size < 40 || at + 40 > view.byteLength) {
      throw new InputError(`truncated header: EXTENSIBLE 'fmt ' chunk has ${Math.min(size, view.byteLength - at)} of 40 bytes`, { file });
    }
    code = view.getUint16(at + 24, true); // first bytes of the sub-format GUID
    if (!isStandardSubFormat(view, at + 24)) {
      throw new InputError(`unsupported WAV encoding: EXTENSIBLE sub-format GUID ${guidText(view, at + 24)}; ${SUPPORTED}`, {
        file,
      });
    }
  }
  if (channels === 0) throw new InputError("invalid WAV header: 0 channels", { file });
  if (sampleRate === 0) throw new InputError("invalid WAV header: sample rate 0 Hz", { file });
  const encoding = encodingOf(code, bits, extensible, file);
  return { sampleRate, channels, encoding, extensible, blockAlign: (channels * bits) / 8 };
}

function encodingOf(code: number, bits: number, extensible: boolean, file: string): WavEncoding {
  if (code === 0x0001 && (bits === 8 || bits === 16 || bits === 24 || bits === 32)) {
    return `pcm${bits}` as WavEncoding;
  }
  if (code === 0x0003 && (bits === 32 || bits === 64)) return `float${bits}` as WavEncoding;
  const hex = `0x${code.toString(16).padStart(4, "0")}`;
  const name = FORMAT_NAMES[code] ?? "unknown";
  const where = extensible ? " (EXTENSIBLE sub-format)" : "";
  if (code === 0x0001 || code === 0x0003) {
    throw new InputError(`unsupported WAV encoding: ${name} with ${bits} bits per sample; ${SUPPORTED}`, { file });
  }
  throw new InputError(`unsupported WAV encoding: format code ${hex} (${name})${where}; ${SUPPORTED}`, { file });
}

/** KSDATAFORMAT_SUBTYPE_xxx = 0000XXXX-0000-0010-8000-00AA00389B71 (mmreg.h / ksmedia.h). */
const SUBFORMAT_TAIL = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

function isStandardSubFormat(view: DataView, at: number): boolean {
  if (view.getUint16(at + 2, true) !== 0) return false;
  return SUBFORMAT_TAIL.every((b, i) => view.getUint8(at + 4 + i) === b);
}

function guidText(view: DataView, at: number): string {
  const hex = (n: number, digits: number) => n.toString(16).padStart(digits, "0");
  const tail = Array.from({ length: 8 }, (_, i) => hex(view.getUint8(at + 8 + i), 2)).join("");
  return `${hex(view.getUint32(at, true), 8)}-${hex(view.getUint16(at + 4, true), 4)}-${hex(view.getUint16(at + 6, true), 4)}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}

function locateData(fmt: FmtInfo, at: number, size: number, fileBytes: number): WavHeader {
  const available = fileBytes - at;
  const streamed = size === STREAMED_SIZE;
  const truncated = !streamed && size > available;
  const present = streamed || truncated ? available : size;
  const dataBytes = present - (present % fmt.blockAlign);
  return { ...fmt, dataOffset: at, dataBytes, truncated, streamed };
}

function ascii(bytes: Uint8Array, at: number, n: number): string {
  let s = "";
  for (let i = at; i < at + n && i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/** The bytes as a quoted string, non-printable ones as \xNN: 'ID3\x03'. */
function describeBytes(bytes: Uint8Array, at: number, n: number): string {
  const slice = Array.from(bytes.subarray(at, at + n));
  if (slice.length === 0) return "end of file";
  const shown = slice.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, "0")}`));
  return `'${shown.join("")}'`;
}

/**
 * Checks of a compressed file's container that the decoders do not make themselves, so a damaged
 * file is an error instead of silently shorter or wrong audio (measured with audio-decode 3.16):
 *
 * - FLAC: the wasm decoder returns the frames before a cut without complaint. STREAMINFO holds
 *   the total number of samples (FLAC format spec, "METADATA_BLOCK_STREAMINFO": 20 bits rate,
 *   3 bits channels−1, 5 bits bits-per-sample−1, 36 bits total samples; 0 = unknown), so a
 *   truncated file is recognised by decoding fewer.
 * - AIFF: @audio/decode-aiff reads 8-bit AIFF samples as unsigned (AIFF's are signed, AIFF 1.3
 *   spec), giving a large DC offset; 8-bit AIFF is refused rather than misread.
 * - Ogg (Vorbis, Opus): the decoders skip damaged packets and decode garbage without complaint.
 *   Every Ogg page carries a CRC-32 of itself (RFC 3533 §6: polynomial 0x04C11DB7, initial 0,
 *   not reflected, computed with the CRC field zeroed), and the last page of a complete stream has
 *   the end-of-stream flag; both are checked before decoding.
 * - MP3: mpg123 decodes the whole frames before a cut and drops the rest silently. Every MPEG
 *   audio frame header gives the frame's length in bytes (ISO/IEC 11172-3 §2.4.2.3 and 13818-3:
 *   Layer III length = 144000·kbps/rate (MPEG-1) or 72000·kbps/rate (MPEG-2/2.5), + 1 padding
 *   byte), so walking the frames finds a file that ends inside one (or inside the 4-byte header of
 *   one: 1–3 bytes left that start with the sync bits). A cut that falls exactly on a
 *   frame boundary, and damage inside a frame, are not detectable this way (MP3 has no checksum
 *   unless the optional CRC is on).
 */
import { InputError } from "../errors.js";

/** Before decoding: refuse what the decoder is known to misread. */
export function checkBeforeDecode(bytes: Uint8Array, file: string): void {
  const problem = checkOggPages(bytes) ?? checkMp3Frames(bytes);
  if (problem) throw new InputError(problem, { file });
  const bits = aiffSampleSize(bytes);
  if (bits !== undefined && bits <= 8) {
    throw new InputError(`${bits}-bit AIFF is not supported (convert it to 16-bit or to WAV/FLAC)`, { file });
  }
}

/** After decoding: a FLAC file that decoded fewer samples than its STREAMINFO declares is truncated. */
export function checkDecodedLength(bytes: Uint8Array, decodedFrames: number, file: string): void {
  const declared = flacTotalSamples(bytes);
  if (declared !== undefined && declared > 0 && decodedFrames < declared) {
    throw new InputError(
      `truncated or corrupt FLAC: decoded ${decodedFrames} of the ${declared} samples its header declares`,
      { file },
    );
  }
}

/** STREAMINFO's total samples per channel, when the file starts with "fLaC" + STREAMINFO. */
export function flacTotalSamples(bytes: Uint8Array): number | undefined {
  if (bytes.length < 42 || ascii(bytes, 0, 4) !== "fLaC" || (bytes[4] & 0x7f) !== 0) return undefined;
  // STREAMINFO body starts at byte 8; the 36-bit count starts at bit 4 of body byte 13.
  const b = 8 + 13;
  const high = bytes[b] & 0x0f;
  const low = ((bytes[b + 1] << 24) >>> 0) + (bytes[b + 2] << 16) + (bytes[b + 3] << 8) + bytes[b + 4];
  return high * 2 ** 32 + low;
}

/** The COMM chunk's sampleSize of an AIFF/AIFC file, or undefined when it is not one. */
export function aiffSampleSize(bytes: Uint8Array): number | undefined {
  if (bytes.length < 12 || ascii(bytes, 0, 4) !== "FORM") return undefined;
  const form = ascii(bytes, 8, 4);
  if (form !== "AIFF" && form !== "AIFC") return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 12; at + 8 <= bytes.length; ) {
    const size = view.getUint32(at + 4, false);
    // COMM: numChannels (2), numSampleFrames (4), sampleSize (2), … (big-endian).
    if (ascii(bytes, at, 4) === "COMM" && at + 16 <= bytes.length) return view.getUint16(at + 14, false);
    at += 8 + size + (size % 2);
  }
  return undefined;
}

/** Undefined when `bytes` is no Ogg stream or every page is whole and intact; else the problem. */
export function checkOggPages(bytes: Uint8Array): string | undefined {
  if (bytes.length < 4 || ascii(bytes, 0, 4) !== "OggS") return undefined;
  let at = 0;
  let lastFlags = 0;
  while (at < bytes.length) {
    if (at + 27 > bytes.length) return `truncated Ogg stream: it ends inside the page header at byte ${at}`;
    if (ascii(bytes, at, 4) !== "OggS") return `corrupt Ogg stream: no page header at byte ${at}`;
    const nSegments = bytes[at + 26];
    if (at + 27 + nSegments > bytes.length) return `truncated Ogg stream: the page at byte ${at} runs past the end`;
    let size = 27 + nSegments;
    for (let i = 0; i < nSegments; i++) size += bytes[at + 27 + i];
    if (at + size > bytes.length) return `truncated Ogg stream: the page at byte ${at} runs past the end`;
    const page = bytes.subarray(at, at + size);
    const stored = new DataView(page.buffer, page.byteOffset).getUint32(22, true);
    if (oggCrc(page) !== stored) return `corrupt Ogg stream: checksum mismatch in the page at byte ${at}`;
    lastFlags = page[5];
    at += size;
  }
  return lastFlags & 0x04 ? undefined : "truncated Ogg stream: the last page is not marked end-of-stream";
}

const OGG_CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

/** CRC-32 of an Ogg page with its checksum field (bytes 22–25) taken as zero. */
function oggCrc(page: Uint8Array): number {
  let crc = 0;
  for (let i = 0; i < page.length; i++) {
    const byte = i >= 22 && i < 26 ? 0 : page[i];
    crc = ((crc << 8) ^ OGG_CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]) >>> 0;
  }
  return crc;
}

function ascii(bytes: Uint8Array, at: number, n: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + n));
}

const MP3_KBPS_MPEG1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MP3_KBPS_MPEG2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const MP3_RATES: Record<number, readonly number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

/** Length in bytes of the Layer III frame whose header starts at `at`, or undefined when none does. */
export function mp3FrameLength(bytes: Uint8Array, at: number): number | undefined {
  if (at + 4 > bytes.length || bytes[at] !== 0xff || (bytes[at + 1] & 0xe0) !== 0xe0) return undefined;
  const version = (bytes[at + 1] >> 3) & 3; // 3 MPEG-1, 2 MPEG-2, 0 MPEG-2.5, 1 reserved
  const layer = (bytes[at + 1] >> 1) & 3; // 1 = Layer III
  const bitrateIndex = bytes[at + 2] >> 4;
  const rateIndex = (bytes[at + 2] >> 2) & 3;
  const padding = (bytes[at + 2] >> 1) & 1;
  if (version === 1 || layer !== 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const kbps = (version === 3 ? MP3_KBPS_MPEG1 : MP3_KBPS_MPEG2)[bitrateIndex];
  const rate = MP3_RATES[version][rateIndex];
  return Math.floor(((version === 3 ? 144000 : 72000) * kbps) / rate) + padding;
}

/** Undefined when `bytes` is no MP3 stream or it does not end inside a frame; else the problem. */
export function checkMp3Frames(bytes: Uint8Array): string | undefined {
  let at = 0;
  // An ID3v2 tag: "ID3", version (2), flags (1), size as four 7-bit bytes (+ 10 with a footer).
  if (bytes.length >= 10 && ascii(bytes, 0, 3) === "ID3") {
    at = 10 + ((bytes[6] << 21) | (bytes[7] << 14) | (bytes[8] << 7) | bytes[9]) + (bytes[5] & 0x10 ? 10 : 0);
  }
  let frames = 0;
  for (;;) {
    const length = mp3FrameLength(bytes, at);
    if (length === undefined) {
      // 1–3 bytes left that start like a frame header (sync bits): cut inside the header.
      const left = bytes.length - at;
      const sync = bytes[at] === 0xff && (left < 2 || (bytes[at + 1] & 0xe0) === 0xe0);
      if (frames > 0 && left > 0 && left < 4 && sync) {
        return `truncated MP3: the file ends inside the header of frame ${frames + 1} (${left} of its 4 bytes)`;
      }
      // No frame header here: the end, a trailing tag (ID3v1, APE, Lyrics) or something else.
      return undefined;
    }
    if (at + length > bytes.length) {
      return frames === 0
        ? undefined
        : `truncated MP3: the file ends inside frame ${frames + 1} (${bytes.length - at} of its ${length} bytes)`;
    }
    frames++;
    at += length;
  }
}

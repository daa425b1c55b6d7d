/**
 * Decode compressed (and non-WAV) audio held in memory to a mono Float32Array, with
 * `audio-decode` (MIT umbrella over wasm decoders: FLAC, MP3 via mpg123, Ogg Vorbis, Opus,
 * AAC in .m4a/.mp4/ADTS, AIFF, …). The format is detected from the bytes (`audio-type`), never
 * from the extension, so a mislabelled file still decodes and a text file named `.mp3` fails.
 *
 * audio-decode returns `{ channelData: Float32Array[], sampleRate }` (not a web AudioBuffer);
 * the channels are averaged here as decodeWav does for WAV.
 *
 * Its errors are plain Errors with library wording; they become one-line InputErrors naming the
 * file. A file that decodes to no samples is an error too: the wasm decoders skip undecodable
 * frames instead of throwing, so "nothing came out" is how most corrupt files show.
 */
import decode from "audio-decode";
import { InputError } from "../errors.js";
import { checkBeforeDecode, checkDecodedLength } from "./containerChecks.js";

export interface DecodedAudio {
  sampleRate: number;
  /** Channels in the file (the samples are their average). */
  channels: number;
  /** Mono mix. */
  samples: Float32Array;
}

/** Extensions chordtrain treats as audio when it searches folders (lower case, with the dot). */
export const AUDIO_EXTENSIONS = [
  ".wav", ".flac", ".mp3", ".ogg", ".oga", ".opus", ".m4a", ".mp4", ".aac", ".aif", ".aiff",
] as const;

/** True when `path` ends in one of AUDIO_EXTENSIONS (any case). */
export function isAudioPath(path: string): boolean {
  const lower = path.toLowerCase();
  return AUDIO_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** Decode `bytes` (a whole file); InputError naming `file` when it is not decodable audio. */
export async function decodeCompressed(bytes: Uint8Array, file: string): Promise<DecodedAudio> {
  if (bytes.length === 0) throw new InputError("audio file is empty (0 bytes)", { file });
  checkBeforeDecode(bytes, file);
  let decoded: { channelData: Float32Array[]; sampleRate: number };
  try {
    decoded = await decode(bytes);
  } catch (err) {
    throw new InputError(`cannot decode audio (${describe(err)})`, { file, cause: err });
  }
  const { channelData, sampleRate } = decoded;
  const length = channelData.length > 0 ? channelData[0].length : 0;
  if (length === 0 || !(sampleRate > 0)) {
    throw new InputError("cannot decode audio (no samples decoded: corrupt, truncated or not audio)", { file });
  }
  checkDecodedLength(bytes, length, file);
  return { sampleRate, channels: channelData.length, samples: mixToMono(channelData, length) };
}

/** Average of the channels, frame by frame (channels of unequal length are cut to the shortest). */
function mixToMono(channels: Float32Array[], length: number): Float32Array {
  const n = Math.min(length, ...channels.map((c) => c.length));
  if (channels.length === 1) return channels[0].length === n ? channels[0] : channels[0].slice(0, n);
  const out = new Float32Array(n);
  for (const ch of channels) for (let i = 0; i < n; i++) out[i] += ch[i];
  const scale = 1 / channels.length;
  for (let i = 0; i < n; i++) out[i] *= scale;
  return out;
}

/** The library's message on one line, with its own wording made clearer where we know it. */
function describe(err: unknown): string {
  const message = (err instanceof Error ? err.message : String(err)).split("\n")[0].trim();
  if (message === "Unknown audio format") return "not a recognised audio format";
  if (message.startsWith("No decoder for")) return `unsupported format: ${message.slice("No decoder for".length).trim()}`;
  return message || "decoder failed";
}

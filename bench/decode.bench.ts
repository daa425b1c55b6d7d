/**
 * Speed of reading compressed audio (run by `npm run bench -- decode`): a 4-minute 44.1 kHz
 * 16-bit stereo file as FLAC, MP3, Ogg Vorbis and AAC (made with Debian's ffmpeg; skipped
 * without it), decoded with audio-decode, then resampled to 22.05 kHz and turned into chroma.
 * Budget it serves: 40 min of 44.1 kHz stereo FLAC in < 20 s on one core (decode + resample +
 * chroma), i.e. < 2 s per 4 minutes. CPU times (user + system of this process); medians.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeCompressed } from "../src/audio/decodeCompressed.js";
import { encodeWav } from "../src/audio/encodeWav.js";
import { resample } from "../src/audio/resample.js";
import { FeatureSchema } from "../src/config/schema.js";
import { computeChroma } from "../src/features/chroma.js";
import { music, printTable, row, timeMs, type Row } from "./chroma.bench.js";

const FORMATS = [
  ["flac", ["-c:a", "flac"]],
  ["mp3", ["-c:a", "libmp3lame", "-b:a", "192k"]],
  ["ogg", ["-c:a", "libvorbis", "-q:a", "5"]],
  ["m4a", ["-c:a", "aac", "-b:a", "192k"]],
] as const;

export default async function benchDecode(): Promise<void> {
  if (spawnSync("ffmpeg", ["-version"]).status !== 0) {
    console.log("ffmpeg not found (apt-get install -y ffmpeg): decode bench skipped");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "chordtrain-bench-decode-"));
  const rows: Row[] = [];
  try {
    const left = music(240, 44100);
    const right = left.map((x, i) => 0.5 * x + 0.1 * left[(i + 441) % left.length]);
    const wav = join(dir, "song.wav");
    writeFileSync(wav, encodeWav([left, right], { sampleRate: 44100, encoding: "pcm16" }));
    const features = FeatureSchema.parse({});
    for (const [ext, codec] of FORMATS) {
      const file = join(dir, `song.${ext}`);
      spawnSync("ffmpeg", ["-nostdin", "-loglevel", "error", "-y", "-i", wav, ...codec, file]);
      const bytes = readFileSync(file);
      const mb = (bytes.length / 1e6).toFixed(1);
      const dec = await timeMs(() => decodeCompressed(bytes, file), 3);
      rows.push(row(`decode ${ext}`, `4 min 44.1 kHz stereo (${mb} MB)`, dec, `${dec.value.samples.length} mono samples`));
      if (ext !== "flac") continue;
      for (const converter of ["sinc-fastest", "sinc-medium", "halfband"] as const) {
        const r = await timeMs(() => resample(dec.value.samples, { fromRate: 44100, toRate: 22050, converter }), 3);
        rows.push(row(`resample ${converter}`, "4 min mono 44.1 → 22.05 kHz", r, `${r.value.length} samples`));
      }
      const mono = await resample(dec.value.samples, { fromRate: 44100, toRate: 22050, converter: "sinc-fastest" });
      const chroma = await timeMs(() => computeChroma(mono, 22050, features), 3);
      rows.push(row("chroma stft", "4 min @ 22.05 kHz", chroma, `${chroma.value.nFrames} frames`));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(rows);
}

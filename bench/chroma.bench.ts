/**
 * Speed of the audio and chroma stages (run by `npm run bench -- chroma`).
 * Goal (issue #2): chroma of 13 minutes of 22.05 kHz audio in < 0.5 s on one core; decode and
 * resample of a 3-minute 44.1 kHz 16-bit stereo file reported separately. Medians of a few runs.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import WaveFileModule from "wavefile";
import { AudioSchema, FeatureSchema } from "../src/config/schema.js";
import { decodeWav } from "../src/audio/decodeWav.js";
import { encodeWav } from "../src/audio/encodeWav.js";
import { readAudio } from "../src/audio/readAudio.js";
import { resample } from "../src/audio/resample.js";
import { computeChroma } from "../src/features/chroma.js";
import { loadChroma } from "../src/features/loadChroma.js";
import { chord } from "../test/helpers/signals.js";

export interface Row {
  stage: string;
  input: string;
  /** Median wall-clock time. */
  ms: number;
  /** Median CPU time of this process (user + system): the "one core" figure, less sensitive to
   * other processes on the machine than wall time. */
  cpuMs: number;
  output: string;
}

interface Timing<T> {
  ms: number;
  cpuMs: number;
  value: T;
}

/** Median wall and CPU time of `runs` calls (after one warm-up call when warm is true). */
export async function timeMs<T>(fn: () => T | Promise<T>, runs: number, warm = true): Promise<Timing<T>> {
  let value = warm ? await fn() : (undefined as T);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    value = await fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { ms: median(wall), cpuMs: median(cpu), value };
}

export function row<T>(stage: string, input: string, t: Timing<T>, output: string): Row {
  return { stage, input, ms: t.ms, cpuMs: t.cpuMs, output };
}

/** `seconds` of music-like audio: 4-second triads tiled (synthesising 13 minutes of partials is slow). */
export function music(seconds: number, sampleRate: number): Float32Array {
  const roots = [60, 65, 67, 57, 62, 64];
  const tiles = roots.map((r, i) => chord([r, r + (i % 2 ? 3 : 4), r + 7], { sampleRate, durationSec: 4 }));
  const out = new Float32Array(Math.round(seconds * sampleRate));
  for (let at = 0, i = 0; at < out.length; at += tiles[0].length, i++) {
    out.set(tiles[i % tiles.length].subarray(0, Math.min(tiles[0].length, out.length - at)), at);
  }
  return out;
}

export default async function benchChroma(): Promise<void> {
  const rows: Row[] = [];
  const features = FeatureSchema.parse({});
  const audioCfg = AudioSchema.parse({});

  const long = music(13 * 60, 22050);
  const stft = await timeMs(() => computeChroma(long, 22050, features), 5);
  rows.push(row("chroma stft (fft.js)", "13 min @ 22.05 kHz", stft, `${stft.value.nFrames} frames`));
  const short = long.subarray(0, 60 * 22050);
  const meyda = await timeMs(() => computeChroma(short, 22050, { ...features, chroma: "meyda" }), 1);
  rows.push(row("chroma meyda", "1 min @ 22.05 kHz", meyda, `${meyda.value.nFrames} frames (×13 ≈ ${((meyda.cpuMs * 13) / 1000).toFixed(1)} s CPU for 13 min)`));

  const stereo = music(180, 44100);
  const wavBytes = encodeWav([stereo, stereo], { sampleRate: 44100, encoding: "pcm16" });
  const sizeMb = (wavBytes.length / 1e6).toFixed(1);
  const decoded = await timeMs(() => decodeWav(wavBytes, { file: "bench.wav" }), 5);
  rows.push(row("decodeWav", `3 min 44.1 kHz pcm16 stereo (${sizeMb} MB)`, decoded, `${decoded.value.samples.length} mono samples`));
  const WaveFile = (WaveFileModule as unknown as { WaveFile: new (b: Uint8Array) => { getSamples(i: boolean, c: Float32ArrayConstructor): unknown } }).WaveFile;
  const wf = await timeMs(() => new WaveFile(wavBytes).getSamples(false, Float32Array), 1, false);
  rows.push(row("(reference) wavefile getSamples", "same file", wf, "2 channels, no mixdown"));

  for (const converter of ["sinc-fastest", "sinc-medium"] as const) {
    const r = await timeMs(() => resample(decoded.value.samples, { fromRate: 44100, toRate: 22050, converter }), 1, false);
    rows.push(row(`resample ${converter}`, "3 min mono 44.1 → 22.05 kHz", r, `${r.value.length} samples`));
  }

  const dir = mkdtempSync(join(tmpdir(), "chordtrain-bench-"));
  try {
    const path = join(dir, "song.wav");
    writeFileSync(path, wavBytes);
    const read = await timeMs(() => readAudio(path, audioCfg), 1, false);
    rows.push(row("readAudio (read+decode+resample)", "the 3-min file", read, `${read.value.samples.length} samples`));
    const cfg = { audio: audioCfg, features, data: { cache: true, cacheDir: join(dir, "cache") } };
    const cold = await timeMs(() => loadChroma(path, cfg), 1, false);
    rows.push(row("loadChroma, cache miss", "the 3-min file", cold, `${cold.value.chroma.nFrames} frames`));
    const warm = await timeMs(() => loadChroma(path, cfg), 3, false);
    rows.push(row("loadChroma, cache hit", "the 3-min file", warm, `fromCache: ${warm.value.fromCache}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(rows);
  const goalMet = stft.cpuMs < 500 ? "met" : "NOT met";
  const load = loadavg()[0].toFixed(1);
  console.log(
    `\ngoal: chroma of 13 min in < 500 ms on one core — ${goalMet} (${stft.cpuMs.toFixed(0)} ms CPU, ${stft.ms.toFixed(0)} ms wall; load average ${load} on ${cpus().length} cores)`,
  );
}

export function printTable(rows: Row[]): void {
  const w = [Math.max(...rows.map((r) => r.stage.length)), Math.max(...rows.map((r) => r.input.length))];
  console.log(`${"stage".padEnd(w[0])} | ${"input".padEnd(w[1])} |  wall ms |   cpu ms | output`);
  console.log(`${"-".repeat(w[0])}-|-${"-".repeat(w[1])}-|----------|----------|-------`);
  for (const r of rows) {
    const ms = r.ms.toFixed(0).padStart(8);
    const cpu = r.cpuMs.toFixed(0).padStart(8);
    console.log(`${r.stage.padEnd(w[0])} | ${r.input.padEnd(w[1])} | ${ms} | ${cpu} | ${r.output}`);
  }
}

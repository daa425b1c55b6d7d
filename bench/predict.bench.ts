/**
 * Speed of `chordtrain predict` (run by `npm run bench -- predict`).
 * Goal (issue #10): 40 minutes of 44.1 kHz stereo FLAC in < 20 s on one core, decode included.
 *
 * To spare the shared machine, the file is PREDICT_BENCH_MINUTES long (default 4) and the
 * 40-minute figure is extrapolated linearly (every stage is linear in the length). Stereo 16-bit
 * WAV is always measured, with the split decode / resample / chroma + level / model / decoding;
 * FLAC (made by ffmpeg) end to end when readAudio reads it — otherwise the line says why not.
 * CPU time of this process (user + system), median of 3 runs after a warm-up.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FeatureSchema, ModelSchema, PredictSchema, AudioSchema } from "../src/config/schema.js";
import { decodeWav } from "../src/audio/decodeWav.js";
import { encodeWav } from "../src/audio/encodeWav.js";
import { resample } from "../src/audio/resample.js";
import { computeChroma } from "../src/features/chroma.js";
import { frameEnergyDb } from "../src/features/energy.js";
import { chordLogits, createScorer, expandTemplates, MAJOR_TRIAD, MINOR_TRIAD } from "../src/model/index.js";
import { analyseAudio, decodeChords, formatSegments, framesToSegments, noChordMask, segmentsOf } from "../src/predict/index.js";
import { initBackend } from "../src/training/backend.js";
import { chord } from "../test/helpers/signals.js";

const RATE = 44100;
const GOAL_MINUTES = 40;
const GOAL_SEC = 20;

async function cpuMs<T>(fn: () => T | Promise<T>, runs = 3): Promise<{ ms: number; value: T }> {
  let value = await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    value = await fn();
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 1000);
  }
  return { ms: times.sort((a, b) => a - b)[Math.floor(runs / 2)], value };
}

/** A C–Am–F–G loop (2 s per chord) as a stereo pair, `minutes` long. */
function stereoSong(minutes: number): [Float32Array, Float32Array] {
  const loop = [[60, 64, 67], [57, 60, 64], [53, 57, 60], [55, 59, 62]].map((m) => chord(m, { durationSec: 2, sampleRate: RATE, amplitude: 0.5 }));
  const n = Math.round(minutes * 60 * RATE);
  const left = new Float32Array(n);
  const right = new Float32Array(n);
  const period = loop[0].length;
  for (let i = 0; i < n; i++) {
    const x = loop[Math.floor(i / period) % 4][i % period];
    left[i] = x;
    right[i] = 0.8 * x;
  }
  return [left, right];
}

export default async function bench(): Promise<void> {
  const minutes = Number(process.env.PREDICT_BENCH_MINUTES ?? 4);
  const scale = GOAL_MINUTES / minutes;
  const dir = mkdtempSync(join(tmpdir(), "chordtrain-predict-bench-"));
  try {
    await initBackend("wasm");
    const wav = join(dir, "album.wav");
    writeFileSync(wav, encodeWav(stereoSong(minutes), { sampleRate: RATE, encoding: "pcm16" }));
    const features = FeatureSchema.parse({});
    const audio = AudioSchema.parse({});
    const settings = PredictSchema.parse({});
    const net = createScorer("js", ModelSchema.parse({}), {
      logGain: 0, major: [...MAJOR_TRIAD], minor: [...MINOR_TRIAD], templates: expandTemplates(MAJOR_TRIAD, MINOR_TRIAD),
    });
    const model = { audio, features };

    const decoded = await cpuMs(() => decodeWav(readFileSync(wav), { file: wav }));
    const mono = await cpuMs(() => resample(decoded.value.samples, { fromRate: RATE, toRate: audio.sampleRate, converter: audio.resampler }));
    const chroma = await cpuMs(() => computeChroma(mono.value, audio.sampleRate, features));
    const level = await cpuMs(() => frameEnergyDb(mono.value, features));
    const scores = await cpuMs(() => chordLogits(net, chroma.value.data));
    const mask = noChordMask(chroma.value.data, level.value, { silenceDb: settings.silenceDb, normalization: features.normalization });
    const decoding = await cpuMs(() =>
      formatSegments(framesToSegments(decodeChords(scores.value, mask, settings), { frameRateHz: chroma.value.frameRateHz, durationSec: minutes * 60 }), "lab", {
        durationSec: minutes * 60, title: "album", modelSource: "bench", chordtrainVersion: "bench", settings: {},
      }),
    );
    const endToEnd = async (file: string) => (await cpuMs(async () => segmentsOf(await analyseAudio(file, net, model), model, settings))).ms;
    const wavTotal = await endToEnd(wav);

    const line = (stage: string, ms: number) => console.log(`| ${stage} | ${(ms / 1000).toFixed(3)} | ${((ms * scale) / 1000).toFixed(1)} |`);
    console.log(`${minutes} min of 44.1 kHz 16-bit stereo, ${chroma.value.nFrames} frames; CPU seconds (user+sys), median of 3`);
    console.log(`| stage | ${minutes} min | ×${scale.toFixed(1)} = ${GOAL_MINUTES} min |`);
    console.log("|---|---|---|");
    line("WAV read + decode (to mono)", decoded.ms);
    line(`resample 44.1 → 22.05 kHz (${audio.resampler})`, mono.ms);
    line("chroma (stft)", chroma.ms);
    line("frame level (no-chord)", level.ms);
    line("model forward (js engine, float64)", scores.ms);
    line(`decoding (${settings.smoothing}) + segments + .lab`, decoding.ms);
    line("**WAV end to end** (analyseAudio + segmentsOf)", wavTotal);

    const flac = join(dir, "album.flac");
    try {
      execFileSync("ffmpeg", ["-loglevel", "error", "-y", "-i", wav, flac]);
    } catch (err) {
      console.log(`FLAC: skipped, ffmpeg could not make the file (${(err as Error).message.split("\n")[0]})`);
      return;
    }
    try {
      await analyseAudio(flac, net, model);
    } catch (err) {
      console.log(`FLAC: skipped, readAudio does not read it yet (${(err as Error).message.split("\n")[0]})`);
      return;
    }
    line("**FLAC end to end** (decode included)", await endToEnd(flac));
    console.log(`goal: ${GOAL_MINUTES} min of FLAC in < ${GOAL_SEC} s on one core`);
    net.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

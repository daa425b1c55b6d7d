/**
 * The context network's speed (docs/context-model.md): CPU seconds of one training epoch over
 * 8,400 frames (56 segments of 150 frames ≈ 13 min of audio at 22050/2048 frames/s, the size of
 * the built-in corpus), extrapolated linearly to 8 h of audio (310,000 frames), for BCE and
 * soft-DTW at the default architecture and a small one, on chroma and on the log-frequency input
 * (216 bins, planted); the model half of `predict` (forward pass + HMM decoding) and its front ends
 * (chroma, log-frequency spectrogram, on 10 min of audio) as real-time factors.
 * CPU seconds (process.cpuUsage: all threads) rather than wall time: robust to a shared machine.
 *
 *   npm run bench -- context        (or: npx tsx bench/context.bench.ts)
 */
import { ConfigSchema } from "../src/config/schema.js";
import { initBackend } from "../src/util/tfjs.js";
import { train } from "../src/training/train.js";
import { contextScorer, initialContextWeights } from "../src/model/context.js";
import { chordLogits } from "../src/model/predict.js";
import { decodeChords } from "../src/predict/chords.js";
import { plantedSegments } from "../test/training/fixtures.js";
import { computeChroma } from "../src/features/chroma.js";
import { logFreqSpectrogram } from "../src/features/logFreq.js";
import type { Segment } from "../src/dataset/types.js";

/** The default log-frequency front end (216 bins) and a planted input for it: each pitch class's chroma value on its centre bin in all 6 octaves, plus noise. */
const LOGFREQ = { binsPerSemitone: 3, minMidi: 36, maxMidi: 107, windowLength: 8192 };
const BINS = 216;
function withLogFreqInput(segments: Segment[]): Segment[] {
  return segments.map((s, k) => {
    const frames = s.chroma.length / 12;
    const input = new Float32Array(frames * BINS);
    for (let t = 0; t < frames; t++) {
      for (let b = 0; b < BINS; b++) {
        const semitone = Math.floor(b / 3);
        const onPitch = b % 3 === 1 ? s.chroma[t * 12 + (semitone % 12)] : 0;
        input[t * BINS + b] = onPitch + 0.05 * (((k * 131 + t * 17 + b * 7) % 23) / 23);
      }
    }
    return { ...s, input };
  });
}

const FRAME_RATE_HZ = 22050 / 2048;
const EIGHT_HOURS_FRAMES = 8 * 3600 * FRAME_RATE_HZ;
const EPOCHS = 3;

const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};

export default async function bench(): Promise<void> {
  const backend = await initBackend("wasm");
  const segments = plantedSegments({ segments: 56, frames: 150, seed: 1, meanDuration: 20, emptyShare: 0.05 });
  const frames = segments.length * 150;
  const logfreqSegments = withLogFreqInput(segments);
  const architectures = [
    { name: "r7 [128,64]", context: { radius: 7, hidden: [128, 64] } },
    { name: "r3 [32]", context: { radius: 3, hidden: [32] } },
    { name: "logfreq r7 [128,64]", context: { radius: 7, hidden: [128, 64], input: "logfreq", logfreq: LOGFREQ } },
    { name: "logfreq r3 [64]", context: { radius: 3, hidden: [64], input: "logfreq", logfreq: LOGFREQ } },
  ];
  const losses = [
    { name: "bce", set: { loss: { kind: "bce" }, targets: { kind: "strong" } } },
    { name: "softDtw75", set: { loss: { kind: "softDtw" }, targets: { kind: "soft", softLength: 75 } } },
  ];
  console.log(`backend ${backend}; ${frames} training frames (${(frames / FRAME_RATE_HZ / 60).toFixed(1)} min of audio), batch 5, ${EPOCHS} epochs after 1 warm-up, no validation`);
  console.log("| architecture | parameters | loss | CPU s/epoch | CPU s per epoch over 8 h (linear) |");
  console.log("|---|---|---|---|---|");
  for (const a of architectures) for (const l of losses) {
    const cfg = ConfigSchema.parse({ ...l.set, model: { context: a.context }, training: { engine: "tfjs", epochs: EPOCHS + 1, learningRate: 0.003 }, report: { alignmentEpochs: [] } });
    let since = process.cpuUsage();
    const result = await train({ train: "input" in a.context ? logfreqSegments : segments, val: [] }, cfg, {
      seed: 0,
      onEpoch: (r) => {
        if (r.epoch === 1) since = process.cpuUsage();
      },
    });
    const perEpoch = cpuSeconds(since) / EPOCHS;
    result.model.dispose();
    console.log(`| ${a.name} | ${result.parameterCount} | ${l.name} | ${perEpoch.toFixed(2)} | ${((perEpoch * EIGHT_HOURS_FRAMES) / frames).toFixed(0)} |`);
  }

  // predict's model half on 10 minutes of chroma: forward pass + HMM decoding
  const minutes = 10;
  const predictFrames = Math.round(minutes * 60 * FRAME_RATE_HZ);
  const chroma = new Float32Array(predictFrames * 12).map((_, i) => ((i * 7919) % 101) / 101);
  const spectrogram = new Float32Array(predictFrames * BINS).map((_, i) => ((i * 7919) % 101) / 101);
  console.log(`\npredict, model half (forward + HMM decode) on ${minutes} min of chroma (${predictFrames} frames)`);
  console.log("| architecture | CPU s | real-time factor |");
  console.log("|---|---|---|");
  for (const a of architectures) {
    const context = ConfigSchema.parse({ model: { context: a.context }, training: { engine: "tfjs" } }).model.context!;
    const scorer = contextScorer(context, initialContextWeights(context, { seed: 0, withBlank: false }));
    const input = "input" in a.context ? spectrogram : chroma;
    chordLogits(scorer, input.subarray(0, 100 * (scorer.inputWidth ?? 12))); // warm-up
    const since = process.cpuUsage();
    const scores = chordLogits(scorer, input);
    decodeChords(scores, new Uint8Array(predictFrames), { smoothing: "hmm", selfProb: 0.99, medianLength: 9 });
    const cpu = cpuSeconds(since);
    scorer.dispose();
    console.log(`| ${a.name} | ${cpu.toFixed(3)} | ${((minutes * 60) / cpu).toFixed(0)}× |`);
  }

  // predict's front ends on 10 minutes of audio (a chord of harmonic tones, 22050 Hz): the chroma
  // always runs (the no-chord mask reads it), the log-frequency spectrogram for a logfreq model
  const sr = 22050;
  const audio = Float32Array.from({ length: minutes * 60 * sr }, (_, n) =>
    [261.63, 329.63, 392].reduce((a, f) => a + 0.2 * Math.sin((2 * Math.PI * f * n) / sr) + 0.05 * Math.sin((4 * Math.PI * f * n) / sr), 0),
  );
  const features = ConfigSchema.parse({}).features;
  console.log(`\npredict, front ends on ${minutes} min of 22050 Hz audio`);
  console.log("| front end | CPU s | real-time factor |");
  console.log("|---|---|---|");
  for (const [name, run] of [
    ["chroma (stft, 4096)", () => computeChroma(audio, sr, features)],
    ["log-frequency (216 bins, FFT 8192)", () => logFreqSpectrogram(audio, sr, features, LOGFREQ)],
  ] as const) {
    const since = process.cpuUsage();
    run();
    const cpu = cpuSeconds(since);
    console.log(`| ${name} | ${cpu.toFixed(3)} | ${((minutes * 60) / cpu).toFixed(0)}× |`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();

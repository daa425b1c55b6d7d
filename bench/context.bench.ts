/**
 * The context network's speed (docs/context-model.md): CPU seconds of one training epoch over
 * 8,400 frames (56 segments of 150 frames ≈ 13 min of audio at 22050/2048 frames/s, the size of
 * the built-in corpus), extrapolated linearly to 8 h of audio (310,000 frames), for BCE and
 * soft-DTW at the default architecture and a small one; and the model half of `predict`
 * (forward pass + HMM decoding, without audio decoding and chroma) as a real-time factor.
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
  const architectures = [
    { name: "r7 [128,64]", context: { radius: 7, hidden: [128, 64] } },
    { name: "r3 [32]", context: { radius: 3, hidden: [32] } },
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
    const result = await train({ train: segments, val: [] }, cfg, {
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
  console.log(`\npredict, model half (forward + HMM decode) on ${minutes} min of chroma (${predictFrames} frames)`);
  console.log("| architecture | CPU s | real-time factor |");
  console.log("|---|---|---|");
  for (const a of architectures) {
    const context = ConfigSchema.parse({ model: { context: a.context }, training: { engine: "tfjs" } }).model.context!;
    const scorer = contextScorer(context, initialContextWeights(context, { seed: 0, withBlank: false }));
    chordLogits(scorer, chroma.subarray(0, 1200)); // warm-up
    const since = process.cpuUsage();
    const scores = chordLogits(scorer, chroma);
    decodeChords(scores, new Uint8Array(predictFrames), { smoothing: "hmm", selfProb: 0.99, medianLength: 9 });
    const cpu = cpuSeconds(since);
    scorer.dispose();
    console.log(`| ${a.name} | ${cpu.toFixed(3)} | ${((minutes * 60) / cpu).toFixed(0)}× |`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();

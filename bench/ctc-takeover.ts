/**
 * The CTC blank takeover, epoch by epoch (issue 16, docs/ctc.md): trains CTC on the 52-song
 * corpus of ctcScale.bench.ts (configs/ctc_scale.yaml's split) with the js engine — the same
 * steps and shuffles as `train()` — and prints per epoch the log gain, the blank score, the mean
 * blank posterior and the share of frames whose argmax is the blank (training set), the
 * validation CTC loss, F, chord-sequence loss and sequence accuracy.
 *
 *   npx tsx bench/ctc-takeover.ts [seed] [epochs] [key=value …]   (e.g. 1 10 loss.ctcPriorScale=1)
 *   (the corpus: $CHORDTRAIN_CORPUS52, or run `npm run bench -- ctcScale` once to write it)
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DChordWeights } from "../src/model/dchord.js";

const CORPUS_DIR = process.env.CHORDTRAIN_CORPUS52 ?? join(tmpdir(), "chordtrain-corpus52");

async function bench(): Promise<void> {
  const [seedArg = "1", epochsArg = "10", ...sets] = process.argv.slice(2);
  const { loadConfig, loadBatch } = await import("../src/config/load.js");
  const { createForwardCache, jsForward, jsLayout } = await import("../src/model/jsForward.js");
  const { traceEpochs } = await import("./shared.js");
  const split = loadBatch("configs/ctc_scale.yaml").items[0].config.split;
  const config = loadConfig("configs/ctc.yaml", {
    set: [
      `data.dir=${CORPUS_DIR}`,
      "split.protocol=songs",
      `split.testSongs=${JSON.stringify(split.testSongs)}`,
      `split.valSongs=${JSON.stringify(split.valSongs)}`,
      `seed=${seedArg}`,
      `training.epochs=${epochsArg}`,
      "training.engine=js",
      ...sets,
    ],
  });
  const layout = jsLayout({ sharedTemplates: config.model.sharedTemplates, withBlank: true });
  console.log("| epoch | log gain | blank score | mean blank posterior | argmax blank | val CTC loss | val F | val chord loss | val seq. accuracy |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  let logits = new Float64Array(0);
  await traceEpochs(config, (epoch, engine, { train }) => {
    const frames = train.segments.length * train.frames;
    if (logits.length !== frames * 25) logits = new Float64Array(frames * 25);
    const v = engine.validate();
    const w = engine.snapshot() as DChordWeights;
    const params = [w.logGain, ...w.major, ...w.minor, w.blank!];
    jsForward({ params, layout, temperature: config.model.temperature, chroma: train.chroma!, frames, out: logits, cache: createForwardCache() });
    let posterior = 0;
    let argmaxBlank = 0;
    for (let f = 0; f < frames; f++) {
      const row = logits.subarray(f * 25, f * 25 + 25);
      let m = -Infinity;
      let at = 0;
      for (let k = 0; k < 25; k++) if (row[k] > m) [m, at] = [row[k], k];
      let z = 0;
      for (let k = 0; k < 25; k++) z += Math.exp(row[k] - m);
      posterior += Math.exp(row[24] - m) / z;
      if (at === 24) argmaxBlank++;
    }
    const cells = [w.logGain, w.blank!, posterior / frames, argmaxBlank / frames, v.loss, v.f, v.chordLoss, v.sequenceAccuracy];
    console.log(`| ${epoch} | ${cells.map((x) => x.toFixed(3)).join(" | ")} |`);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();

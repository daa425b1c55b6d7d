/**
 * The measurement behind `chordtrain predict`'s defaults (docs/predict-eval.md, "How the defaults were chosen"): for each
 * run folder given, the model predicts its run's held-out test songs (split.protocol songs) and
 * every decoding setting of the grid below is scored frame by frame against the .lab, pooled
 * over all songs.
 *
 *   npx tsx bench/predict-defaults.ts RUN_DIR...
 *
 * Scores (frame-wise; frames are uniform, so frame counts are the duration weights):
 * - majmin+N: mir_eval's majmin convention: reference frames labelled N and maj/min-reducible
 *   chords are scored (an N reference needs an N estimate); other chords (sus, X) are left out;
 * - majmin: the same without the reference N frames (metrics.json's majmin);
 * - F: the FMP frame-wise F-measure of src/evaluation (an estimated chord on an N frame is a FP);
 * - seg/ref: estimated segments per reference segment (1 = as fragmented as the annotation).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { NO_CHORD } from "../src/annotations/chordClasses.js";
import { readAnnotation } from "../src/annotations/index.js";
import { ConfigSchema } from "../src/config/schema.js";
import { frameLabels } from "../src/dataset/frameLabels.js";
import { frameScores, majminAccuracy } from "../src/evaluation/index.js";
import { scorerOfModel } from "../src/predict/modelFile.js";
import { analyseAudio, frameChordsOf, readModel, type Analysis, type DecodeOptions } from "../src/predict/index.js";
import { initBackend } from "../src/util/tfjs.js";

interface Item {
  analysis: Analysis;
  reference: Int16Array;
  /** 1 where the reference label is "N". */
  referenceN: Uint8Array;
  referenceSegments: number;
}

const runs = process.argv.slice(2);
if (runs.length === 0) throw new Error("usage: npx tsx bench/predict-defaults.ts RUN_DIR...");
await initBackend("wasm");
const items: { features: ReturnType<typeof readModel>["model"]["features"]; item: Item }[] = [];
for (const run of runs) {
  const config = ConfigSchema.parse(JSON.parse(readFileSync(join(run, "config.json"), "utf8")));
  const loaded = readModel(run);
  const net = scorerOfModel(loaded.model);
  for (const song of config.split.testSongs) {
    const analysis = await analyseAudio(join(config.data.dir, `${song}.wav`), net, loaded.model);
    const spans = readAnnotation(join(config.data.dir, `${song}.lab`), { annotations: config.annotations, lenient: false }).spans;
    const frames = analysis.levelDb.length;
    const reference = frameLabels(spans, frames, analysis.frameRateHz);
    const nSpans = spans.map((s) => ({ ...s, chord: s.label === "N" ? 0 : NO_CHORD }));
    const referenceN = Uint8Array.from(frameLabels(nSpans, frames, analysis.frameRateHz), (c) => (c === 0 ? 1 : 0));
    items.push({ features: loaded.model.features, item: { analysis, reference, referenceN, referenceSegments: spans.length } });
  }
  net.dispose();
}

const grid: (Omit<DecodeOptions, "silenceDb"> & { name: string })[] = [
  { name: "none", smoothing: "none", selfProb: 0.5, medianLength: 1 },
  ...[3, 5, 9, 15, 21].map((n) => ({ name: `median ${n}`, smoothing: "median" as const, selfProb: 0.5, medianLength: n })),
  ...[0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 0.9999].map((p) => ({ name: `hmm ${p}`, smoothing: "hmm" as const, selfProb: p, medianLength: 1 })),
];
const silences = [null, -50, -40, -30];

console.log(`${items.length} songs, ${items.reduce((n, i) => n + i.item.reference.length, 0)} frames`);
console.log("| smoothing | silenceDb | majmin+N | majmin | F | seg/ref |");
console.log("|---|---|---|---|---|---|");
for (const silenceDb of silences) {
  for (const g of grid) {
    let scored = 0, correct = 0, segments = 0, refSegments = 0;
    const refs: Int16Array[] = [];
    const ests: Int16Array[] = [];
    for (const { features, item } of items) {
      const est = frameChordsOf(item.analysis, { features }, { ...g, silenceDb }).classes;
      for (let n = 0; n < est.length; n++) {
        const ref = item.referenceN[n] ? NO_CHORD : item.reference[n];
        if (ref === NO_CHORD && !item.referenceN[n]) continue; // outside majmin (sus, X, …)
        scored++;
        if (est[n] === ref) correct++;
      }
      for (let n = 0; n < est.length; n++) if (n === 0 || est[n] !== est[n - 1]) segments++;
      refSegments += item.referenceSegments;
      refs.push(item.reference);
      ests.push(est);
    }
    const ref = concat(refs);
    const est = concat(ests);
    const f = frameScores(ref, est).f;
    const mm = majminAccuracy(ref, est);
    console.log(`| ${g.name} | ${silenceDb ?? "off"} | ${(correct / scored).toFixed(4)} | ${mm.toFixed(4)} | ${f.toFixed(4)} | ${(segments / refSegments).toFixed(2)} |`);
  }
}

function concat(parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
}

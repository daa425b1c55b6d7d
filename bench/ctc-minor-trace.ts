/**
 * dChord's parameters epoch by epoch on any corpus (docs/ctc.md "Why CTC predicts no minor chord
 * at 4 songs"): trains configs/ctc.yaml plus `key=value` settings
 * with the js engine — the same steps and shuffles as `train()` — and prints the log gain, the blank
 * score, validation F and sequence accuracy, the share of validation frames decoded minor, and the
 * minor and major templates (root C).
 *
 *   npx tsx bench/ctc-minor-trace.ts <seed> <epochs> key=value …
 *   e.g. npx tsx bench/ctc-minor-trace.ts 4 24 data.dir=data/generalization \
 *          data.manifest=data/generalization-manifests/osc4.csv split.protocol=leave-one-song-out split.fold=2
 */
import type { DChordWeights } from "../src/model/dchord.js";
const [seedArg = "0", epochsArg = "50", ...sets] = process.argv.slice(2);
const { loadConfig } = await import("../src/config/load.js");
const { traceEpochs } = await import("./shared.js");
const config = loadConfig("configs/ctc.yaml", { set: [`seed=${seedArg}`, `training.epochs=${epochsArg}`, "training.engine=js", ...sets] });
await traceEpochs(config, (epoch, engine, { val }) => {
  const v = engine.validate({ weak: true });
  const w = engine.snapshot() as DChordWeights;
  const probs = engine.chordProbabilities(val.chroma!);
  let minor = 0; const n = probs.length / 24;
  for (let f = 0; f < n; f++) { let b = 0; for (let k = 1; k < 24; k++) if (probs[f * 24 + k] > probs[f * 24 + b]) b = k; if (b >= 12) minor++; }
  if (epoch % Math.max(1, Math.floor(config.training.epochs / 25)) === 0 || epoch < 6) console.log(epoch, w.logGain.toFixed(2), (w.blank ?? 0).toFixed(2), "valF", v.f.toFixed(3), "seq", v.sequenceAccuracy.toFixed(3), "minorShare", (minor / n).toFixed(3), "minT", w.minor.map((x) => x.toFixed(1)).join(","), "majT", w.major.map((x) => x.toFixed(1)).join(","));
});

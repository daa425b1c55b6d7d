/**
 * Would undoing the class balance at prediction time help? (issue 16; docs/generalization.md
 * "Undoing the class balance when predicting".) Class balance multiplies the loss of a target of
 * quality q by w_q (training/classBalance.ts), which pushes the model's score of that quality up;
 * for a weighted cross-entropy the optimum moves by exactly ln w_q (Menon et al. 2021, "Long-tail
 * learning via logit adjustment"). This script re-scores every finished soft-DTW or CTC run of a
 * batch folder with class weights: it rebuilds the run's split and training targets from its
 * config.json, computes the very weights the run trained with (classWeightsOf, with the β of the
 * kept epoch from history.csv when `loss.adaptiveBalance` moved it), subtracts ln w_c from each chord's
 * logit of the kept model (weights.json), decodes by argmax as evaluation does, and prints per row
 * the test F, minor recall and collapsed runs as trained and corrected. Nothing is trained.
 *
 *   npx tsx scripts/balance-correction.ts <batch folder> [row-substring]
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigSchema, type Config } from "../src/config/schema.js";
import { loadCorpus } from "../src/dataset/loadCorpus.js";
import { splitSegments } from "../src/dataset/splits.js";
import type { Song } from "../src/dataset/types.js";
import { jsScorer, predictClasses, type ChordScorer } from "../src/model/predict.js";
import { prepareSet } from "../src/training/batches.js";
import { classWeightsOf } from "../src/training/engine.js";
import { scores } from "../src/evaluation/scores.js";
import { NUM_CHORDS } from "../src/annotations/chordClasses.js";
import { parseHistoryCsv } from "../src/runFolder/history.js";

export interface Rescored {
  f: number;
  minorRecall: number | null;
}

/** The scorer with ln w_c subtracted from each chord's logit (outputs past the 24 chords, e.g. the CTC blank, unchanged). */
export function balanceCorrected(scorer: ChordScorer, weights: readonly number[]): ChordScorer {
  const shift = weights.slice(0, NUM_CHORDS).map((w) => Math.log(w));
  return {
    ...scorer,
    logits(input) {
      const out = Float64Array.from(scorer.logits(input));
      for (let i = 0; i < out.length; i++) {
        const c = i % scorer.outputs;
        if (c < NUM_CHORDS) out[i] -= shift[c];
      }
      return out;
    },
  };
}

const corpora = new Map<string, Song[]>();

/**
 * A run re-scored as trained and with the class balance undone; undefined for a run the script
 * does not apply to (the context network, BCE). A run whose kept epoch had no class weights (β 0,
 * e.g. moved there by the feedback) is scored unchanged by the correction.
 */
export async function rescoreRun(dir: string): Promise<{ trained: Rescored; corrected: Rescored; weights?: number[] } | undefined> {
  const config: Config = ConfigSchema.parse(JSON.parse(readFileSync(join(dir, "config.json"), "utf8")));
  if (config.model.context) return undefined;
  const metrics = JSON.parse(readFileSync(join(dir, "metrics.json"), "utf8"));
  const beta = parseHistoryCsv(readFileSync(join(dir, "history.csv"), "utf8"))[metrics.bestEpoch - 1].classBalance;
  const key = JSON.stringify([config.data, config.features, config.audio, config.annotations]);
  if (!corpora.has(key)) corpora.set(key, await loadCorpus(config));
  const split = splitSegments(corpora.get(key)!, { ...config.split, dataset: config.dataset }, config.seed);
  if (config.loss.kind === "bce") return undefined;
  const weights = classWeightsOf(prepareSet(split.train, config), config, Number.isFinite(beta) ? beta : undefined);
  const scorer = jsScorer(config.model, JSON.parse(readFileSync(join(dir, "weights.json"), "utf8")));
  const score = (s: ChordScorer): Rescored => {
    const estimate = predictClasses(s, split.test);
    const all = (xs: Int16Array[]) => Int16Array.from(xs.flatMap((x) => [...x]));
    const r = scores(all(split.test.map((t) => t.labels)), all(estimate));
    return { f: r.f, minorRecall: r.minorRecall };
  };
  const trained = score(scorer);
  return { trained, corrected: weights ? score(balanceCorrected(scorer, weights)) : trained, weights };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [batchDir, pattern = ""] = process.argv.slice(2);
  if (!batchDir) {
    console.error("usage: npx tsx scripts/balance-correction.ts <batch folder> [row-substring]");
    process.exit(2);
  }
  const rows = new Map<string, { trained: Rescored; corrected: Rescored; recorded: number }[]>();
  for (const folder of readdirSync(batchDir).filter((f) => f.includes(pattern)).sort()) {
    if (!existsSync(join(batchDir, folder)) || !readdirSync(batchDir, { withFileTypes: true }).find((e) => e.name === folder)?.isDirectory()) continue;
    const row = folder.replace(/-fold\d+$/, "");
    for (const run of readdirSync(join(batchDir, folder))) {
      const dir = join(batchDir, folder, run);
      if (!existsSync(join(dir, "metrics.json"))) continue;
      const r = await rescoreRun(dir);
      if (!r) continue;
      const recorded = JSON.parse(readFileSync(join(dir, "metrics.json"), "utf8")).test.f;
      rows.set(row, [...(rows.get(row) ?? []), { ...r, recorded }]);
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const collapsed = (xs: Rescored[]) => `${xs.filter((x) => x.minorRecall === 0).length} of ${xs.filter((x) => x.minorRecall !== null).length}`;
  const minorR = (xs: Rescored[]) => mean(xs.filter((x) => x.minorRecall !== null).map((x) => x.minorRecall!)).toFixed(3);
  console.log("row | runs | F as trained | F corrected | corrected − trained | minor recall trained → corrected | collapsed trained → corrected | max |F re-scored − metrics.json|");
  for (const [row, rs] of rows) {
    const t = rs.map((r) => r.trained);
    const c = rs.map((r) => r.corrected);
    const gap = Math.max(...rs.map((r) => Math.abs(r.trained.f - r.recorded)));
    const d = mean(c.map((x) => x.f)) - mean(t.map((x) => x.f));
    console.log(
      `${row} | ${rs.length} | ${mean(t.map((x) => x.f)).toFixed(4)} | ${mean(c.map((x) => x.f)).toFixed(4)} | ${d >= 0 ? "+" : ""}${d.toFixed(4)} | ${minorR(t)} → ${minorR(c)} | ${collapsed(t)} → ${collapsed(c)} | ${gap.toExponential(1)}`,
    );
  }
}

/**
 * Where would early stopping have stopped a finished fixed-epoch batch? (docs/early-stopping.md "The
 * shipped configs".) An early-stopped run is a prefix of its fixed run (stopping never changes the
 * trajectory; tested), so feeding the fixed run's recorded selection scores to the rule
 * (training/earlyStopping.ts, the same code the training loop asks) gives the epoch it would stop
 * at and the epoch it would keep — the best selection score up to there, by the loop's own keep
 * rule (adaptiveBalance.ts keepableEpoch). Prints per
 * row and run: stop, kept epoch, the fixed run's kept epoch, and the validation F of both.
 *
 *   npx tsx scripts/replay-early-stopping.ts <fixed batch folder> <patienceUpdates> [minUpdates]
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigSchema } from "../src/config/schema.js";
import { patienceInEpochs, scheduleEnd, createStopRule, updatesPerEpoch } from "../src/training/earlyStopping.js";
import { selectionScore } from "../src/training/selection.js";
import { keepableEpoch } from "../src/training/adaptiveBalance.js";
import { parseHistoryCsv } from "../src/runFolder/history.js";

const [batchDir, patienceArg, minArg] = process.argv.slice(2);
if (!batchDir || !patienceArg) {
  console.error("usage: npx tsx scripts/replay-early-stopping.ts <fixed batch folder> <patienceUpdates> [minUpdates]");
  process.exit(2);
}
const es = { patienceUpdates: Number(patienceArg), minDelta: 0, minEpochs: 0, ...(minArg ? { minUpdates: Number(minArg) } : {}) };

console.log(`patienceUpdates ${es.patienceUpdates}${minArg ? `, minUpdates ${minArg}` : ""}`);
console.log("row | seed | updates per epoch | stop | kept | fixed run's kept | val F kept − fixed's kept");
for (const row of readdirSync(batchDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
  for (const run of readdirSync(join(batchDir, row)).sort()) {
    const dir = join(batchDir, row, run);
    if (!existsSync(join(dir, "metrics.json"))) continue;
    const config = ConfigSchema.parse(JSON.parse(readFileSync(join(dir, "config.json"), "utf8")));
    const metrics = JSON.parse(readFileSync(join(dir, "metrics.json"), "utf8"));
    const perEpoch = updatesPerEpoch(metrics.counts.train, config.training.batchSize);
    const inEpochs = patienceInEpochs(ConfigSchema.parse({ training: { earlyStopping: es } }).training.earlyStopping!, perEpoch);
    const rule = createStopRule({ ...inEpochs, minDelta: 0, scheduleEnd: scheduleEnd(config.loss) });
    const records = parseHistoryCsv(readFileSync(join(dir, "history.csv"), "utf8"));
    let kept = 0;
    let keptScore = Infinity;
    let stop: number | null = null;
    for (const r of records) {
      const score = selectionScore(r, config.training.selectBy);
      if (keepableEpoch(r, config.loss.adaptiveBalance !== undefined) && score < keptScore) [kept, keptScore] = [r.epoch, score];
      if (rule.update(r.epoch, score, 0).stop && r.epoch < records.length) {
        stop = r.epoch;
        break;
      }
    }
    const valF = (e: number) => records[e - 1].valF;
    console.log(`${row} | ${config.seed} | ${perEpoch} | ${stop ?? "none"} | ${kept} | ${metrics.bestEpoch} | ${(valF(kept) - valF(metrics.bestEpoch)).toFixed(4)}`);
  }
}

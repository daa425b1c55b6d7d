/**
 * Would restarts chosen by the validation weak loss help? (issue 16 item 6, docs/generalization.md
 * "Restarts chosen by the validation loss".) Reads a finished batch folder whose rows ran many seeds
 * on the same folds, and for every row and K prints the expected test F of "train K seeds, keep the
 * one whose kept epoch has the lowest selection score" — over every K-subset of the seeds, per
 * fold, then averaged over folds — beside K = 1 (one run, today's protocol). The score is the
 * run's own selection score at its kept epoch (training/selection.ts selectionScore of its
 * history.csv line), so nothing the run could not see picks the restart.
 *
 *   npx tsx scripts/restarts-by-validation.ts <batch folder> [K ...]     (default K: 2 3 5)
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseHistoryCsv } from "../src/runFolder/history.js";
import { selectionScore } from "../src/training/selection.js";

interface Run {
  fold: number;
  seed: number;
  testF: number;
  score: number;
}

function readRun(dir: string): Omit<Run, "fold"> | undefined {
  if (!existsSync(join(dir, "metrics.json"))) return undefined;
  const metrics = JSON.parse(readFileSync(join(dir, "metrics.json"), "utf8"));
  const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
  const kept = parseHistoryCsv(readFileSync(join(dir, "history.csv"), "utf8"))[metrics.bestEpoch - 1];
  return { seed: config.seed, testF: metrics.test.f, score: selectionScore(kept, config.training.selectBy ?? "valLoss") };
}

/** Every k-subset of xs. */
function subsets<T>(xs: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (xs.length < k) return [];
  const [first, ...rest] = xs;
  return [...subsets(rest, k - 1).map((s) => [first, ...s]), ...subsets(rest, k)];
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export interface RestartRow {
  row: string;
  runs: number;
  /** Expected test F of the best of K runs by the selection score, for K = 1 and every size asked. */
  expected: Map<number, number>;
  /** Mean over folds of the within-fold correlation between the selection score and test F. */
  correlation: number;
}

/** Every row of a batch folder: the expected test F of restarts of each size (module comment). */
export function restartTable(batchDir: string, sizes: readonly number[]): RestartRow[] {
  // row folders are <row slug>[-fold<k>]/<run>-s<seed>
  const rows = new Map<string, Run[]>();
  for (const entry of readdirSync(batchDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const m = /^(.*?)(?:-fold(\d+))?$/.exec(entry.name)!;
    for (const run of readdirSync(join(batchDir, entry.name))) {
      const r = readRun(join(batchDir, entry.name, run));
      if (!r) continue;
      const list = rows.get(m[1]) ?? [];
      list.push({ ...r, fold: Number(m[2] ?? 0) });
      rows.set(m[1], list);
    }
  }
  return [...rows].sort(([a], [b]) => (a < b ? -1 : 1)).map(([row, runs]) => {
    const folds = [...new Set(runs.map((r) => r.fold))].sort((a, b) => a - b);
    const ofFold = (f: number) => runs.filter((r) => r.fold === f);
    const expected = (k: number) =>
      mean(folds.map((f) => mean(subsets(ofFold(f), k).map((s) => s.reduce((best, r) => (r.score < best.score ? r : best)).testF))));
    const correlation = mean(
      folds.map((f) => {
        const own = ofFold(f);
        const [ms, mf] = [mean(own.map((r) => r.score)), mean(own.map((r) => r.testF))];
        const cov = own.reduce((a, r) => a + (r.score - ms) * (r.testF - mf), 0);
        const v = Math.sqrt(own.reduce((a, r) => a + (r.score - ms) ** 2, 0) * own.reduce((a, r) => a + (r.testF - mf) ** 2, 0));
        return v > 0 ? cov / v : 0;
      }),
    );
    return { row, runs: runs.length, expected: new Map([1, ...sizes].map((k) => [k, expected(k)])), correlation };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [batchDir, ...ks] = process.argv.slice(2);
  if (!batchDir) {
    console.error("usage: npx tsx scripts/restarts-by-validation.ts <batch folder> [K ...]");
    process.exit(2);
  }
  const sizes = ks.length > 0 ? ks.map(Number) : [2, 3, 5];
  console.log(`row | runs | K = 1 (one run) | ${sizes.map((k) => `best of ${k} by validation`).join(" | ")} | mean within-fold corr(score, test F)`);
  for (const r of restartTable(batchDir, sizes)) {
    const cells = [...r.expected.values()].map((f) => f.toFixed(4));
    console.log(`${r.row} | ${r.runs} | ${cells.join(" | ")} | ${r.correlation >= 0 ? "+" : ""}${r.correlation.toFixed(2)}`);
  }
}

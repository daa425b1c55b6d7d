/**
 * The main job as a benchmark: the Table 4.1 batch (6 rows × 200 epochs) on the built-in corpus,
 * per-row training time and total wall time with --jobs 1 and --jobs 2, against the PyTorch +
 * numba reference of the same experiment (issue #4: ≈ 65 s for the six rows on one thread).
 * Features come from the cache after the first extraction, as in any real batch.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadBatch } from "../src/config/load.js";
import { runBatch } from "../src/experiment/batch.js";
import { findRuns } from "../src/experiment/collect.js";
import { prepareCorpus } from "../src/experiment/corpus.js";
import { silentProgress } from "../src/experiment/progress.js";

const REFERENCE_SEC: Record<string, number> = {
  "BCE 150/150": 2,
  "Soft-DTW uniform 16/150": 5,
  "Soft-DTW last 16/150": 5,
  "Soft-DTW uniform 75/150": 23,
  "Soft-DTW last 75/150": 23,
  "CTC reduced/150": 3.4,
};

async function timeBatch(jobs: number, out: string) {
  const batch = loadBatch("configs/table4_1.yaml", { out, set: ["report.enabled=false"] });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await runBatch(batch, { jobs });
  const cpu = process.cpuUsage(cpu0);
  return { wallSec: (performance.now() - t0) / 1000, cpuSec: (cpu.user + cpu.system) / 1e6, result };
}

export default async function bench(): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), "chordtrain-bench-"));
  try {
    // Generate the corpus and warm the feature cache, so both timings measure training.
    const t0 = performance.now();
    await prepareCorpus(loadBatch("configs/table4_1.yaml").items[0].config, silentProgress);
    console.log(`corpus + features (cached after the first time): ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    const one = await timeBatch(1, join(out, "jobs1"));
    console.log("| row | train s (jobs 1) | total s | reference s | test F1 |");
    console.log("|---|---|---|---|---|");
    for (const run of findRuns(one.result.dir)) {
      const row = run.record.row ?? run.record.name;
      const m = one.result.collected.runs.find((r) => r.dir === run.dir);
      console.log(
        `| ${row} | ${run.record.timings.trainSec?.toFixed(2)} | ${run.record.timings.totalSec?.toFixed(2)} | ${REFERENCE_SEC[row] ?? "–"} | ${m?.testF1.toFixed(3)} |`,
      );
    }
    console.log(`\njobs 1: ${one.wallSec.toFixed(1)} s wall, ${one.cpuSec.toFixed(1)} s CPU (reference ≈ 65 s; goal ≤ 22 s)`);
    const two = await timeBatch(2, join(out, "jobs2"));
    console.log(`jobs 2: ${two.wallSec.toFixed(1)} s wall (worker processes; CPU not counted here)`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

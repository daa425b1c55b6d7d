/**
 * The main job as users run it (issue #11): `node bin/chordtrain.js batch --config
 * configs/table4_1.yaml` — six rows × 200 epochs, the report on (the default), features not yet
 * cached — in a child process, against the PyTorch + numba reference of the same experiment
 * (68.1 s on one core, measured back to back with chordtrain on the same machine). Then the cost of
 * the figures of that batch (7 reports: six runs and the batch), SVG only and with PNG copies, and
 * the same batch with --jobs 2.
 *
 *   taskset -c 0 npm run bench -- table4_1       (one core, as the reference)
 *
 * Times are CPU seconds (user + system, from /usr/bin/time) with wall seconds beside them: on a
 * shared machine CPU time is the comparable figure; on a quiet one the two agree.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadBatch } from "../src/config/load.js";
import { ensureCorpusFolder } from "../src/experiment/corpus.js";
import { buildReport } from "../src/reporting/build.js";
import { root, timedCli } from "./shared.js";

const REFERENCE_SEC = 68.1;

/** The run folders (holding run.json) of a batch folder. */
function runDirs(batchDir: string): string[] {
  return readdirSync(batchDir)
    .map((row) => join(batchDir, row))
    .filter((p) => statSync(p).isDirectory() && !p.endsWith("figures"))
    .flatMap((p) => readdirSync(p).map((run) => join(p, run)))
    .filter((p) => existsSync(join(p, "run.json")));
}

/**
 * CPU seconds to build every figure of the batch's seven reports in this process, as the batch does
 * (the first call also loads the renderers; figures already drawn in this process are reused).
 */
async function figureSeconds(batchDir: string, png: boolean): Promise<{ cpu: number; figures: number }> {
  const dirs = [batchDir, ...runDirs(batchDir)];
  const started = process.cpuUsage();
  let figures = 0;
  for (const dir of dirs) figures += (await buildReport(dir, { png })).figures.length;
  const used = process.cpuUsage(started);
  return { cpu: (used.user + used.system) / 1e6, figures };
}

export default async function bench(): Promise<void> {
  const build = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: root, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`build failed: ${build.stdout.slice(0, 800)}`);
  await ensureCorpusFolder(loadBatch(join(root, "configs/table4_1.yaml")).items[0].config, { note: () => undefined });
  const work = mkdtempSync(join(tmpdir(), "chordtrain-bench-"));
  try {
    const cache = join(work, "cache");
    const cold = timedCli(["batch", "--config", "configs/table4_1.yaml", "--out", join(work, "jobs1"), "--set", `data.cacheDir=${cache}`]);
    const ratio = cold.cpu / REFERENCE_SEC;
    console.log("| main job (report on, cold feature cache) | CPU s | wall s | peak MB | ratio to the reference (68.1 s) |");
    console.log("|---|---|---|---|---|");
    console.log(`| chordtrain batch -c configs/table4_1.yaml | ${cold.cpu.toFixed(1)} | ${cold.wall.toFixed(1)} | ${cold.maxRssMb.toFixed(0)} | ${ratio.toFixed(2)} (goal ≤ 0.33) |`);
    const batchDir = join(work, "jobs1", "table4_1");
    const svg = await figureSeconds(batchDir, false);
    const png = await figureSeconds(batchDir, true); // SVGs now come from the process's cache: PNG cost alone
    console.log(`\nfigures of the batch's 7 reports (${svg.figures} figures, renderers loaded inside): SVG ${svg.cpu.toFixed(2)} s CPU (goal ≤ 3 s); PNG copies on demand (report --png) ${png.cpu.toFixed(2)} s CPU more`);
    const two = timedCli(["batch", "--config", "configs/table4_1.yaml", "--out", join(work, "jobs2"), "--set", `data.cacheDir=${cache}`, "--jobs", "2"]);
    console.log(`--jobs 2 (features cached, report on): ${two.wall.toFixed(1)} s wall`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();

/**
 * Replays a finished batch through the batch's time-left estimate (experiment/eta.ts) to see how
 * good the estimate would have been: the batch file's runs, each taking the `seconds` its runs.csv
 * row measured, planned as the batch plans them (experiment/batch.ts plannedRunsOf) and scheduled
 * longest-expected-first on `--jobs` lanes (experiment/order.ts) with a simulated clock; after every finished run, the estimate against the time that was really left.
 * docs/early-stopping.md "Corpus size counts".
 *
 *   npx tsx scripts/eta-replay.ts <batch file> <runs.csv> [seeds, e.g. 0,1,2,3,4] [jobs, default 2]
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parse } from "csv-parse/sync";
import { loadBatch } from "../src/config/load.js";
import { plannedRunsOf } from "../src/experiment/batch.js";
import { createBatchEta } from "../src/experiment/eta.js";
import { longestFirst } from "../src/experiment/order.js";

export interface ReplayRun {
  key: string;
  group: string;
  kind?: string;
  cost: number;
  seconds: number;
}

export interface ReplayEvent {
  /** Simulated seconds since the start when a run finished. */
  at: number;
  /** The estimate shown then (null: nothing measured yet). */
  leftSec: number | null;
  /** The time really left. */
  trueLeftSec: number;
}

/** The runs (already in start order) on `jobs` lanes; one event per finished run. */
export function replay(runs: readonly ReplayRun[], jobs: number): ReplayEvent[] {
  let now = 0;
  const eta = createBatchEta(runs.map(({ key, group, kind, cost }) => ({ key, group, kind, cost })), { jobs, now: () => now });
  const queue = [...runs];
  const running: { key: string; end: number }[] = [];
  const start = () => {
    const r = queue.shift();
    if (!r) return;
    eta.start(r.key);
    running.push({ key: r.key, end: now + r.seconds });
  };
  for (let k = 0; k < jobs; k++) start();
  const seen: { at: number; leftSec: number | null }[] = [];
  while (running.length > 0) {
    running.sort((a, b) => a.end - b.end);
    const done = running.shift()!;
    now = done.end;
    eta.finish(done.key);
    start();
    seen.push({ at: now, leftSec: eta.status().leftSec });
  }
  return seen.map((e) => ({ ...e, trueLeftSec: now - e.at }));
}

function main(): void {
  const [batchFile, runsCsv, seedsArg, jobsArg] = process.argv.slice(2);
  if (!batchFile || !runsCsv) throw new Error("usage: npx tsx scripts/eta-replay.ts <batch file> <runs.csv> [seeds] [jobs]");
  const batch = loadBatch(batchFile, {}, seedsArg ? seedsArg.split(",").map(Number) : undefined);
  const seconds = new Map<string, number>();
  for (const r of parse(readFileSync(runsCsv, "utf8"), { columns: true }) as Record<string, string>[]) {
    if (r.status === "COMPLETED") seconds.set(`${r.row}|${r.seed}|${r.fold ?? ""}`, Number(r.seconds));
  }
  const planned = plannedRunsOf(batch.items);
  const runs = longestFirst(batch.items, (i) => planned.get(i)!.cost).map((i) => {
    const s = seconds.get(`${i.row}|${i.seed}|${i.fold ?? ""}`);
    if (s === undefined) throw new Error(`${runsCsv}: no completed run for row "${i.row}", seed ${i.seed}`);
    return { ...planned.get(i)!, seconds: s };
  });
  const events = replay(runs, Number(jobsArg ?? 2));
  const total = events[events.length - 1].at;
  const ratios = events.filter((e) => e.leftSec !== null && e.trueLeftSec > 1).map((e) => ({ frac: e.at / total, r: e.leftSec! / e.trueLeftSec }));
  const at = (f: number) => ratios.find((x) => x.frac >= f)?.r.toFixed(2) ?? "–";
  const meanLog = ratios.reduce((a, x) => a + Math.abs(Math.log(x.r)), 0) / ratios.length;
  console.log(
    `${runs.length} runs, ${total.toFixed(0)} s on ${jobsArg ?? 2} lanes; estimate / time really left at 10 % ${at(0.1)}, 25 % ${at(0.25)}, ` +
      `50 % ${at(0.5)}, 75 % ${at(0.75)}, 90 % ${at(0.9)}; mean |ln ratio| ${meanLog.toFixed(2)}`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main();

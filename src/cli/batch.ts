import { Command, InvalidArgumentError } from "commander";
import { loadBatch } from "../config/load.js";
import { runBatch, type Shard } from "../experiment/batch.js";
import { DegenerateModelError, InputError, InterruptedError } from "../errors.js";
import { degenerateLines } from "../experiment/table.js";
import type { Io } from "./io.js";
import { interruptSignal } from "./interrupt.js";
import { overridesOf, parsePositiveInt, withCommonOptions, type CommonOptions } from "./options.js";
import { progressFor } from "./progress.js";
import { formatBatchStatus, type BatchStatus } from "../experiment/eta.js";

interface BatchOptions extends CommonOptions {
  seeds?: number[];
  jobs: number;
  shard?: Shard;
  failOnDegenerate?: boolean;
}

function parseSeeds(value: string): number[] {
  const seeds = value.split(",").map((s) => s.trim());
  if (seeds.some((s) => !/^\d+$/.test(s))) throw new InvalidArgumentError(`expected seeds like 0,1,2, got "${value}"`);
  return seeds.map(Number);
}

function parseShard(value: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!m || Number(m[2]) < 1 || Number(m[1]) >= Number(m[2])) {
    throw new InvalidArgumentError(`expected i/n with 0 ≤ i < n (e.g. 0/4), got "${value}"`);
  }
  return { index: Number(m[1]), count: Number(m[2]) };
}

export function batchCommand(io: Io): Command {
  const cmd = new Command("batch").description("run every row of a batch config and write the results table");
  return withCommonOptions(cmd, { configRequired: true })
    .option("--seeds <list>", "run every row once per seed, e.g. 0,1,2", parseSeeds)
    .option("-j, --jobs <n>", "rows run in parallel worker processes", parsePositiveInt, 1)
    .option("--shard <i/n>", "run only rows i, i+n, i+2n, … (0-based), e.g. $SLURM_ARRAY_TASK_ID/4", parseShard)
    .option("--fail-on-degenerate", "exit with code 3 when a run's model is degenerate (docs/degenerate-models.md)")
    .action(async (o: BatchOptions) => {
      const batch = loadBatch(o.config!, overridesOf(o), o.seeds);
      const interrupt = interruptSignal();
      const log = (line: string) => (o.json ? undefined : io.err(`${line}\n`));
      // the batch's status, computed only where it is shown (the bar on a terminal, a line per run)
      let latest: (() => BatchStatus) | undefined;
      try {
        const result = await runBatch(batch, {
          jobs: o.jobs,
          shard: o.shard,
          signal: interrupt.signal,
          progressFor: (item) =>
            progressFor(io, {
              ...o,
              label: `${item.row}${item.fold === undefined ? "" : ` fold ${item.fold}`}${batch.seeds.length > 1 ? ` s${item.seed}` : ""}`,
              status: () => (latest ? formatBatchStatus(latest()) : ""),
            }),
          log,
          info: (line) => (o.quiet ? undefined : log(line)),
          // the batch's runs done and time left: on the bar (terminal) and a line after each run
          onStatus(status, event) {
            latest = status;
            if (event === "run" && !o.quiet) log(`batch: ${formatBatchStatus(status())}`);
          },
        });
        // Degenerate models are results (exit 0 unless asked), named one per line at the very end.
        const alarms = degenerateLines(result.collected.runs);
        const alarmText = alarms.map((l) => `${l}\n`).join("");
        if (o.json) {
          const degenerate = result.collected.runs.filter((r) => r.status === "COMPLETED" && r.degenerate === true).map(({ row, seed, fold, dir, reasons }) => ({ row, seed, fold, dir, reasons }));
          io.out(JSON.stringify({ dir: result.dir, ran: result.ran, skipped: result.skipped, failed: result.failed, degenerate, rows: result.collected.rows, comparisons: result.collected.comparisons }) + "\n");
          io.err(alarmText);
        } else {
          io.out(`\n${result.collected.markdown}\n${result.dir}/table.csv\n${alarmText}`);
        }
        if (result.interrupted) {
          throw new InterruptedError("interrupted: finished runs are kept; rerun the same command to resume");
        }
        if (result.failed.length > 0) {
          throw new InputError(`${result.failed.length} run(s) failed (see run.json in their folders); rerun to retry them`);
        }
        if (alarms.length > 0 && o.failOnDegenerate) throw new DegenerateModelError(`${alarms.length} degenerate model(s) (--fail-on-degenerate)`);
      } finally {
        interrupt.dispose();
      }
    });
}

import { Command } from "commander";
import { collect } from "../experiment/collect.js";
import type { Io } from "./io.js";

export function collectCommand(io: Io): Command {
  return new Command("collect")
    .description("merge the finished runs of a batch folder (e.g. from --shard jobs) into table.csv")
    .argument("<dir>", "batch results folder, e.g. results/table4_1")
    .option("--json", "print the table as JSON")
    .action((dir: string, o: { json?: boolean }) => {
      const c = collect(dir);
      if (o.json) io.out(JSON.stringify({ rows: c.rows, comparisons: c.comparisons, missing: c.missing }) + "\n");
      else io.out(c.markdown + (c.missing.length ? `\nmissing: ${c.missing.map((m) => `${m.row} (seed ${m.seed}${m.fold === undefined ? "" : `, fold ${m.fold}`})`).join(", ")}\n` : ""));
    });
}

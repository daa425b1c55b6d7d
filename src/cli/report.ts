import { Command } from "commander";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { writeReport } from "../reporting/index.js";
import { collect } from "../experiment/collect.js";
import type { Io } from "./io.js";

export function reportCommand(io: Io): Command {
  return new Command("report")
    .description("write report.html (and figures) for a run or batch results folder")
    .argument("<dir>", "a run folder (holds run.json) or a batch folder (holds batch.json)")
    .option("--png", "also write a PNG beside each SVG figure (for slides)")
    .option("--no-png", "SVG figures only (the default)")
    .action(async (dir: string, o: { png?: boolean }) => {
      // A batch folder: refresh its table first, so runs abandoned since (SIGKILL) show as FAILED
      // and every planned row is there.
      if (existsSync(join(dir, "batch.json"))) collect(dir);
      const r = await writeReport(dir, { png: o.png === true });
      io.out(`${r.path}\n`);
    });
}

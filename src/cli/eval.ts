import { existsSync } from "node:fs";
import { Command } from "commander";
import { InputError } from "../errors.js";
import { evaluateFiles } from "../evaluation/mirChord/files.js";
import { evalCsv, evalJson, formatEvalTable } from "../evaluation/mirChord/report.js";
import { writeFileAtomic } from "../util/atomicWrite.js";
import type { Io } from "./io.js";

interface EvalOptions {
  ref: string;
  est: string;
  json?: boolean;
  csv?: string;
  force?: boolean;
}

export function evalCommand(io: Io): Command {
  return new Command("eval")
    .description("score chord annotations against references with mir_eval's chord measures (root, majmin, sevenths, …)")
    .requiredOption("--ref <path>", "reference annotation (.lab, .csv, .jams) or a folder of them (searched recursively)")
    .requiredOption("--est <path>", "estimated annotation or a folder of them; files are paired by name without extension")
    .option("--json", "print the scores as JSON (mir_eval's key names, fractions)")
    .option("--csv <file>", "also write one CSV row per file and a total row")
    .option("--force", "overwrite the --csv file if it exists")
    .action((o: EvalOptions) => {
      if (o.csv !== undefined && existsSync(o.csv) && !o.force) {
        throw new InputError("the --csv file exists; add --force to overwrite it", { file: o.csv });
      }
      const report = evaluateFiles(o.ref, o.est, { warn: (m) => io.err(`chordtrain: warning: ${m}\n`) });
      if (o.csv !== undefined) writeFileAtomic(o.csv, evalCsv(report));
      io.out(o.json ? evalJson(report) : formatEvalTable(report));
    });
}

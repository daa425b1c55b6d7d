import { Command, InvalidArgumentError, Option } from "commander";
import { PredictSchema } from "../config/schema.js";
import { InputError } from "../errors.js";
import { chordtrainVersion } from "../experiment/runDir.js";
import { readModel, runPredict } from "../predict/index.js";
import type { Io } from "./io.js";
import { parsePositiveInt } from "./options.js";
import { progressFor } from "./progress.js";

interface PredictOptions {
  model: string;
  out: string;
  format?: string;
  smoothing?: string;
  selfProb?: number;
  medianLength?: number;
  silenceDb?: number | "off";
  force?: boolean;
  quiet?: boolean;
  engine?: "js" | "tfjs";
}

const defaults = PredictSchema.parse({});

export function predictCommand(io: Io): Command {
  return new Command("predict")
    .description("label audio files (or folders, searched recursively) with a trained model: .lab, JAMS or CSV")
    .argument("<files...>", "audio files or folders")
    .requiredOption("-m, --model <path>", "run folder or its weights.json")
    .option("-o, --out <dir>", "output folder (folder inputs keep their subfolders)", ".")
    .addOption(new Option("-f, --format <format>", `output format (default ${defaults.format})`).choices(["lab", "jams", "csv"]))
    .addOption(new Option("--smoothing <kind>", `none | median | hmm (default ${defaults.smoothing})`).choices(["none", "median", "hmm"]))
    .option("--self-prob <p>", `HMM self-transition probability, 0 < p < 1 (default ${defaults.selfProb})`, parseProbability)
    .option("--median-length <n>", `median filter length in frames, odd (default ${defaults.medianLength})`, parsePositiveInt)
    .option("--silence-db <dB|off>", `no-chord below this level re the loudest frame (default ${defaults.silenceDb})`, parseSilence)
    .addOption(new Option("--engine <name>", "forward pass: js (float64) | tfjs (float32) (default: the engine the model was trained with)").choices(["js", "tfjs"]))
    .option("--force", "overwrite existing outputs")
    .option("-q, --quiet", "no progress output")
    .action(async (files: string[], o: PredictOptions) => {
      const parsed = PredictSchema.safeParse({
        format: o.format,
        smoothing: o.smoothing,
        selfProb: o.selfProb,
        medianLength: o.medianLength,
        silenceDb: o.silenceDb === "off" ? null : o.silenceDb,
        force: o.force ?? false,
        engine: o.engine,
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new InputError(`predict option ${issue.path.join(".")}: ${issue.message}`);
      }
      const model = readModel(o.model);
      const written = await runPredict(
        { model, inputs: files, outDir: o.out, config: parsed.data, chordtrainVersion: chordtrainVersion() },
        { progress: progressFor(io, { quiet: o.quiet, label: "predict" }), warnings: { warn: (m) => io.err(`warning: ${m}\n`) } },
      );
      for (const w of written) io.out(`${w.output}\n`);
    });
}

function parseProbability(value: string): number {
  const p = Number(value);
  if (!Number.isFinite(p) || p <= 0 || p >= 1) throw new InvalidArgumentError(`expected a probability strictly between 0 and 1, got "${value}"`);
  return p;
}

/** "off" stays a string: commander turns a parser's null into "". */
function parseSilence(value: string): number | "off" {
  if (value === "off") return "off";
  const db = Number(value);
  if (!Number.isFinite(db) || db >= 0) throw new InvalidArgumentError(`expected a negative number of dB or "off", got "${value}"`);
  return db;
}

import { Command } from "commander";
import { writeCorpus } from "../synth/index.js";
import type { Io } from "./io.js";
import { parseNonNegativeInt, parsePositiveInt } from "./options.js";

export function synthCommand(io: Io): Command {
  return new Command("synth")
    .description("write the built-in synthetic corpus (WAV + .lab)")
    .option("--out <dir>", "target folder", "data/synth")
    .option("--songs <n>", "number of songs (1–4)", parsePositiveInt)
    .option("--seconds <s>", "length of every song in seconds (default: each song its own, 183–243 s)", parsePositiveInt)
    .option("--seed <n>", "random seed", parseNonNegativeInt)
    .action(async (o: { out: string; songs?: number; seconds?: number; seed?: number }) => {
      const { files } = await writeCorpus(o.out, { songs: o.songs, seconds: o.seconds, seed: o.seed });
      io.out(files.join("\n") + "\n");
    });
}

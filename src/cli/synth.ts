import { Command } from "commander";
import { writeCorpus, writeRandomCorpus } from "../synth/index.js";
import type { Io } from "./io.js";
import { parseNonNegativeInt, parsePositiveInt } from "./options.js";

interface SynthCliOptions {
  out: string;
  songs?: number;
  seconds?: number;
  seed?: number;
  random?: number;
  prefix?: string;
  midi?: boolean;
  audio: boolean;
}

export function synthCommand(io: Io): Command {
  return new Command("synth")
    .description("write the built-in synthetic corpus (WAV + .lab), or with --random a corpus of random song plans")
    .option("--out <dir>", "target folder", "data/synth")
    .option("--songs <n>", "number of songs (1–4)", parsePositiveInt)
    .option("--seconds <s>", "length of every song in seconds (default: each song its own, 183–243 s; --random: 90)", parsePositiveInt)
    .option("--seed <n>", "random seed", parseNonNegativeInt)
    .option("--random <n>", "write n random song plans (keys, tempi, vocabularies, minor shares drawn from the seed) instead of the built-in songs", parsePositiveInt)
    .option("--prefix <text>", "--random: song names are prefix + index (default g)")
    .option("--midi", "--random: also write each song as a Standard MIDI File (.mid)")
    .option("--no-audio", "--random: write no WAV (only .lab, .mid and plans.json)")
    .action(async (o: SynthCliOptions) => {
      if (o.random !== undefined) {
        const { files } = await writeRandomCorpus(o.out, { songs: o.random, seed: o.seed, seconds: o.seconds, prefix: o.prefix, midi: o.midi, noAudio: !o.audio });
        io.out(files.join("\n") + "\n");
        return;
      }
      const { files } = await writeCorpus(o.out, { songs: o.songs, seconds: o.seconds, seed: o.seed });
      io.out(files.join("\n") + "\n");
    });
}

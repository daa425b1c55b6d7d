import { Command } from "commander";
import { loadConfig } from "../config/load.js";
import { computeStats, formatStats, splitSegments } from "../dataset/index.js";
import { prepareCorpus } from "../experiment/corpus.js";
import type { Io } from "./io.js";
import { overridesOf, withCommonOptions, type CommonOptions } from "./options.js";
import { progressFor } from "./progress.js";

export function statsCommand(io: Io): Command {
  const cmd = new Command("stats").description(
    "print class distributions (Tables 4.2/4.3), segments per split and the soft-target reduction",
  );
  return withCommonOptions(cmd, { configRequired: false }).action(async (o: CommonOptions) => {
    const config = loadConfig(o.config, overridesOf(o));
    const progress = progressFor(io, o);
    const songs = await prepareCorpus(config, progress);
    progress.end();
    const splits = splitSegments(songs, { ...config.split, dataset: config.dataset }, config.seed);
    const stats = computeStats(songs, splits, { targets: config.targets });
    stats.notes.unshift(...splits.notes);
    io.out(o.json ? JSON.stringify(stats, null, 2) + "\n" : formatStats(stats));
  });
}

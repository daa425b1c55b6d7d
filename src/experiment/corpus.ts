import { resolve } from "node:path";
import type { Config } from "../config/schema.js";
import { BUILTIN_CORPUS_DIR } from "../config/schema.js";
import type { Warnings } from "../errors.js";
import { ensureBuiltinCorpus } from "../synth/index.js";
import { dataLayout, loadCorpus } from "../dataset/index.js";
import type { Song } from "../dataset/types.js";
import type { ProgressSink } from "../util/progress.js";

/**
 * The songs of the configured layout with their chroma. The built-in corpus (data/synth) is
 * generated first when it is missing; any other folder must exist (a typo must not silently
 * produce synthetic data).
 */
export async function prepareCorpus(config: Config, progress: ProgressSink, warnings?: Warnings): Promise<Song[]> {
  await ensureCorpusFolder(config, progress);
  progress.phase("features");
  return loadCorpus(config, warnings, (done, total, song) => progress.features(done, total, song));
}

/** Generates the built-in corpus when the layout is `data.dir` = the built-in folder and it is missing. */
export async function ensureCorpusFolder(config: Config, progress: Pick<ProgressSink, "note">): Promise<void> {
  const layout = dataLayout(config.data);
  if (layout.kind !== "dir" || resolve(layout.dir) !== resolve(BUILTIN_CORPUS_DIR)) return;
  const { generated } = await ensureBuiltinCorpus(config.data.dir);
  if (generated) progress.note(`generated the built-in synthetic corpus in ${config.data.dir}`);
}

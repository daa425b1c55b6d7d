import { resolve } from "node:path";
import type { Config } from "../config/schema.js";
import { BUILTIN_CORPUS_DIR } from "../config/schema.js";
import type { Warnings } from "../errors.js";
import { ensureBuiltinCorpus } from "../synth/index.js";
import { dataLayout, discoverSongs, loadCorpus } from "../dataset/index.js";
import { loadChroma, loadLogFreq } from "../features/loadChroma.js";
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

/**
 * Computes (or finds) the cached chroma of every `count`-th song from `index`: the lanes of
 * `batch --jobs N` share the feature extraction this way before their runs start, instead of
 * every lane's first run extracting every song at the same time. Returns the songs handled.
 * Problems are left to the runs, which report them (the cache replays decoding warnings).
 */
export async function warmFeatureCache(config: Config, shard: { index: number; count: number }): Promise<number> {
  if (!config.data.cache) return 0;
  const files = discoverSongs(config.data);
  let n = 0;
  for (let i = shard.index; i < files.length; i += shard.count, n++) {
    const cfg = { audio: config.audio, features: config.features, data: config.data };
    await loadChroma(files[i].audioFile, cfg);
    const logfreq = config.model.context?.logfreq;
    if (logfreq) await loadLogFreq(files[i].audioFile, cfg, logfreq);
  }
  return n;
}

/** What the chroma of a run depends on: runs with equal keys share their features. */
export function featureKey(config: Config): string {
  const logfreq = config.model.context?.logfreq;
  return JSON.stringify({ data: config.data, audio: config.audio, features: config.features, ...(logfreq ? { logfreq } : {}) });
}

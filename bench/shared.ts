/**
 * What several benches share: the generated corpus they train on, and the CLI run under
 * /usr/bin/time. Not a bench itself (bench/all.ts runs only *.bench.ts).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * `chordtrain synth --seed s` for s = 1..⌈songs/4⌉ into one folder `dir` as s<ss>_<song> (4 songs
 * a seed; the first `songs` kept). Made once: a folder holding `complete` is reused as it is.
 * Prints how long the generation took (not part of any bench's figures).
 */
export async function ensureSynthCorpus(dir: string, songs: number): Promise<string> {
  if (existsSync(join(dir, "complete"))) return dir;
  const { writeCorpus } = await import("../src/synth/index.js");
  const { writeFileAtomic } = await import("../src/util/atomicWrite.js");
  rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  for (let seed = 1; seed <= Math.ceil(songs / 4); seed++) {
    const part = join(dir, `seed${seed}`);
    await writeCorpus(part, { seed });
    const stems = [...new Set(readdirSync(part).filter((f) => /\.(wav|lab)$/.test(f)).map((f) => f.replace(/\.(wav|lab)$/, "")))].sort();
    for (const stem of stems.slice(0, Math.min(4, songs - (seed - 1) * 4))) {
      for (const ext of ["wav", "lab"]) renameSync(join(part, `${stem}.${ext}`), join(dir, `s${String(seed).padStart(2, "0")}_${stem}.${ext}`));
    }
    rmSync(part, { recursive: true, force: true });
  }
  writeFileAtomic(join(dir, "complete"), "");
  console.log(`generated ${songs} songs in ${dir} (${((performance.now() - started) / 1000).toFixed(0)} s, not part of the figures)`);
  return dir;
}

export interface Timed {
  cpu: number;
  wall: number;
  maxRssMb: number;
}

/** Runs the CLI (bin/chordtrain.js) under /usr/bin/time; returns its CPU and wall seconds and peak memory. */
export function timedCli(args: string[]): Timed {
  const r = spawnSync("/usr/bin/time", ["-f", "TIME %U %S %e %M", process.execPath, join(root, "bin/chordtrain.js"), ...args], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const line = r.stderr.split("\n").find((l) => l.startsWith("TIME "));
  if (r.status !== 0 || !line) throw new Error(`chordtrain ${args.join(" ")} failed: ${r.stderr.slice(-1500)}`);
  const [user, sys, wall, rssKb] = line.split(" ").slice(1).map(Number);
  return { cpu: user + sys, wall, maxRssMb: rssKb / 1024 };
}

/**
 * A diagnostic trace of one training run: the config's corpus and split, the js engine and the
 * epoch loop of training/train.ts (its shuffle stream and schedule), calling `each` after every
 * epoch with the engine and the prepared sets (bench/ctc-takeover.ts, bench/ctc-minor-trace.ts).
 * Disposes the engine at the end.
 */
export async function traceEpochs(
  config: import("../src/config/schema.js").Config,
  each: (
    epoch: number,
    engine: import("../src/training/engine.js").TrainingEngine<import("../src/training/types.js").ModelWeights>,
    sets: { train: import("../src/training/batches.js").PreparedSet; val: import("../src/training/batches.js").PreparedSet },
  ) => void,
): Promise<void> {
  const { loadCorpus, splitSegments } = await import("../src/dataset/index.js");
  const { prepareSet, epochBatches } = await import("../src/training/batches.js");
  const { createEngine } = await import("../src/training/engines/index.js");
  const { epochSchedule } = await import("../src/training/schedule.js");
  const { SHUFFLE_STREAM } = await import("../src/training/train.js");
  const { createRng } = await import("../src/util/random.js");
  const songs = await loadCorpus(config);
  const splits = splitSegments(songs, { ...config.split, dataset: config.dataset }, config.seed);
  const train = prepareSet(splits.train, config);
  const val = prepareSet(splits.val, config);
  const engine = createEngine("js", { train, val, cfg: config, seed: config.seed });
  const rng = createRng(config.seed, SHUFFLE_STREAM);
  for (let epoch = 1; epoch <= config.training.epochs; epoch++) {
    for (const indices of epochBatches(train.segments.length, config.training.batchSize, rng)) engine.step(indices, epochSchedule(epoch, config.loss));
    each(epoch, engine, { train, val });
  }
  engine.dispose();
}

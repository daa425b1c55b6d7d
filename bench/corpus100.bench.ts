/**
 * A corpus at the scale researchers meet (issue #11): 100 songs, ≈ 5 hours of audio, made by
 * `chordtrain synth` with seeds 1–25 (4 songs each, renamed s<seed>_<song>). Prints the feature
 * extraction time with a cold cache, the time of the first soft-DTW epoch at soft length 75 (study
 * split, batch 5, with its validation pass, the run's set-up included) and of each later one, and
 * the peak memory (max RSS) of the process doing all of it.
 *
 *   npm run bench -- corpus100          (the corpus is generated once into $TMPDIR/chordtrain-corpus100)
 *
 * The measurement runs in a child process, so the peak memory is that of the job alone. Times are
 * CPU seconds (user + system) of that process, with wall seconds beside them.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureSynthCorpus } from "./shared.js";

const CHILD_FLAG = "--corpus100-child";
/** Epochs trained: the first (with the run's set-up and the JIT warming up), then steady ones. */
const EPOCHS = 3;
const SEEDS = 25;
const CORPUS_DIR = process.env.CHORDTRAIN_CORPUS100 ?? join(tmpdir(), "chordtrain-corpus100");

const cpuSec = (from: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e6;
};

/** The child: features (cold cache), then one soft-DTW epoch at soft length 75; prints one JSON line. */
async function child(): Promise<void> {
  const { loadConfig } = await import("../src/config/load.js");
  const { loadCorpus, splitSegments } = await import("../src/dataset/index.js");
  const { initBackend } = await import("../src/util/tfjs.js");
  const { train } = await import("../src/training/train.js");
  const cacheDir = mkdtempSync(join(tmpdir(), "chordtrain-corpus100-cache-"));
  try {
    const config = loadConfig("configs/base.yaml", {
      set: [
        `data.dir=${CORPUS_DIR}`,
        `data.cacheDir=${cacheDir}`,
        "split.testSong=s01_ballad_in_c",
        "targets.kind=soft",
        "targets.softLength=75",
        "targets.padding=uniform",
        "loss.kind=softDtw",
        `training.epochs=${EPOCHS}`,
        "report.alignmentEpochs=[]",
      ],
    });
    let cpu = process.cpuUsage();
    let wall = performance.now();
    const songs = await loadCorpus(config);
    const features = { cpu: cpuSec(cpu), wall: (performance.now() - wall) / 1000 };
    const audioHours = songs.reduce((h, s) => h + s.chroma.nFrames / s.chroma.frameRateHz, 0) / 3600;
    const splits = splitSegments(songs, { ...config.split, dataset: config.dataset }, config.seed);
    await initBackend("wasm");
    cpu = process.cpuUsage();
    wall = performance.now();
    let first: { cpu: number; wall: number } | undefined;
    let from = { cpu: process.cpuUsage(), wall: 0 };
    const later = { cpu: 0, wall: 0 };
    const result = await train({ train: splits.train, val: splits.val }, config, {
      seed: 0,
      onEpoch: (e) => {
        if (e.epoch === 1) first = { cpu: cpuSec(cpu), wall: (performance.now() - wall) / 1000 };
        else {
          later.cpu += cpuSec(from.cpu) / (EPOCHS - 1);
          later.wall += (performance.now() - from.wall) / 1000 / (EPOCHS - 1);
        }
        from = { cpu: process.cpuUsage(), wall: performance.now() };
      },
    });
    const epoch = first!;
    const steady = later;
    result.model.dispose();
    const peakMb = process.resourceUsage().maxRSS / 1024;
    console.log(JSON.stringify({ songs: songs.length, audioHours, train: splits.train.length, val: splits.val.length, features, epoch, steady, peakMb }));
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

export default async function bench(): Promise<void> {
  await ensureSynthCorpus(CORPUS_DIR, SEEDS * 4);
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [...process.execArgv, self, CHILD_FLAG], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`corpus100 child failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout.trim().split("\n").pop()!) as {
    songs: number;
    audioHours: number;
    train: number;
    val: number;
    features: { cpu: number; wall: number };
    epoch: { cpu: number; wall: number };
    steady: { cpu: number; wall: number };
    peakMb: number;
  };
  console.log(`${m.songs} songs, ${m.audioHours.toFixed(2)} h of audio; ${m.train} training + ${m.val} validation segments of 150 frames`);
  console.log("| what | CPU s | wall s |");
  console.log("|---|---|---|");
  console.log(`| features, cold cache (decode, resample, chroma, cache write) | ${m.features.cpu.toFixed(1)} | ${m.features.wall.toFixed(1)} |`);
  console.log(`| the first soft-DTW epoch, soft length 75 (train + validation; with the run's set-up) | ${m.epoch.cpu.toFixed(2)} | ${m.epoch.wall.toFixed(2)} |`);
  console.log(`| each later epoch (mean of epochs 2–${EPOCHS}) | ${m.steady.cpu.toFixed(2)} | ${m.steady.wall.toFixed(2)} |`);
  console.log(`peak memory (max RSS of the process): ${m.peakMb.toFixed(0)} MB`);
}

if (process.argv.includes(CHILD_FLAG)) await child();
else if (import.meta.url === `file://${process.argv[1]}`) await bench();

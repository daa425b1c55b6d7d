/**
 * Writing a random corpus (randomSong.ts) to disk: per song `<prefix><index>.wav` rendered by the
 * built-in synthesizer, the `.lab`, optionally the `.mid` (midi.ts) for a sample-based renderer,
 * and `plans.json` (each song's drawn key, tempo, minor share, GM programs). Deterministic: the
 * same options give byte-identical files. Written into a staging folder that then replaces `dir`.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { encodeWav } from "../audio/encodeWav.js";
import { InputError } from "../errors.js";
import { DEFAULT_SAMPLE_RATE, generateEvents, generateSong } from "./generateSong.js";
import { formatLab } from "./lab.js";
import { drawPrograms, encodeMidi } from "./midi.js";
import { randomSongPlan } from "./randomSong.js";

export const PLANS_FILE = "plans.json";

export interface RandomCorpusOptions {
  songs: number;
  /** @default 0 */
  seed?: number;
  /** Length of every song. @default 90 */
  seconds?: number;
  /** Song names are prefix + zero-padded index. @default "g" */
  prefix?: string;
  /** Also write `<name>.mid`. @default false */
  midi?: boolean;
  /** Skip the WAV (only .lab, .mid and plans.json). @default false */
  noAudio?: boolean;
  sampleRate?: number;
}

export interface RandomCorpusPlan {
  name: string;
  keyPc: number;
  tempoBpm: number;
  minorShare: number;
  programs: Record<string, number>;
}

export async function writeRandomCorpus(dir: string, options: RandomCorpusOptions): Promise<{ files: string[]; plans: RandomCorpusPlan[] }> {
  const { songs, seed = 0, seconds = 90, prefix = "g", midi = false, noAudio = false, sampleRate = DEFAULT_SAMPLE_RATE } = options;
  if (!Number.isInteger(songs) || songs < 1 || songs > 10000) throw new RangeError(`synth: random songs must be an integer in 1..10000, got ${songs}`);
  if (!/^[A-Za-z0-9._-]*$/.test(prefix)) throw new InputError(`synth: the song name prefix "${prefix}" may hold only letters, digits, ".", "_" and "-"`);
  assertReplaceable(dir);
  const digits = String(songs - 1).length;
  const staging = join(dirname(resolve(dir)), `.${basename(resolve(dir))}.tmp-${process.pid}-${Date.now()}`);
  await mkdir(staging, { recursive: true });
  const files: string[] = [];
  const plans: RandomCorpusPlan[] = [];
  try {
    for (let i = 0; i < songs; i++) {
      const name = `${prefix}${String(i).padStart(digits, "0")}`;
      const { spec, minorShare } = randomSongPlan(seed, i, { name, durationSec: seconds });
      const programs = drawPrograms(seed, i);
      plans.push({ name, keyPc: spec.keyPc, tempoBpm: spec.tempoBpm, minorShare, programs });
      const synth = { seed, sampleRate };
      const events = generateEvents(spec, synth);
      await writeFile(join(staging, `${name}.lab`), formatLab(events.spans));
      files.push(`${name}.lab`);
      if (midi) {
        await writeFile(join(staging, `${name}.mid`), encodeMidi(events, programs));
        files.push(`${name}.mid`);
      }
      if (!noAudio) {
        const song = generateSong(spec, synth);
        await writeFile(join(staging, `${name}.wav`), encodeWav([song.samples], { sampleRate: song.sampleRate, encoding: "pcm16" }));
        files.push(`${name}.wav`);
      }
    }
    const meta = { generator: "chordtrain synth --random", options: { songs, seed, seconds, prefix, midi, noAudio, sampleRate }, plans };
    await writeFile(join(staging, PLANS_FILE), JSON.stringify(meta, null, 2) + "\n");
    if (existsSync(dir)) await rm(dir, { recursive: true, force: true });
    await mkdir(dirname(resolve(dir)), { recursive: true });
    await rename(staging, dir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { files: files.map((f) => join(dir, f)), plans };
}

/** Refuses to replace a non-empty folder that holds no plans.json (not a random corpus). */
function assertReplaceable(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new InputError(`corpus folder ${dir} exists and is not a folder`);
  const entries = readdirSync(dir);
  if (entries.length > 0 && !entries.includes(PLANS_FILE)) {
    throw new InputError(`refusing to replace ${dir}: it is not empty and holds no ${PLANS_FILE} (not a generated random corpus)`);
  }
}

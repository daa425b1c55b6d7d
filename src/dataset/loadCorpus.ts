/**
 * The I/O edge of the dataset stage: a folder of `<song>.wav` (+ `<song>.lab|.csv|.jams`) → Song[].
 *
 * Every `*.wav` in `data.dir` (extension in any case, not recursive), in name order; per song: its
 * annotation (findAnnotationFile + readAnnotation), its chroma (loadChroma, cached), then
 * buildSong (labels, distortion, trimming). Songs load one after another (chroma is CPU-bound).
 */
import { readdirSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { findAnnotationFile, readAnnotation } from "../annotations/index.js";
import type { Config } from "../config/schema.js";
import { InputError, type Warnings } from "../errors.js";
import { loadChroma } from "../features/loadChroma.js";
import { buildSong } from "./song.js";
import { compareNames } from "./splits.js";
import type { Song } from "./types.js";

export type CorpusConfig = Pick<Config, "data" | "audio" | "features" | "annotations" | "dataset" | "distortion" | "seed">;

/** Called after each song: `done` of `total` loaded, `song` = the name just loaded. */
export type CorpusProgress = (done: number, total: number, song: string) => void;

export async function loadCorpus(cfg: CorpusConfig, warnings?: Warnings, onProgress?: CorpusProgress): Promise<Song[]> {
  const wavFiles = listWavFiles(cfg.data.dir);
  const songs: Song[] = [];
  for (const audioFile of wavFiles) {
    const song = await loadSong(audioFile, cfg, warnings);
    songs.push(song);
    onProgress?.(songs.length, wavFiles.length, song.name);
  }
  return songs;
}

async function loadSong(audioFile: string, cfg: CorpusConfig, warnings?: Warnings): Promise<Song> {
  const name = basename(audioFile, extname(audioFile));
  const annotationFile = findAnnotationFile(audioFile);
  const annotation = readAnnotation(annotationFile, { annotations: cfg.annotations, lenient: cfg.data.lenient }, warnings);
  const { chroma, durationSec } = await loadChroma(
    audioFile,
    { audio: cfg.audio, features: cfg.features, data: { cache: cfg.data.cache, cacheDir: cfg.data.cacheDir } },
    warnings,
  );
  const annotationEndSec = Math.max(0, ...annotation.spans.map((s) => s.endSec));
  if (annotationEndSec > durationSec + 1) {
    warnings?.warn(
      `${annotationFile}: the annotation ends at ${annotationEndSec.toFixed(2)} s, after the audio ` +
        `(${durationSec.toFixed(2)} s); is it the annotation of this recording?`,
    );
  }
  const song = buildSong({ name, audioFile, annotationFile, chroma, spans: annotation.spans }, cfg);
  if (song.chroma.nFrames === 0) warnings?.warn(`${annotationFile}: no chord in the annotation; the song gives no segments`);
  return song;
}

/** The `*.wav` files of `dir`, sorted by name; InputError when the folder is missing or has none. */
export function listWavFiles(dir: string): string[] {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new InputError(`data.dir "${dir}" does not exist`);
  }
  if (!isDir) throw new InputError(`data.dir "${dir}" is not a folder`);
  const names = readdirSync(dir)
    .filter((f) => /\.wav$/i.test(f))
    .sort(compareNames);
  if (names.length === 0) throw new InputError(`data.dir "${dir}" has no .wav files`);
  const seen = new Map<string, string>();
  for (const file of names) {
    const name = basename(file, extname(file));
    if (seen.has(name)) throw new InputError(`data.dir "${dir}": "${seen.get(name)}" and "${file}" give the same song name "${name}"`);
    seen.set(name, file);
  }
  return names.map((f) => join(dir, f));
}

/**
 * Finding a corpus's songs on disk: which audio file goes with which annotation, and each song's
 * name. Three layouts, as researchers keep datasets (the first one configured wins):
 *
 * - `data.manifest`: a CSV `audio,annotation[,name]` (manifest.ts), for names that differ.
 * - `data.audioDir` + `data.annotationDir`: two parallel trees (Isophonics' `chordlab/…`,
 *   mirdata), paired by the path relative to each root without the extension.
 * - `data.dir`: one tree searched recursively; audio pairs with the annotation of the same stem
 *   in the same folder.
 *
 * Audio extensions: decodeCompressed.ts AUDIO_EXTENSIONS; annotations: .lab, .csv, .jams (any
 * case). Hidden files and folders (".…", e.g. macOS "._x.flac") are ignored; symlinked folders
 * are followed once. A song's name is the manifest's `name` or the audio file's stem; two songs
 * with one name are an error naming both files. Unpaired files are an error listing them, or with
 * `data.unpaired: skip` a warning with their counts (it lands in the run's notes).
 */
import { basename, extname, join, relative, sep } from "node:path";
import { isAnnotationPath } from "../annotations/find.js";
import { AUDIO_EXTENSIONS, isAudioPath } from "../audio/decodeCompressed.js";
import type { DataConfig } from "../config/schema.js";
import { InputError, type Warnings } from "../errors.js";
import { readManifest } from "./manifest.js";
import type { Discovery, SongFiles, Unpaired } from "./types.js";
import { compareNames, listFiles } from "../util/files.js";

export type DataLayout =
  | { kind: "manifest"; manifest: string }
  | { kind: "trees"; audioDir: string; annotationDir: string }
  | { kind: "dir"; dir: string };

export type DiscoverConfig = Pick<DataConfig, "dir" | "audioDir" | "annotationDir" | "manifest" | "unpaired">;

/** Which layout the config selects. */
export function dataLayout(data: DiscoverConfig): DataLayout {
  if (data.manifest !== undefined) return { kind: "manifest", manifest: data.manifest };
  if (data.audioDir !== undefined && data.annotationDir !== undefined) {
    return { kind: "trees", audioDir: data.audioDir, annotationDir: data.annotationDir };
  }
  return { kind: "dir", dir: data.dir };
}

/** The songs of the configured layout, sorted by name; unpaired files per `data.unpaired`. */
export function discoverSongs(data: DiscoverConfig, warnings?: Warnings): SongFiles[] {
  const layout = dataLayout(data);
  const where = layoutLabel(layout);
  const found = findPairs(layout);
  const { unpaired } = found;
  const count = unpaired.audioOnly.length + unpaired.annotationOnly.length + unpaired.missing.length;
  if (count > 0) {
    if (data.unpaired === "error") {
      throw new InputError(`${where}: ${describeUnpaired(unpaired)} (set data.unpaired: skip to train without them)`);
    }
    warnings?.warn(`${where}: skipped ${describeUnpaired(unpaired)}`);
  }
  const songs = checkNames(found.songs, where).sort((a, b) => compareNames(a.name, b.name));
  if (songs.length === 0) throw new InputError(`${where}: no song (no audio file paired with an annotation)`);
  return songs;
}

/** Pairs of the layout without the policy (exported for tests and tools). */
export function findPairs(layout: DataLayout): Discovery {
  if (layout.kind === "manifest") return readManifest(layout.manifest);
  const [audioRoot, audioKey, notesRoot, notesKey] =
    layout.kind === "trees"
      ? [layout.audioDir, "data.audioDir", layout.annotationDir, "data.annotationDir"]
      : [layout.dir, "data.dir", layout.dir, "data.dir"];
  const underAudio = listFiles(audioRoot, audioKey);
  const audioFiles = underAudio.filter(isAudioPath);
  if (audioFiles.length === 0) {
    throw new InputError(`${audioKey} "${audioRoot}" has no audio files (${AUDIO_EXTENSIONS.join(" ")}), searched recursively`);
  }
  const notesFiles = (layout.kind === "dir" ? underAudio : listFiles(notesRoot, notesKey)).filter(isAnnotationPath);
  return pair(keyed(audioFiles, audioRoot, "audio"), keyed(notesFiles, notesRoot, "annotation"));
}

/** "song key" (relative path without extension, "/"-separated) → file; two files on one key are an error. */
function keyed(files: string[], root: string, kind: "audio" | "annotation"): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of files) {
    const rel = relative(root, file).split(sep).join("/");
    const key = rel.slice(0, rel.length - extname(rel).length);
    const other = out.get(key);
    if (other !== undefined) {
      throw new InputError(`"${other}" and "${file}" are both the ${kind} of song "${key}"; keep exactly one`);
    }
    out.set(key, file);
  }
  return out;
}

function pair(audio: Map<string, string>, annotations: Map<string, string>): Discovery {
  const songs: SongFiles[] = [];
  const unpaired: Unpaired = { audioOnly: [], annotationOnly: [], missing: [] };
  for (const [key, audioFile] of audio) {
    const annotationFile = annotations.get(key);
    if (annotationFile === undefined) unpaired.audioOnly.push(audioFile);
    else songs.push({ name: basename(audioFile, extname(audioFile)), audioFile, annotationFile });
  }
  for (const [key, file] of annotations) if (!audio.has(key)) unpaired.annotationOnly.push(file);
  unpaired.audioOnly.sort(compareNames);
  unpaired.annotationOnly.sort(compareNames);
  return { songs, unpaired };
}

/** Names must be usable as file names (run folders, predictions) and unique. */
function checkNames(songs: SongFiles[], where: string): SongFiles[] {
  const seen = new Map<string, SongFiles>();
  for (const song of songs) {
    const bad = song.name.trim() === "" || song.name === "." || song.name === ".." || /[/\\\0]/.test(song.name);
    if (bad) throw new InputError(`${where}: song name "${song.name}" of "${song.audioFile}" cannot be a file name`);
    const other = seen.get(song.name);
    if (other !== undefined) {
      throw new InputError(
        `${where}: two songs named "${song.name}": "${other.audioFile}" and "${song.audioFile}" (rename one, or give names in a data.manifest)`,
      );
    }
    seen.set(song.name, song);
  }
  return songs;
}

/** "2 audio files without an annotation (a.flac, b.flac), 1 annotation without audio (c.lab)". */
export function describeUnpaired(u: Unpaired): string {
  const parts: string[] = [];
  const list = (files: string[]) => {
    const shown = files.slice(0, 5).map((f) => `"${f}"`).join(", ");
    return files.length > 5 ? `${shown}, … ${files.length - 5} more` : shown;
  };
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (u.audioOnly.length) parts.push(`${plural(u.audioOnly.length, "audio file", "audio files")} without an annotation (${list(u.audioOnly)})`);
  if (u.annotationOnly.length) parts.push(`${plural(u.annotationOnly.length, "annotation", "annotations")} without audio (${list(u.annotationOnly)})`);
  if (u.missing.length) parts.push(`${plural(u.missing.length, "missing manifest path", "missing manifest paths")} (${list(u.missing)})`);
  const total = u.audioOnly.length + u.annotationOnly.length + u.missing.length;
  return `${total} unpaired: ${parts.join("; ")}`;
}

function layoutLabel(layout: DataLayout): string {
  if (layout.kind === "manifest") return `data.manifest "${layout.manifest}"`;
  if (layout.kind === "trees") return `data.audioDir "${layout.audioDir}" + data.annotationDir "${layout.annotationDir}"`;
  return `data.dir "${layout.dir}"`;
}

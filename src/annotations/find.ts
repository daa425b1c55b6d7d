/**
 * Locating the annotation of an audio file: `song.wav` is annotated by `song.lab`, `song.csv`
 * or `song.jams` in the same folder (lower-case extensions). Exactly one must exist: none is an
 * error, and so are several, because silently preferring one could train on the wrong labels.
 */
import { basename, extname } from "node:path";
import { InputError } from "../errors.js";
import { isFile } from "../util/files.js";

/** Extensions tried, in the order they are listed in messages. */
export const ANNOTATION_EXTENSIONS = [".lab", ".csv", ".jams"] as const;

/** True when `path` ends in one of ANNOTATION_EXTENSIONS (any case). */
export function isAnnotationPath(path: string): boolean {
  const ext = extname(path).toLowerCase();
  return (ANNOTATION_EXTENSIONS as readonly string[]).includes(ext);
}

/** The one annotation file beside `audioPath`; InputError naming the audio file otherwise. */
export function findAnnotationFile(audioPath: string): string {
  const stem = audioPath.slice(0, audioPath.length - extname(audioPath).length);
  const candidates = ANNOTATION_EXTENSIONS.map((ext) => stem + ext);
  const found = candidates.filter(isFile);
  if (found.length === 1) return found[0];
  if (found.length === 0) {
    const tried = candidates.map((c) => basename(c)).join(", ");
    throw new InputError(`no annotation beside the audio file (tried ${tried})`, { file: audioPath });
  }
  const names = found.map((f) => basename(f)).join(", ");
  throw new InputError(`several annotations beside the audio file (${names}); keep exactly one`, { file: audioPath });
}

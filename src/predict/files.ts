/**
 * Which audio files `predict` reads and where each result goes (file-system edge, no writing).
 *
 * - A file argument gives `<out>/<stem>.<ext>`.
 * - A folder argument is searched recursively (util/files.ts listFiles: sorted, hidden
 *   entries skipped, symlinks followed once) for AUDIO_EXTENSIONS (src/audio), and its layout is
 *   mirrored: `<folder>/CD1/01.flac` gives `<out>/CD1/01.<ext>`, so albums with equal track names
 *   do not collide. Two inputs that would still write the same output (`a.wav` and `a.flac` side
 *   by side, or the same name from two arguments) are an error naming both, before anything runs.
 * - Existing outputs are refused unless `force`, all of them checked before the first is written.
 */
import { existsSync, statSync } from "node:fs";
import { basename, extname, join, relative } from "node:path";
import { AUDIO_EXTENSIONS, isAudioPath } from "../audio/decodeCompressed.js";
import { InputError } from "../errors.js";
import { listFiles } from "../util/files.js";


export interface PlannedFile {
  audio: string;
  output: string;
}

export function planOutputs(inputs: readonly string[], opts: { outDir: string; format: string }): PlannedFile[] {
  if (inputs.length === 0) throw new InputError("no audio files or folders given");
  const planned: PlannedFile[] = [];
  for (const input of inputs) {
    for (const { audio, name } of audioFilesOf(input)) {
      planned.push({ audio, output: join(opts.outDir, `${name}.${opts.format}`) });
    }
  }
  const byOutput = new Map<string, string>();
  for (const p of planned) {
    const other = byOutput.get(p.output);
    if (other !== undefined) {
      throw new InputError(`${other} and ${p.audio} would both be written to ${p.output}; predict them separately or rename one`);
    }
    byOutput.set(p.output, p.audio);
  }
  return planned;
}

/** InputError naming the first output that exists (nothing has been written yet). */
export function checkNoOverwrite(planned: readonly PlannedFile[], force: boolean): void {
  if (force) return;
  const existing = planned.find((p) => existsSync(p.output));
  if (existing) throw new InputError("output exists (use --force to overwrite)", { file: existing.output });
}

/** The audio files of one argument, each with its output name relative to --out, without extension. */
function audioFilesOf(input: string): { audio: string; name: string }[] {
  let stat;
  try {
    stat = statSync(input);
  } catch {
    throw new InputError("no such audio file or folder", { file: input });
  }
  const stem = (p: string) => basename(p, extname(p));
  if (!stat.isDirectory()) {
    if (!isAudioPath(input)) throw new InputError(`not an audio file (expected ${AUDIO_EXTENSIONS.join(" ")})`, { file: input });
    return [{ audio: input, name: stem(input) }];
  }
  const found = listFiles(input, "input").filter(isAudioPath);
  if (found.length === 0) throw new InputError(`no audio files (${AUDIO_EXTENSIONS.join(" ")}) in this folder or below`, { file: input });
  return found.map((audio) => ({ audio, name: join(relative(input, join(audio, "..")), stem(audio)) }));
}

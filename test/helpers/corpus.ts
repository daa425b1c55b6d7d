/**
 * A small generated corpus for end-to-end tests: the first `songs` built-in songs, `seconds`
 * long, written into a fresh folder under os.tmpdir(). Callers may delete the folder when done.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeCorpus } from "../../src/synth/index.js";

export interface TinyCorpusOptions {
  /** @default 3 */
  songs?: number;
  /** @default 35 */
  seconds?: number;
  /** @default 0 */
  seed?: number;
}

/** Returns the corpus folder (holding `<song>.wav`, `<song>.lab` and `corpus.json`). */
export async function makeTinyCorpus(options: TinyCorpusOptions = {}): Promise<string> {
  const { songs = 3, seconds = 35, seed = 0 } = options;
  const dir = join(mkdtempSync(join(tmpdir(), "chordtrain-corpus-")), "corpus");
  await writeCorpus(dir, { songs, seconds, seed });
  return dir;
}

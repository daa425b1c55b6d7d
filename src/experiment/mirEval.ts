/**
 * mir_eval's chord measures of a run's test songs (metrics.json `mirEval`), under the `songs` and
 * `leave-one-song-out` protocols, where test songs are whole unseen songs.
 *
 * - Estimate: the model's frame predictions over the song's kept frames (all of them, not just
 *   the 150-frame segments), turned into intervals exactly as predictions/*.lab are (boundaries
 *   halfway between frame centres, times rounded to the microsecond) and written to
 *   predictions/songs/<song>.lab, so `chordtrain eval` on those files gives the same numbers.
 * - Reference: the song's original annotation with its raw Harte labels (not the 24 classes).
 *   With `data.lenient`, a label the parser rejects counts as X (left out of every measure).
 * - The leading/trailing no-chord frames trimmed by the dataset stage get no prediction: like any
 *   estimate that starts late or ends early, mir_eval pads it with N there.
 */
import type { Config } from "../config/schema.js";
import { parseLab } from "../annotations/lab.js";
import type { Song, Splits } from "../dataset/types.js";
import { harteSegments } from "../evaluation/mirChord/files.js";
import { evaluateChordsWeighted, totalChordScores, type ChordScores } from "../evaluation/mirChord/index.js";
import { framesToLab } from "../annotations/lab.js";
import type { MirEvalMetrics } from "../runFolder/index.js";

export type { MirEvalMetrics } from "../runFolder/index.js";

/** One test song's whole-song prediction as .lab text. */
export interface SongPrediction {
  song: Song;
  lab: string;
}

export const WHOLE_SONG_PROTOCOLS: readonly Config["split"]["protocol"][] = ["songs", "leave-one-song-out"];

/** The test songs of a whole-song protocol (none under `study`), in split order. */
export function wholeTestSongs(config: Config, songs: readonly Song[], splits: Splits): Song[] {
  if (!WHOLE_SONG_PROTOCOLS.includes(config.split.protocol)) return [];
  const names = new Set(splits.test.map((s) => s.song));
  return songs.filter((s) => names.has(s.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Frame classes of each whole test song → .lab text (the model runs in the caller). */
export function songPredictions(songs: readonly Song[], classes: readonly Int16Array[]): SongPrediction[] {
  return songs.map((song, k) => ({
    song,
    lab: framesToLab(classes[k], { firstFrame: song.frameOffset, frameRateHz: song.chroma.frameRateHz }),
  }));
}

/** The `mirEval` block of metrics.json; undefined when there is no whole test song. */
export function mirEvalMetrics(predictions: readonly SongPrediction[], config: Config): MirEvalMetrics | undefined {
  if (predictions.length === 0) return undefined;
  const perSong: Record<string, ChordScores> = {};
  const weighted = predictions.map(({ song, lab }) => {
    const estimate = parseLab(lab, { file: `${song.name} (prediction)`, annotations: config.annotations, lenient: false });
    const reference = harteSegments(song.spans, { file: song.annotationFile, unknownAsX: config.data.lenient });
    const result = evaluateChordsWeighted(reference, estimate.spans);
    perSong[song.name] = result.scores;
    return result;
  });
  return { perSong, total: totalChordScores(weighted).scores };
}

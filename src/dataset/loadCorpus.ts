/**
 * The I/O edge of the dataset stage: the configured layout (discover.ts: a recursive folder, an
 * audio tree + an annotation tree, or a manifest) → Song[].
 *
 * Songs in name order; per song: its annotation (readAnnotation), its chroma (loadChroma, cached
 * by content, any audio format), then buildSong (labels, distortion, trimming). Songs load one
 * after another (chroma is CPU-bound).
 */
import { readAnnotation, vocabularyClass, vocabularyOf } from "../annotations/index.js";
import type { ChordSpan } from "../annotations/types.js";
import type { Config } from "../config/schema.js";
import type { Warnings } from "../errors.js";
import { loadChroma, loadLogFreq } from "../features/loadChroma.js";
import { discoverSongs } from "./discover.js";
import type { SongFiles } from "./types.js";
import { buildSong } from "./song.js";
import type { Song } from "./types.js";

export type CorpusConfig = Pick<Config, "data" | "audio" | "features" | "annotations" | "dataset" | "distortion" | "seed"> & {
  /** model.context: its vocabulary relabels the spans; input logfreq loads the log-frequency spectrogram too (Song.input). */
  model?: Pick<Config["model"], "context">;
};

/** Called after each song: `done` of `total` loaded, `song` = the name just loaded. */
export type CorpusProgress = (done: number, total: number, song: string) => void;

export async function loadCorpus(cfg: CorpusConfig, warnings?: Warnings, onProgress?: CorpusProgress): Promise<Song[]> {
  const files = discoverSongs(cfg.data, warnings);
  const songs: Song[] = [];
  for (const file of files) {
    const song = await loadSong(file, cfg, warnings);
    songs.push(song);
    onProgress?.(songs.length, files.length, song.name);
  }
  return songs;
}

async function loadSong(files: SongFiles, cfg: CorpusConfig, warnings?: Warnings): Promise<Song> {
  const { name, audioFile, annotationFile } = files;
  const annotation = readAnnotation(annotationFile, { annotations: cfg.annotations, lenient: cfg.data.lenient }, warnings);
  const loadCfg = { audio: cfg.audio, features: cfg.features, data: { cache: cfg.data.cache, cacheDir: cfg.data.cacheDir } };
  const { chroma, durationSec } = await loadChroma(audioFile, loadCfg, warnings);
  const logfreq = cfg.model?.context?.logfreq;
  // the audio's decoding warnings were reported with the chroma
  const input = logfreq ? (await loadLogFreq(audioFile, loadCfg, logfreq)).spectrogram : undefined;
  const annotationEndSec = Math.max(0, ...annotation.spans.map((s) => s.endSec));
  if (annotationEndSec > durationSec + 1) {
    warnings?.warn(
      `${annotationFile}: the annotation ends at ${annotationEndSec.toFixed(2)} s, after the audio ` +
        `(${durationSec.toFixed(2)} s); is it the annotation of this recording?`,
    );
  }
  const song = buildSong({ name, audioFile, annotationFile, chroma, spans: spansInVocabulary(annotation.spans, cfg), ...(input ? { input } : {}) }, cfg);
  if (song.chroma.nFrames === 0) warnings?.warn(`${annotationFile}: no chord in the annotation; the song gives no segments`);
  return song;
}

/**
 * The spans' classes in the context model's vocabulary (model.context.vocabulary), mapped from the
 * labels as written the way mir_eval's comparison does (annotations/vocabulary.ts); chords outside
 * it become OUT_OF_VOCABULARY. dChord (no model.context) keeps the reader's 24-class reduction.
 */
function spansInVocabulary(spans: ChordSpan[], cfg: CorpusConfig): ChordSpan[] {
  const name = cfg.model?.context?.vocabulary;
  if (name === undefined) return spans;
  const vocabulary = vocabularyOf(name);
  return spans.map((s) => ({ ...s, chord: vocabularyClass(s.label, vocabulary) }));
}

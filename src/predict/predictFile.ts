/**
 * One audio file through a trained model: audio → chroma (exactly the training features) and
 * frame levels → chord scores → no-chord mask → decoding → segments. `analyseAudio` is the
 * expensive half (decode, resample, chroma, forward pass); `segmentsOf` decodes its result and
 * can be called again with other smoothing settings without redoing it.
 */
import type { ContextModelFile, ModelFile, PredictConfig } from "../config/schema.js";
import type { Warnings } from "../errors.js";
import { readAudio } from "../audio/readAudio.js";
import { computeChroma } from "../features/chroma.js";
import { logFreqSpectrogram } from "../features/logFreq.js";
import { frameEnergyDb } from "../features/energy.js";
import { chordLogits, type ChordScorer } from "../model/index.js";
import { decodeChords, type FrameChords } from "./chords.js";
import { noChordMask } from "./noChord.js";
import { framesToSegments, type ChordSegment } from "../annotations/segments.js";

export interface Analysis {
  /** [frames][12] normalised chroma, as the model saw it. */
  chroma: Float32Array;
  /** [frames][24] chord scores (logits; float64 from the js engine's forward pass). */
  scores: Float32Array | Float64Array;
  /** [frames] level in dB re the loudest frame. */
  levelDb: Float64Array;
  frameRateHz: number;
  durationSec: number;
  /** CPU-side seconds per step (read, chroma, model). */
  timings: { audioSec: number; chromaSec: number; modelSec: number };
}

export async function analyseAudio(
  file: string,
  net: ChordScorer,
  model: Pick<ModelFile, "audio" | "features"> & { model?: Pick<ContextModelFile["model"], "context"> },
  warnings?: Warnings,
): Promise<Analysis> {
  const t0 = performance.now();
  const audio = await readAudio(file, model.audio, warnings);
  const t1 = performance.now();
  const chroma = computeChroma(audio.samples, audio.sampleRate, model.features);
  const levelDb = frameEnergyDb(audio.samples, model.features);
  // a context network on the log-frequency spectrogram: its front end, from the model file's settings
  const logfreq = model.model?.context?.logfreq;
  const input = logfreq ? logFreqSpectrogram(audio.samples, audio.sampleRate, model.features, logfreq).data : chroma.data;
  const t2 = performance.now();
  const scores = chordLogits(net, input);
  const t3 = performance.now();
  return {
    chroma: chroma.data,
    scores,
    levelDb,
    frameRateHz: chroma.frameRateHz,
    durationSec: audio.durationSec,
    timings: { audioSec: (t1 - t0) / 1000, chromaSec: (t2 - t1) / 1000, modelSec: (t3 - t2) / 1000 },
  };
}

export type DecodeOptions = Pick<PredictConfig, "smoothing" | "selfProb" | "medianLength" | "silenceDb">;

/** Frame classes (−1 = N) and confidences of an analysis under `opts`. */
export function frameChordsOf(a: Analysis, model: Pick<ModelFile, "features">, opts: DecodeOptions): FrameChords {
  const mask = noChordMask(a.chroma, a.levelDb, { silenceDb: opts.silenceDb, normalization: model.features.normalization });
  return decodeChords(a.scores, mask, opts);
}

export function segmentsOf(a: Analysis, model: Pick<ModelFile, "features">, opts: DecodeOptions): ChordSegment[] {
  return framesToSegments(frameChordsOf(a, model, opts), { frameRateHz: a.frameRateHz, durationSec: a.durationSec });
}

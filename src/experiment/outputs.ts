/**
 * The contents of a run directory's files, built as values (pure): metrics, history, weights,
 * predictions and the data the figures need (`artifacts.json`). docs/ARCHITECTURE.md lists them.
 */
import { CHORD_NAMES, PITCH_CLASS_NAMES } from "../annotations/chordClasses.js";
import { vocabularyOf } from "../annotations/vocabulary.js";
import { CONTEXT_MODEL_FILE_FORMAT, CONTEXT_MODEL_FILE_VERSION, type Config, type ContextModelConfig, type ContextModelFile } from "../config/schema.js";
import { MODEL_FILE_FORMAT, MODEL_FILE_VERSION, type Artifacts, type Metrics, type ModelFile, type TargetsExample } from "../runFolder/index.js";
import type { DChordWeights } from "../model/dchord.js";
import { classSaliency, type ClassSaliency, type ContextWeights } from "../model/context.js";
import type { ModelWeights } from "../training/engine.js";
import { vocabularyLabels } from "../training/engines/context.js";
import { logFreqBins, logFreqCentre } from "../features/logFreq.js";
import { reduceLabels, resolveSoftLength, softTargets } from "../dataset/targets.js";
import { computeStats } from "../dataset/stats.js";
import type { Segment, Song, Splits } from "../dataset/types.js";
import {
  addConfusions,
  confusionMatrix,
  neverPredicted,
  perSongScores,
  pooledQualityCounts,
  pooledScores,
} from "../evaluation/index.js";
import { assessHealth, majorityClass } from "../evaluation/degenerate.js";
import type { TrainResult } from "../training/index.js";
import { framesToLab } from "../annotations/lab.js";

export { historyCsv, historyLine, type HistoryRow, type Metrics } from "../runFolder/index.js";

export function targetDescription(config: Config): { targetLength: number | string; padding: string } {
  if (config.loss.kind === "ctc") return { targetLength: "reduced", padding: "" };
  if (config.targets.kind === "strong") return { targetLength: config.dataset.segmentLength, padding: "" };
  if (config.targets.padding === "none") return { targetLength: "reduced", padding: "none" };
  return { targetLength: resolveSoftLength(config.targets.softLength, config.dataset.segmentLength), padding: config.targets.padding };
}

export function buildMetrics(
  config: Config,
  splits: Splits,
  estimates: Int16Array[],
  trained: Pick<TrainResult, "bestEpoch" | "history" | "stoppedEpoch" | "stopReason">,
  valEstimates?: Int16Array[],
): Metrics {
  const items = splits.test.map((s, k) => ({ song: s.song, reference: s.labels, estimate: estimates[k] }));
  const valItems = valEstimates
    ? splits.val.map((s, k) => ({ song: s.song, reference: s.labels, estimate: valEstimates[k] }))
    : [];
  // the context model scores in its output vocabulary (its frame labels are that vocabulary's classes)
  const vocabulary = config.model.context ? vocabularyOf(config.model.context.vocabulary) : undefined;
  const chords = vocabulary?.chords;
  const confusion = addConfusions(items.map((i) => confusionMatrix(i.reference, i.estimate, chords)));
  const valConfusion = valItems.length > 0 ? addConfusions(valItems.map((i) => confusionMatrix(i.reference, i.estimate, chords))) : undefined;
  return {
    test: pooledScores(items, vocabulary),
    perSong: perSongScores(items, vocabulary),
    val: valItems.length > 0 ? pooledScores(valItems, vocabulary) : null,
    confusion,
    bestEpoch: trained.bestEpoch,
    epochs: trained.history.length,
    stoppedEpoch: trained.stoppedEpoch,
    stopReason: trained.stopReason,
    ...targetDescription(config),
    originalLength: config.dataset.segmentLength,
    loss: config.loss.kind,
    counts: {
      train: splits.train.length,
      val: splits.val.length,
      test: splits.test.length,
      testFrames: items.reduce((n, i) => n + i.reference.length, 0),
    },
    qualityCounts: { test: pooledQualityCounts(items), val: valItems.length > 0 ? pooledQualityCounts(valItems) : null },
    health: assessHealth({ test: confusion, val: valConfusion, trainMajorityClass: majorityClass(splits.train.map((s) => s.labels)) }),
  };
}

/**
 * weights.json: the learned parameters plus every setting `chordtrain predict` needs to compute
 * the features and the forward pass exactly as in training (ModelFileSchema).
 */
export function modelFile(config: Config, weights: DChordWeights, chordtrain?: string): ModelFile;
export function modelFile(config: Config, weights: DChordWeights | ContextWeights, chordtrain?: string): ModelFile | ContextModelFile;
export function modelFile(config: Config, weights: DChordWeights | ContextWeights, chordtrain?: string): ModelFile | ContextModelFile {
  if ("family" in weights) {
    return {
      format: CONTEXT_MODEL_FILE_FORMAT,
      version: CONTEXT_MODEL_FILE_VERSION,
      ...weights,
      audio: config.audio,
      features: config.features,
      model: config.model,
      loss: { kind: config.loss.kind },
      trainedBy: { name: config.name, seed: config.seed, ...(chordtrain ? { chordtrain } : {}), engine: "tfjs" },
    };
  }
  return {
    format: MODEL_FILE_FORMAT,
    version: MODEL_FILE_VERSION,
    ...weights,
    audio: config.audio,
    features: config.features,
    model: config.model,
    loss: { kind: config.loss.kind },
    trainedBy: { name: config.name, seed: config.seed, ...(chordtrain ? { chordtrain } : {}), engine: config.training.engine },
  };
}

/**
 * The run's warnings about a collapsed class: each chord quality present in the test (or
 * validation) reference that the model never predicts there.
 */
export function collapseWarnings(metrics: Pick<Metrics, "qualityCounts">): string[] {
  const { test, val } = metrics.qualityCounts;
  return [...neverPredicted(test, "the test set"), ...(val ? neverPredicted(val, "the validation set") : [])];
}

/** 24 rows `chord,C,C#,…,B`: the template matrix (the weight dump of the study's Figure 4.3). */
export function weightsCsv(weights: { templates: number[][] } | ContextWeights, context?: ContextModelConfig): string {
  if ("family" in weights) return firstLayerCsv(weights, context);
  const rows = weights.templates.map((row, c) => [CHORD_NAMES[c], ...row.map((w) => String(w))].join(","));
  return [["chord", ...PITCH_CLASS_NAMES].join(","), ...rows].join("\n") + "\n";
}

/**
 * The context network's weight dump: its first layer, one row per input (frame offset −r…r from
 * the frame being classified, pitch class — or, on the log-frequency input, the bin's centre
 * pitch in fractional MIDI) and one column per first-layer unit.
 */
function firstLayerCsv(weights: ContextWeights, context?: ContextModelConfig): string {
  const first = weights.layers[0].weights; // [D·(2r+1)][units]
  const logfreq = context?.input === "logfreq" ? context.logfreq : undefined;
  const width = logfreq ? logFreqBins(logfreq) : 12;
  const pitch = (d: number) => (logfreq ? logFreqCentre(logfreq, d).toFixed(3) : PITCH_CLASS_NAMES[d]);
  const radius = (first.length / width - 1) / 2;
  const header = ["offset", "pitch", ...first[0].map((_, u) => `unit${u}`)].join(",");
  const rows = first.map((row, i) => [Math.floor(i / width) - radius, pitch(i % width), ...row.map(String)].join(","));
  return [header, ...rows].join("\n") + "\n";
}

/** `predictions/<song>_seg<k>.lab`, one file per test segment, times in the original audio. */
export function predictionFiles(test: readonly Segment[], estimates: readonly Int16Array[]): [string, string][] {
  return test.map((s, k) => {
    const firstFrame = Math.round(s.startSec * s.frameRateHz);
    return [`${s.song}_seg${s.index}.lab`, framesToLab(estimates[k], { firstFrame, frameRateHz: s.frameRateHz })];
  });
}

export function buildArtifacts(
  config: Config,
  songs: readonly Song[],
  splits: Splits,
  estimates: Int16Array[],
  trained: Pick<TrainResult, "alignments">,
): Artifacts {
  return {
    frameRateHz: songs[0]?.chroma.frameRateHz ?? 0,
    targetsExample: targetsExample(splits.train, config),
    alignments: trained.alignments,
    test: splits.test.map((s, k) => ({
      song: s.song,
      segment: s.index,
      startSec: s.startSec,
      chroma: rows12(s.chroma),
      reference: Array.from(s.labels),
      estimate: Array.from(estimates[k]),
    })),
    classDistribution: computeStats(songs, splits, { targets: config.targets }).classDistribution,
  };
}

/** Figures 3.1 and 4.2: the training segment with the most chord changes, and its padding variants. */
function targetsExample(train: readonly Segment[], config: Config): TargetsExample | null {
  let best: Segment | undefined;
  let bestLength = -1;
  for (const s of train) {
    const n = reduceLabels(s.trainLabels).length;
    if (n > bestLength && n <= 16) [best, bestLength] = [s, n];
  }
  if (!best || bestLength <= 0) return null;
  const lengths = [...new Set([16, 75, resolveSoftLength(config.targets.softLength, config.dataset.segmentLength)])].sort((a, b) => a - b);
  const variants = lengths.flatMap((softLength) =>
    (["uniform", "last"] as const).map((padding) => ({
      padding,
      softLength,
      sequence: Array.from(
        softTargets(best.trainLabels, { softLength, padding, overflow: "truncate" }, { song: best.song, segment: best.index })
          .sequence,
      ),
    })),
  );
  return {
    song: best.song,
    segment: best.index,
    strong: Array.from(best.trainLabels),
    reduced: Array.from(reduceLabels(best.trainLabels)),
    variants,
  };
}

function rows12(data: Float32Array): number[][] {
  const out: number[][] = [];
  for (let n = 0; n < data.length / 12; n++) {
    out.push(Array.from(data.subarray(n * 12, n * 12 + 12), (v) => Number(v.toFixed(5))));
  }
  return out;
}

/**
 * `saliency.json` of a context network's run (the class-saliency figure): classSaliency over the
 * test segments, on the input the network reads, with their clean labels (N as the vocabulary's N output: 24 in majmin, 60 in sevenths).
 * undefined for dChord (its figure is the templates).
 */
export function contextSaliency(config: Config, weights: ModelWeights, test: readonly Segment[]): ClassSaliency | undefined {
  const context = config.model.context;
  if (!context || !("family" in weights)) return undefined;
  const segments = test.map((s) => ({ input: context.input === "logfreq" ? s.input! : s.chroma, labels: vocabularyLabels(s.labels, vocabularyOf(context.vocabulary)) }));
  return classSaliency(context, weights, segments);
}

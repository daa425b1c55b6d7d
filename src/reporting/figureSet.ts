/**
 * Which figures a run or a batch gets, with titles and captions that say what to look for.
 * Pure: results data in, figure jobs out (each job builds its spec lazily, so a builder that
 * rejects malformed data costs that one figure and is reported as a problem).
 */
import type { VegaLiteSpec } from "./figures/common.js";
import { targetsFigure, type TargetsExample } from "./figures/targets.js";
import { paddingFigure } from "./figures/padding.js";
import { lossCurvesFigure, type LossCurveRun } from "./figures/lossCurves.js";
import { templatesFigure } from "./figures/templates.js";
import { alignmentFigure, mergeSameEpoch, type AlignmentData } from "./figures/alignment.js";
import { chromagramFigure } from "./figures/chromagram.js";
import { confusionFigure } from "./figures/confusion.js";
import { classDistributionFigure } from "./figures/classDistribution.js";
import { scoresFigure, type RowScore } from "./figures/scores.js";
import { templateComparisonFigure } from "./figures/templateComparison.js";
import { distortionFigure, type SweepScore } from "./figures/distortion.js";
import { firstLayerFigure, saliencyFigure } from "./figures/contextFigures.js";
import { lossLabel } from "../config/labels.js";
import { VOCABULARY_NAMES, type VocabularyName } from "../annotations/vocabulary.js";
import type { RunFiles } from "./readRun.js";
import type { BatchFiles } from "./readBatch.js";

export interface FigureJob {
  /** File name stem: figures/<name>.svg. */
  name: string;
  title: string;
  caption: string;
  spec: () => VegaLiteSpec;
}

/** Test segments drawn per run; more would make the page long without adding insight. */
export const MAX_CHROMAGRAMS = 4;

export function fileStem(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "") || "x";
}

const CAPTIONS = {
  targets:
    "Study Figure 3.1. Each dot is one target element. Left: the strong target gives a chord for every frame; right: the soft target keeps only the order of the chords (adjacent repetitions removed). Look for how much shorter the soft target is: soft-DTW has to find where each chord starts.",
  padding:
    "Study Figure 4.2. The reduced soft target padded to each soft length. Uniform padding repeats every element about equally often; last-element padding appends a long tail of the last chord — the bias the study blames for the weaker result of last-element padding at length 75.",
  templates:
    "Study Figure 4.3. The learned weights of the shared major and minor templates (rooted at C; other roots are rotations) and the full 24 × 12 template matrix, next to the binary-triad initialisation. Look for weight concentrated on root, third and fifth (C, E, G for major; C, D#, G for minor). The study found the minor template fainter and attributed it to the class imbalance shown in the class-distribution figure.",
  confusion:
    "Frame counts of the test segments: rows are the reference chord, columns the estimate, N (no chord) last; colour on a square-root scale so that small confusions show. Look for mass off the diagonal: typical confusions are a chord with its relative minor/major, its parallel minor/major, or its dominant.",
  classDistribution:
    "Study Tables 4.2 and 4.3. Share of major, minor and no-chord elements in the training targets: the strong targets (one per frame), the soft targets without padding, and each padded soft variant (n = number of target elements). Look for the major/minor imbalance and how removing repetitions and padding change it.",
};

function lossCaption(best: number | null | undefined): string {
  const at = best === null || best === undefined ? "" : ` (epoch ${best})`;
  return `Study Figure 4.1. Training loss (solid) and validation loss (dashed) per epoch; the dotted vertical rule marks the epoch with the lowest validation loss${at}, whose weights were kept and tested. Look for both curves falling, a growing gap between them (overfitting), and a best epoch at the very end (more epochs might help). Soft-DTW losses are on a different scale from BCE.`;
}

function alignmentCaption(group: readonly AlignmentData[]): string {
  const a = group[0];
  const epochs = group.map((g) => `${g.epoch} (${g.which})`).join(", ");
  return `The expected alignment ∂soft-DTW/∂C between the ${a.rows} target positions (rows, labelled with their chords) and the ${a.cols} frames (columns) of validation segment ${a.segment} of ${a.song}, at epochs ${epochs}; brighter cells carry more alignment weight (colour on a square-root scale). The black line with a white halo is the hard DTW path. Look for the weight narrowing onto one monotone path during training and the path's steps falling on the chord changes.`;
}

function alignmentJobs(alignments: readonly AlignmentData[]): FigureJob[] {
  const groups = new Map<string, AlignmentData[]>();
  for (const a of alignments) {
    const key = `${a.song}\u0000${a.segment}`;
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  return [...groups.values()].map(mergeSameEpoch).map((group, k) => ({
    name: groups.size === 1 ? "alignment" : `alignment-${fileStem(group[0].song)}-seg${group[0].segment}-${k}`,
    title: `Soft alignment of ${group[0].song}, segment ${group[0].segment}`,
    caption: alignmentCaption(group),
    spec: () => alignmentFigure(group),
  }));
}

/**
 * The vocabulary a run's frame classes belong to (artifacts.json's targets and test labels), which
 * names them in the figures: config.json's model.context.vocabulary, else metrics.json's
 * test.vocabulary.name (both written by context runs only), else majmin (dChord).
 */
export function runVocabulary(run: Pick<RunFiles, "config" | "metrics">): VocabularyName {
  const context = (run.config?.model as { context?: { vocabulary?: unknown } } | undefined)?.context;
  const named = context?.vocabulary ?? run.metrics?.test?.vocabulary?.name;
  return VOCABULARY_NAMES.find((v) => v === named) ?? "majmin";
}

function chromagramJobs(run: RunFiles, problems: string[]): FigureJob[] {
  const rate = run.artifacts.frameRateHz;
  const tests = run.artifacts.test;
  if (rate === null || tests.length === 0) return [];
  if (tests.length > MAX_CHROMAGRAMS) problems.push(`${tests.length} test segments: chromagrams of the first ${MAX_CHROMAGRAMS} are shown`);
  return tests.slice(0, MAX_CHROMAGRAMS).map((t, k) => ({
    name: `chromagram-${fileStem(t.song)}-seg${t.segment}${k > 0 && tests.slice(0, k).some((u) => u.song === t.song && u.segment === t.segment) ? `-${k}` : ""}`,
    title: `Chromagram and chords of ${t.song}, segment ${t.segment}`,
    caption: `Chroma of test segment ${t.segment} of ${t.song} (12 pitch classes, time in seconds of the original recording, frame rate ${rate.toFixed(2)} Hz), with the reference chords (upper band) and the model's estimate (lower band); minor chords are drawn paler, every band long enough carries its chord name. Look for estimated chord changes that lag or lead the reference, and for frames where the chroma itself supports the wrong chord.`,
    spec: () => chromagramFigure(t, rate, runVocabulary(run)),
  }));
}

/** The context network's figures (reporting/figures/contextFigures.ts), for either input. */
function contextJobs(context: NonNullable<RunFiles["context"]>, saliency: RunFiles["saliency"]): FigureJob[] {
  const input = context.axis.kind === "chroma" ? "the 12 chroma pitch classes" : `the log-frequency spectrogram (${context.axis.binsPerSemitone} bins per semitone)`;
  const jobs: FigureJob[] = [
    {
      name: "first-layer",
      title: "First-layer filters",
      caption: `The context network's first layer as filters over frame offset (rows: frames before and after the frame being classified) and input pitch (columns: ${input}). Top: the L2 norm over all units, where the layer looks; below: the units with the largest weight norms, signed (orange positive, blue negative). Look for weight on the centre offsets and, for a unit, for chord-like patterns (three pitches a major or minor third apart), or on the log-frequency input for harmonics (+12, +19 semitones) of a pitch.`,
      spec: () => firstLayerFigure(context.first, context.axis),
    },
  ];
  if (saliency) {
    jobs.push({
      name: "saliency",
      title: "Class saliency over input pitch",
      caption: `For each reference class of the test frames (rows), the mean gradient of that class's score with respect to the network's input (${input}), summed over the window's frame offsets: orange input raises the class's score, blue lowers it. Look for each chord's root, third and fifth in orange (e.g. C, E, G for C), and for N driven by no pitch in particular.`,
      spec: () => saliencyFigure(saliency, context.axis),
    });
  }
  return jobs;
}

/** The targets and padding figures of one run's target example, named in that run's vocabulary. */
function targetJobs(ex: TargetsExample, vocabulary: VocabularyName): FigureJob[] {
  const jobs: FigureJob[] = [{ name: "targets", title: "Strong and soft target sequences", caption: CAPTIONS.targets, spec: () => targetsFigure(ex, vocabulary) }];
  if (ex.variants.length > 0) jobs.push({ name: "padding", title: "Padding strategies and soft lengths", caption: CAPTIONS.padding, spec: () => paddingFigure(ex, vocabulary) });
  return jobs;
}

export function lossKindOf(run: RunFiles): string | undefined {
  const fromConfig = (run.config?.loss as { kind?: unknown } | undefined)?.kind;
  return run.metrics?.loss ?? (typeof fromConfig === "string" ? fromConfig : undefined);
}

export function runFigureJobs(run: RunFiles, problems: string[] = []): FigureJob[] {
  const jobs: FigureJob[] = [];
  const { artifacts: art, metrics, weights, history } = run;
  const ex = art.targetsExample;
  if (ex) jobs.push(...targetJobs(ex, runVocabulary(run)));
  if (history && history.length > 0) {
    const curve: LossCurveRun = { label: run.record?.name ?? "run", lossKind: lossKindOf(run), history, bestEpoch: metrics?.bestEpoch ?? undefined };
    jobs.push({ name: "loss", title: "Training and validation loss", caption: lossCaption(metrics?.bestEpoch), spec: () => lossCurvesFigure([curve]) });
  }
  if (weights) jobs.push({ name: "templates", title: "Learned chord templates", caption: CAPTIONS.templates, spec: () => templatesFigure(weights) });
  if (run.context) jobs.push(...contextJobs(run.context, run.saliency ?? null));
  jobs.push(...alignmentJobs(art.alignments));
  jobs.push(...chromagramJobs(run, problems));
  const confusion = metrics?.confusion;
  if (confusion) jobs.push({ name: "confusion", title: "Confusion matrix (test)", caption: CAPTIONS.confusion, spec: () => confusionFigure(confusion) });
  const dist = art.classDistribution;
  if (dist) jobs.push({ name: "class-distribution", title: "Class distribution of the training targets", caption: CAPTIONS.classDistribution, spec: () => classDistributionFigure(dist) });
  return jobs;
}

/** The first run of each row, rows in order of first appearance. */
export function firstPerRow<T extends { row: string }>(runs: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const r of runs) if (!seen.has(r.row)) seen.set(r.row, r);
  return [...seen.values()];
}

function batchScores(batch: BatchFiles): RowScore[] {
  return batch.table.flatMap((r) => [
    { row: r.row, metric: "test F1" as const, mean: r.testF1.mean, ci95: r.testF1.ci95, n: r.runs },
    { row: r.row, metric: "majmin" as const, mean: r.majmin.mean, ci95: r.majmin.ci95, n: r.runs },
    { row: r.row, metric: "minor recall" as const, mean: r.minorRecall.mean, ci95: r.minorRecall.ci95, n: r.runs },
  ]);
}

/** Boundary jitter and offset (s) of each row's training labels, from its first run's config.json. */
function distortionOfRows(batch: BatchFiles): Map<string, { jitterSec: number; offsetSec: number }> {
  const out = new Map<string, { jitterSec: number; offsetSec: number }>();
  for (const r of firstPerRow(batch.runs.filter((run) => run.files.config !== null))) {
    const d = r.files.config?.distortion as { jitterSec?: unknown; offsetSec?: unknown } | undefined;
    const value = (v: unknown) => (typeof v === "number" ? v : 0);
    out.set(r.row, { jitterSec: value(d?.jitterSec), offsetSec: value(d?.offsetSec) });
  }
  return out;
}

/**
 * The distortion sweep's points, when the batch's rows differ in boundary jitter: one line per
 * loss (with padding; with the target length and the offset where one loss has several).
 */
export function sweepScores(batch: BatchFiles): SweepScore[] {
  const distortion = distortionOfRows(batch);
  if (new Set([...distortion.values()].map((d) => d.jitterSec)).size < 2) return [];
  const rows = batch.table.filter((r) => distortion.has(r.row));
  const label = (r: (typeof rows)[number]) => lossLabel(r.loss, r.padding);
  const varies = (l: string, f: (r: (typeof rows)[number]) => unknown) => new Set(rows.filter((r) => label(r) === l).map(f)).size > 1;
  return rows.flatMap((r) => {
    const d = distortion.get(r.row)!;
    const length = varies(label(r), (x) => x.targetLength) ? ` ${r.targetLength}` : "";
    const offset = varies(label(r), (x) => distortion.get(x.row)!.offsetSec) ? `, offset ${d.offsetSec} s` : "";
    const base = { loss: `${label(r)}${length}${offset}`, jitterSec: d.jitterSec, n: r.runs };
    return [
      { ...base, metric: "test F1" as const, mean: r.testF1.mean, ci95: r.testF1.ci95 },
      { ...base, metric: "minor recall" as const, mean: r.minorRecall.mean, ci95: r.minorRecall.ci95 },
    ];
  });
}

export function batchFigureJobs(batch: BatchFiles): FigureJob[] {
  const jobs: FigureJob[] = [];
  const scores = batchScores(batch);
  if (scores.some((s) => Number.isFinite(s.mean))) {
    jobs.push({
      name: "scores",
      title: "Test scores per row",
      caption: "Table 4.1 as a chart: test F1 (circles), majmin accuracy (squares) and minor recall (triangles: the fraction of reference minor frames recognised) of each batch row, the mean over its completed runs; bars span the 95 % confidence interval of the mean (only with two or more runs). Look for overlapping intervals before calling one row better than another, and for a minor recall near 0: a collapsed minor template.",
      spec: () => scoresFigure(scores),
    });
  }
  const sweep = sweepScores(batch);
  if (sweep.some((s) => Number.isFinite(s.mean))) {
    jobs.push({
      name: "distortion",
      title: "Scores against boundary jitter",
      caption: "The distortion sweep: test F1 (left) and minor recall (right) against the standard deviation σ of the Gaussian jitter of every chord boundary in the training and validation labels (plus each row's fixed offset; the test labels are clean), one line per loss, the mean over seeds with its 95 % confidence interval. Look for BCE falling as σ grows while the losses that use only the chord order stay flat.",
      spec: () => distortionFigure(sweep),
    });
  }
  const curves: LossCurveRun[] = batch.runs
    .filter((r) => r.files.history && r.files.history.length > 0)
    .map((r) => ({ label: r.row, id: r.relDir, lossKind: lossKindOf(r.files), history: r.files.history ?? [], bestEpoch: r.files.metrics?.bestEpoch ?? undefined }));
  if (curves.length > 0) {
    jobs.push({ name: "loss", title: "Training and validation loss of every run", caption: `${lossCaption(undefined)} One colour per batch row (all its seeds); one panel per loss function.`, spec: () => lossCurvesFigure(curves) });
  }
  const templates = firstPerRow(batch.runs.filter((r) => r.files.weights !== null));
  if (templates.length > 0) {
    const rows = templates.flatMap((r) => (r.files.weights ? [{ row: r.row, major: r.files.weights.major, minor: r.files.weights.minor }] : []));
    jobs.push({ name: "templates", title: "Learned templates per row", caption: "Study Figure 4.3 across the batch: the learned shared major and minor templates (rooted at C) of each batch row (its first run with weights), over the binary-triad initialisation (grey dashed). Look for how the loss and targets change the weight on the third (E for major, D# for minor) and on non-chord pitch classes.", spec: () => templateComparisonFigure(rows) });
  }
  const withTargets = batch.runs.find((r) => r.files.artifacts.targetsExample);
  const ex = withTargets?.files.artifacts.targetsExample;
  if (withTargets && ex) jobs.push(...targetJobs(ex, runVocabulary(withTargets.files)));
  const dist = batch.runs.find((r) => r.files.artifacts.classDistribution)?.files.artifacts.classDistribution;
  if (dist) jobs.push({ name: "class-distribution", title: "Class distribution of the training targets", caption: CAPTIONS.classDistribution, spec: () => classDistributionFigure(dist) });
  return jobs;
}

/**
 * Training/validation data as plain arrays, built once per run and kept for all epochs, the
 * seeded batch order of each epoch, and the batch of given segments — the same for every
 * training engine (training/engines/: the js engine reads the arrays, the tfjs engine uploads
 * each batch as tensors).
 *
 * Targets per loss (dataset/targets.ts builds them from `Segment.trainLabels`):
 * - bce:     strong targets: [S][T][24] one-hot and a [S][T] mask (0 at no-chord frames); with
 *            targets.kind "soft" (softLength "frames") the stretched reduced sequence instead of
 *            the frame labels (stretchedLabels: the weak-label baseline without alignment);
 * - softDtw: soft targets (reduced, padded to targets.softLength); with targets.kind "strong"
 *            the frame labels themselves without their no-chord frames (no reduction);
 * - ctc:     the reduced sequence (never padded: CTC inserts the repetitions itself).
 * For softDtw and ctc a segment whose target is empty (no chord at all) cannot be aligned: it is
 * left out and counted in `skipped`.
 *
 * The context model (model.context) builds its own targets from the segments (engines/context.ts);
 * the arrays here are then built from its labels' major/minor view (triadClass: C:7 → C, chords
 * outside its vocabulary → no chord), for what reads them besides the loss (the alignment figures,
 * the skip rule: a segment without any chord of the vocabulary is left out for soft-DTW/CTC).
 */
import type { LossConfig, TargetConfig } from "../config/schema.js";
import type { Segment } from "../dataset/types.js";
import { reduceLabels, softTargets, strongTargets } from "../dataset/targets.js";
import { NO_CHORD, NUM_CHORDS, triadClass } from "../annotations/chordClasses.js";
import { InputError } from "../errors.js";
import { shuffled, type Rng } from "../util/random.js";
import { sparseRows, type SequenceView } from "../losses/sequences.js";

export type SetTargets =
  | { kind: "bce"; /** [S][T][24] */ onehot: Float32Array; /** [S][T] */ mask: Float32Array; /** per segment, Σ mask */ chordFrames: number[] }
  | { kind: "softDtw"; sequences: Int16Array[]; /** per segment, the one-hot rows [n][24] (float64) with their sparse index */ views: SequenceView[] }
  | { kind: "ctc"; labels: Int32Array[] };

export interface PreparedSet {
  /** The segments used, in input order (skipped ones left out). */
  segments: Segment[];
  /** Frames per segment. */
  frames: number;
  /** [S][T][12]; undefined when no segment is used. */
  chroma?: Float32Array;
  targets?: SetTargets;
  /** Segments left out because their target is empty. */
  skipped: number;
  /** Soft targets cut to softLength (targets.overflow "truncate"). */
  truncated: number;
}

export type BatchTargets =
  | { kind: "bce"; onehot: Float32Array; mask: Float32Array; chordFrames: number }
  | { kind: "softDtw"; views: readonly SequenceView[] }
  | { kind: "ctc"; labels: readonly Int32Array[] };

/** Some segments of a set, as arrays (views of the set's arrays for "all"). */
export interface Batch {
  /** Indices into the set of the batch's segments, in batch order. */
  indices: readonly number[];
  items: number;
  /** Frames per segment. */
  frames: number;
  /** [items][frames][12] */
  chroma: Float32Array;
  targets: BatchTargets;
}

const PITCH_CLASSES = 12;

/** Target sequence (class indices) a segment is aligned to by soft-DTW, or CTC's label sequence. */
export function sequenceTarget(
  segment: Segment,
  loss: LossConfig["kind"],
  targets: TargetConfig,
): { sequence: Int16Array; truncated: boolean } {
  if (loss === "ctc") return { sequence: reduceLabels(segment.trainLabels), truncated: false };
  if (targets.kind === "strong") {
    return { sequence: segment.trainLabels.filter((c) => c !== NO_CHORD), truncated: false };
  }
  return softTargets(segment.trainLabels, targets, { song: segment.song, segment: segment.index });
}

export function prepareSet(
  segments: readonly Segment[],
  cfg: { loss: LossConfig; targets: TargetConfig; model?: { context?: unknown } },
): PreparedSet {
  const kind = cfg.loss.kind;
  const stretched = kind === "bce" && cfg.targets.kind === "soft";
  if (stretched && (cfg.targets.softLength !== "frames" || cfg.targets.padding === "none")) {
    throw new InputError(
      'loss.kind "bce" needs one target per frame: targets.kind: strong, or the stretched chord sequence (targets.kind: soft, softLength: frames, padding: uniform)',
    );
  }
  const frames = checkLengths(segments);
  const views = cfg.model?.context ? segments.map(majorMinorView) : segments;
  let keep = segments.map(() => true);
  let truncated = 0;
  let sequences: Int16Array[] = [];
  if (kind !== "bce") {
    const all = views.map((s) => sequenceTarget(s, kind, cfg.targets));
    keep = all.map((t) => t.sequence.length > 0);
    sequences = all.filter((_, i) => keep[i]).map((t) => t.sequence);
    truncated = all.filter((t) => t.truncated).length;
  }
  const used = segments.filter((_, i) => keep[i]);
  const usedViews = views.filter((_, i) => keep[i]);
  const base = { segments: used, frames, skipped: segments.length - used.length, truncated };
  if (used.length === 0) return base;
  // BCE on soft targets: each segment's reduced sequence stretched over its frames (softTargets)
  const frameLabels = stretched ? usedViews.map((s) => stretchedLabels(s, cfg.targets)) : usedViews.map((s) => s.trainLabels);
  return { ...base, chroma: concatChroma(used), targets: buildTargets(kind, frameLabels, sequences) };
}

/** A context model's segment with its training labels as major/minor classes (C:7 → C; no chord and out-of-vocabulary → NO_CHORD). */
function majorMinorView(segment: Segment): Segment {
  return { ...segment, trainLabels: segment.trainLabels.map((c) => (c < 0 ? NO_CHORD : triadClass(c))) };
}

/**
 * The frame labels of BCE on the stretched chord sequence (a weak-label baseline: no alignment):
 * the reduced sequence padded to the segment's T frames (targets.padding; uniform: frame j gets
 * element ⌊j·n/T⌋ of the n chords); all no-chord (masked) when the segment has no chord.
 */
export function stretchedLabels(segment: Segment, targets: TargetConfig): Int16Array {
  const frames = segment.trainLabels.length;
  const { sequence } = softTargets(segment.trainLabels, targets, { song: segment.song, segment: segment.index });
  return sequence.length === frames ? sequence : new Int16Array(frames).fill(NO_CHORD);
}

function buildTargets(kind: LossConfig["kind"], frameLabels: Int16Array[], sequences: Int16Array[]): SetTargets {
  if (kind === "ctc") return { kind, labels: sequences.map((s) => Int32Array.from(s)) };
  if (kind === "softDtw") {
    const views = sequences.map((s) => {
      const view: SequenceView = { data: oneHotRows(s), offset: 0, length: s.length };
      return { ...view, sparse: sparseRows(view, NUM_CHORDS) };
    });
    return { kind, sequences, views };
  }
  const frames = frameLabels[0].length;
  const onehot = new Float32Array(frameLabels.length * frames * NUM_CHORDS);
  const mask = new Float32Array(frameLabels.length * frames);
  const chordFrames = frameLabels.map((labels, i) => {
    const strong = strongTargets(labels);
    onehot.set(strong.target, i * frames * NUM_CHORDS);
    mask.set(strong.mask, i * frames);
    return strong.mask.reduce((n, m) => n + m, 0);
  });
  return { kind, onehot, mask, chordFrames };
}

/** [n][24] one-hot rows of class indices 0..23. */
function oneHotRows(sequence: Int16Array): Float64Array {
  const out = new Float64Array(sequence.length * NUM_CHORDS);
  sequence.forEach((c, i) => (out[i * NUM_CHORDS + c] = 1));
  return out;
}

/**
 * The batch of segments `indices` (into set.segments), or the whole set: rows copied (into
 * `scratch` when given, grown as needed; the batch is then valid until the next call with it).
 */
export function selectBatch(set: PreparedSet, indices: readonly number[] | "all", scratch?: BatchScratch): Batch {
  if (!set.chroma || !set.targets) throw new Error("selectBatch: the set has no segments");
  const t = set.targets;
  // Called ~10 times per epoch: plain loops, no closures made per call (under tsx every named
  // closure also costs a __name call; the closures had made this 0.3 s of the Table 4.1 batch).
  if (indices === "all") {
    const base = { indices: Array.from(set.segments.keys()), items: set.segments.length, frames: set.frames, chroma: set.chroma };
    if (t.kind === "bce") return { ...base, targets: { kind: "bce", onehot: t.onehot, mask: t.mask, chordFrames: sum(t.chordFrames) } };
    if (t.kind === "softDtw") return { ...base, targets: { kind: "softDtw", views: t.views.slice() } };
    return { ...base, targets: { kind: "ctc", labels: t.labels.slice() } };
  }
  const chroma = copyRows(set.chroma, set.frames * PITCH_CLASSES, indices, scratch, "chroma");
  const base = { indices, items: indices.length, frames: set.frames, chroma };
  if (t.kind === "bce") {
    const onehot = copyRows(t.onehot, set.frames * NUM_CHORDS, indices, scratch, "onehot");
    const mask = copyRows(t.mask, set.frames, indices, scratch, "mask");
    let chordFrames = 0;
    for (const i of indices) chordFrames += t.chordFrames[i];
    return { ...base, targets: { kind: "bce", onehot, mask, chordFrames } };
  }
  if (t.kind === "softDtw") return { ...base, targets: { kind: "softDtw", views: picked(t.views, indices) } };
  return { ...base, targets: { kind: "ctc", labels: picked(t.labels, indices) } };
}

/** Reusable buffers of selectBatch. */
export interface BatchScratch {
  chroma: Float32Array;
  onehot: Float32Array;
  mask: Float32Array;
}

export function createBatchScratch(): BatchScratch {
  return { chroma: new Float32Array(0), onehot: new Float32Array(0), mask: new Float32Array(0) };
}

/** Rows `indices` of `source` (rows of rowSize), into scratch[slot] (grown as needed) or a new array. */
function copyRows(source: Float32Array, rowSize: number, indices: readonly number[], scratch: BatchScratch | undefined, slot: keyof BatchScratch): Float32Array {
  const size = indices.length * rowSize;
  if (scratch && scratch[slot].length < size) scratch[slot] = new Float32Array(size);
  const out = scratch ? scratch[slot].subarray(0, size) : new Float32Array(size);
  for (let k = 0; k < indices.length; k++) out.set(source.subarray(indices[k] * rowSize, (indices[k] + 1) * rowSize), k * rowSize);
  return out;
}

function picked<T>(xs: readonly T[], indices: readonly number[]): T[] {
  const out = new Array<T>(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = xs[indices[k]];
  return out;
}

/** The epoch's batches: indices 0..size−1 shuffled with `rng`, cut into runs of batchSize (the last may be shorter). */
export function epochBatches(size: number, batchSize: number, rng: Rng): number[][] {
  const order = shuffled(Array.from({ length: size }, (_, i) => i), rng);
  const batches: number[][] = [];
  for (let i = 0; i < size; i += batchSize) batches.push(order.slice(i, i + batchSize));
  return batches;
}

function checkLengths(segments: readonly Segment[]): number {
  const frames = segments[0]?.trainLabels.length ?? 0;
  for (const s of segments) {
    if (s.trainLabels.length !== frames || s.chroma.length !== frames * PITCH_CLASSES) {
      throw new InputError(
        `training needs segments of equal length: segment ${s.index} of "${s.song}" has ${s.trainLabels.length} frames, the first has ${frames}`,
      );
    }
  }
  return frames;
}

function concatChroma(segments: readonly Segment[]): Float32Array {
  const out = new Float32Array(segments.reduce((n, s) => n + s.chroma.length, 0));
  let offset = 0;
  for (const s of segments) {
    out.set(s.chroma, offset);
    offset += s.chroma.length;
  }
  return out;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

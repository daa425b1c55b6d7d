/**
 * Training/validation data as tensors, built once per run and kept for all epochs (dispose at the
 * end), and the seeded batch order of each epoch.
 *
 * Targets per loss (dataset/targets.ts builds them from `Segment.trainLabels`):
 * - bce:     strong targets: [S,T,24] one-hot and a [S,T,1] mask (0 at no-chord frames);
 * - softDtw: soft targets (reduced, padded to targets.softLength); with targets.kind "strong"
 *            the frame labels themselves without their no-chord frames (no reduction);
 * - ctc:     the reduced sequence (never padded: CTC inserts the repetitions itself).
 * For softDtw and ctc a segment whose target is empty (no chord at all) cannot be aligned: it is
 * left out and counted in `skipped`.
 */
import { tf } from "../util/tfjs.js";
import type { LossConfig, TargetConfig } from "../config/schema.js";
import type { Segment } from "../dataset/types.js";
import { reduceLabels, softTargets, strongTargets } from "../dataset/targets.js";
import { NO_CHORD, NUM_CHORDS } from "../annotations/chordClasses.js";
import { InputError } from "../errors.js";
import { shuffled, type Rng } from "../util/random.js";
import { sparseRows, type SequenceView } from "../losses/sequences.js";
import type { CostShaping } from "../losses/diagonalPrior.js";

/**
 * Whole-set tensors (validation uses them as they are) and their host copies, from which a
 * training batch is assembled by copying rows and uploading them: tf.gather on wasm costs
 * ~0.5 ms per call here, a JS row copy plus upload a few µs.
 */
export type SetTargets =
  | { kind: "bce"; onehot: tf.Tensor3D; mask: tf.Tensor3D; chordFrames: number[]; host: { onehot: Float32Array; mask: Float32Array } }
  | { kind: "softDtw"; sequences: Int16Array[]; stacked?: tf.Tensor3D; each: tf.Tensor2D[]; host?: Float32Array; views: SequenceView[] }
  | { kind: "ctc"; labels: number[][]; hostLabels: Int32Array[] };

export interface PreparedSet {
  /** The segments used, in input order (skipped ones left out). */
  segments: Segment[];
  /** Frames per segment. */
  frames: number;
  /** [S,T,12]; undefined when no segment is used. */
  chroma?: tf.Tensor3D;
  /** Host copy of `chroma`. */
  hostChroma?: Float32Array;
  targets?: SetTargets;
  /** Segments left out because their target is empty. */
  skipped: number;
  /** Soft targets cut to softLength (targets.overflow "truncate"). */
  truncated: number;
  dispose(): void;
}

export type BatchTargets =
  | { kind: "bce"; onehot: tf.Tensor3D; mask: tf.Tensor3D; chordFrames: number }
  | { kind: "softDtw"; targets: tf.Tensor3D | tf.Tensor2D[] }
  | { kind: "ctc"; labels: number[][] };

export interface Batch {
  chroma: tf.Tensor3D;
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

export function prepareSet(segments: readonly Segment[], cfg: { loss: LossConfig; targets: TargetConfig }): PreparedSet {
  const kind = cfg.loss.kind;
  if (kind === "bce" && cfg.targets.kind !== "strong") {
    throw new InputError('loss.kind "bce" trains on frame-wise (strong) targets; set targets.kind: strong, or use loss.kind softDtw or ctc for soft targets');
  }
  const frames = checkLengths(segments);
  let used = segments.slice();
  let truncated = 0;
  let sequences: Int16Array[] = [];
  if (kind !== "bce") {
    const all = segments.map((s) => sequenceTarget(s, kind, cfg.targets));
    const keep = all.map((t) => t.sequence.length > 0);
    used = segments.filter((_, i) => keep[i]);
    sequences = all.filter((_, i) => keep[i]).map((t) => t.sequence);
    truncated = all.filter((t) => t.truncated).length;
  }
  const base = { segments: used, frames, skipped: segments.length - used.length, truncated };
  if (used.length === 0) return { ...base, dispose: () => undefined };
  const hostChroma = concatChroma(used);
  const chroma = tf.tensor3d(hostChroma, [used.length, frames, PITCH_CLASSES]);
  const targets = buildTargets(kind, used, sequences);
  return { ...base, chroma, hostChroma, targets, dispose: () => disposeSet(chroma, targets) };
}

function buildTargets(kind: LossConfig["kind"], used: Segment[], sequences: Int16Array[]): SetTargets {
  if (kind === "ctc") return { kind, labels: sequences.map((s) => Array.from(s)), hostLabels: sequences.map((s) => Int32Array.from(s)) };
  if (kind === "softDtw") {
    const each = sequences.map((s) => tf.tensor2d(oneHotRows(s), [s.length, NUM_CHORDS]));
    const views = sequences.map((s) => {
      const view: SequenceView = { data: Float64Array.from(oneHotRows(s)), offset: 0, length: s.length };
      return { ...view, sparse: sparseRows(view, NUM_CHORDS) };
    });
    if (!sequences.every((s) => s.length === sequences[0].length)) return { kind, sequences, each, views };
    const host = oneHotRows(Int16Array.from(sequences.flatMap((s) => Array.from(s))));
    const stacked = tf.tensor3d(host, [sequences.length, sequences[0].length, NUM_CHORDS]);
    return { kind, sequences, each, stacked, host, views };
  }
  const frames = used[0].trainLabels.length;
  const onehot = new Float32Array(used.length * frames * NUM_CHORDS);
  const mask = new Float32Array(used.length * frames);
  const chordFrames = used.map((s, i) => {
    const strong = strongTargets(s.trainLabels);
    onehot.set(strong.target, i * frames * NUM_CHORDS);
    mask.set(strong.mask, i * frames);
    return strong.mask.reduce((n, m) => n + m, 0);
  });
  return {
    kind,
    onehot: tf.tensor3d(onehot, [used.length, frames, NUM_CHORDS]),
    mask: tf.tensor3d(mask, [used.length, frames, 1]),
    chordFrames,
    host: { onehot, mask },
  };
}

/** [n][24] one-hot rows of class indices 0..23. */
function oneHotRows(sequence: Int16Array): Float32Array {
  const out = new Float32Array(sequence.length * NUM_CHORDS);
  sequence.forEach((c, i) => (out[i * NUM_CHORDS + c] = 1));
  return out;
}

/** The batch of segments `indices` (into set.segments), or the whole set. Call inside tf.tidy. */
export function selectBatch(set: PreparedSet, indices: readonly number[] | "all"): Batch {
  if (!set.chroma || !set.targets) throw new Error("selectBatch: the set has no segments");
  const t = set.targets;
  if (indices === "all") {
    if (t.kind === "bce") return { chroma: set.chroma, targets: { ...t, chordFrames: sum(t.chordFrames) } };
    if (t.kind === "softDtw") return { chroma: set.chroma, targets: { kind: t.kind, targets: t.stacked ?? t.each } };
    return { chroma: set.chroma, targets: t };
  }
  const b = indices.length;
  const chroma = tf.tensor3d(pickRows(set.hostChroma!, set.frames * PITCH_CLASSES, indices), [b, set.frames, PITCH_CLASSES]);
  if (t.kind === "bce") {
    const onehot = tf.tensor3d(pickRows(t.host.onehot, set.frames * NUM_CHORDS, indices), [b, set.frames, NUM_CHORDS]);
    const mask = tf.tensor3d(pickRows(t.host.mask, set.frames, indices), [b, set.frames, 1]);
    return { chroma, targets: { kind: t.kind, onehot, mask, chordFrames: sum(indices.map((i) => t.chordFrames[i])) } };
  }
  if (t.kind === "softDtw") {
    const length = t.sequences[0].length;
    const targets = t.host
      ? tf.tensor3d(pickRows(t.host, length * NUM_CHORDS, indices), [b, length, NUM_CHORDS])
      : indices.map((i) => t.each[i]);
    return { chroma, targets: { kind: t.kind, targets } };
  }
  return { chroma, targets: { kind: t.kind, labels: indices.map((i) => t.labels[i]) } };
}

/** The targets of the batch's items, host-side (built once per set below; read by hostObjectives.ts). */
export type HostTargets =
  | { kind: "bce"; onehot: Float32Array; mask: Float32Array; chordFrames: number }
  | {
      kind: "softDtw";
      views: readonly SequenceView[];
      /** Per item, the class-balanced row weights (loss.classBalance), or absent. */
      rowWeights?: readonly (Float64Array | undefined)[];
      /** The diagonal prior matrices by shape (createPriorCache), kept across steps. */
      priorOf?: CostShaping["priorOf"];
    }
  | { kind: "ctc"; labels: readonly Int32Array[] };

/** A batch as host arrays, for the training step without tfjs (training.engine "js"). */
export interface HostBatch {
  /** [items][frames][12] */
  chroma: Float32Array;
  items: number;
  targets: HostTargets;
}

/**
 * The batch of segments `indices` (or the whole set) as host arrays; `rowWeights` are the
 * class-balanced soft-DTW row weights of every segment of the set, `priorOf` the run's prior cache.
 */
export function selectHostBatch(
  set: PreparedSet,
  indices: readonly number[] | "all",
  extra: {
    rowWeights?: readonly Float64Array[];
    priorOf?: Extract<HostTargets, { kind: "softDtw" }>["priorOf"];
    /** Buffers the picked rows are copied into (grown as needed), instead of new arrays per batch. */
    scratch?: HostBatchScratch;
  } = {},
): HostBatch {
  if (!set.hostChroma || !set.targets) throw new Error("selectHostBatch: the set has no segments");
  const t = set.targets;
  const all = indices === "all";
  const items = all ? set.segments.length : indices.length;
  const pick = <T>(xs: readonly T[]): T[] => (all ? xs.slice() : indices.map((i) => xs[i]));
  const rows = (source: Float32Array, rowSize: number, slot: keyof HostBatchScratch): Float32Array => {
    if (all) return source;
    const scratch = extra.scratch;
    if (!scratch) return pickRows(source, rowSize, indices);
    if (scratch[slot].length < indices.length * rowSize) scratch[slot] = new Float32Array(indices.length * rowSize);
    return pickRows(source, rowSize, indices, scratch[slot].subarray(0, indices.length * rowSize));
  };
  const chroma = rows(set.hostChroma, set.frames * PITCH_CLASSES, "chroma");
  if (t.kind === "bce") {
    const onehot = rows(t.host.onehot, set.frames * NUM_CHORDS, "onehot");
    const mask = rows(t.host.mask, set.frames, "mask");
    return { chroma, items, targets: { kind: "bce", onehot, mask, chordFrames: sum(pick(t.chordFrames)) } };
  }
  if (t.kind === "softDtw") {
    const rowWeights = extra.rowWeights ? pick(extra.rowWeights) : undefined;
    return { chroma, items, targets: { kind: "softDtw", views: pick(t.views), rowWeights, priorOf: extra.priorOf } };
  }
  return { chroma, items, targets: { kind: "ctc", labels: pick(t.hostLabels) } };
}

/** Reusable buffers of selectHostBatch. */
export interface HostBatchScratch {
  chroma: Float32Array;
  onehot: Float32Array;
  mask: Float32Array;
}

export function createHostBatchScratch(): HostBatchScratch {
  return { chroma: new Float32Array(0), onehot: new Float32Array(0), mask: new Float32Array(0) };
}

/** Rows `indices` (each `rowSize` values) of `source`, concatenated (into `out` when given). */
function pickRows(source: Float32Array, rowSize: number, indices: readonly number[], out: Float32Array = new Float32Array(indices.length * rowSize)): Float32Array {
  indices.forEach((i, k) => out.set(source.subarray(i * rowSize, (i + 1) * rowSize), k * rowSize));
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

function disposeSet(chroma: tf.Tensor, targets: SetTargets): void {
  chroma.dispose();
  if (targets.kind === "bce") tf.dispose([targets.onehot, targets.mask]);
  if (targets.kind === "softDtw") tf.dispose([...targets.each, ...(targets.stacked ? [targets.stacked] : [])]);
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

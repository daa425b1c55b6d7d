/**
 * The context network's training engine (model/context.ts; chosen by `model.context`, trained on
 * tfjs): the same Adam on a flat parameter vector and the same losses as tfjs ops
 * (tfjsLoss.ts: BCE, soft-DTW, CTC), but on the vocabulary's classes with no-chord as class 24:
 *
 * - bce:     one-hot targets [S][T][25] over every frame (N frames are class 24, not masked out);
 * - softDtw: the soft target sequence of the frame labels with N as class 24 (N stretches are
 *            elements of the reduced sequence like chords), one-hot rows [M][25];
 * - ctc:     the reduced sequence with N as class 24; the blank is output 25.
 *
 * The engine builds these targets itself from the prepared sets' segments (batches.ts builds the
 * 24-class targets of dChord); it uses the sets' segment lists, so a segment batches.ts left out
 * for soft-DTW/CTC (one without any chord) is left out here too.
 * loss.classBalance (weights per major/minor share) is not supported by this family.
 */
import { tf } from "../../util/tfjs.js";
import { chordClass, chordRoot, isMinor, NO_CHORD, NUM_CHORDS } from "../../annotations/chordClasses.js";
import type { Segment } from "../../dataset/types.js";
import { InputError } from "../../errors.js";
import { contextScorer, createContextNet, inputWidth, MAJMIN_CLASSES, NO_CHORD_OUTPUT, type ContextWeights } from "../../model/context.js";
import { shiftLogFreq } from "../../features/logFreq.js";
import { createLossWorkspace } from "../../losses/index.js";
import { createAdam } from "../adam.js";
import { sequenceTarget, type PreparedSet } from "../batches.js";
import type { EpochSchedule } from "../schedule.js";
import { createRng } from "../../util/random.js";
import { noValidation, pooledF, updateStep, type EngineInput, type TrainingEngine } from "../engine.js";
import { lossAndGradients, parameterVector, readLossAndGradients } from "../parameters.js";
import { lossOfLogits, type TensorTargets } from "./tfjsLoss.js";
import type { TrainConfig } from "../types.js";

const PITCH_CLASSES = 12;

/**
 * A set's targets on the vocabulary's classes, one class sequence per segment: the frame labels
 * (bce), the soft target sequence (softDtw) or the reduced sequence (ctc). Made into tensors per
 * batch (batchTensors), after the batch's transposition.
 */
interface ContextTargets {
  kind: TrainConfig["loss"]["kind"];
  sequences: Int16Array[];
}

/** createRng stream of the per-step transpositions (model.context.transpose). */
export const TRANSPOSE_STREAM = 104;

/** Frame labels with NO_CHORD as the vocabulary's N class (24). */
export function vocabularyLabels(labels: Int16Array): Int16Array {
  return labels.map((c) => (c === NO_CHORD ? NO_CHORD_OUTPUT : c));
}

/** Outputs' class index → frame class (N → NO_CHORD). */
export function frameClassOf(output: number): number {
  return output === NO_CHORD_OUTPUT ? NO_CHORD : output;
}

/** A class of the vocabulary transposed up by `semitones` (0..11): the root moves, the quality and N stay. */
export function transposeClass(c: number, semitones: number): number {
  if (c >= NUM_CHORDS) return c;
  return chordClass(chordRoot(c) + semitones, isMinor(c) ? "min" : "maj");
}

/** Chroma [frames][12] transposed up by `semitones`: pitch class k moves to k + semitones (mod 12). */
export function transposeChroma(chroma: Float32Array, semitones: number, out: Float32Array = new Float32Array(chroma.length)): Float32Array {
  for (let t = 0; t < chroma.length; t += PITCH_CLASSES) {
    for (let k = 0; k < PITCH_CLASSES; k++) out[t + ((k + semitones) % PITCH_CLASSES)] = chroma[t + k];
  }
  return out;
}

/**
 * A transposition drawn as 0..11 semitones up, as the chroma's, applied to the log-frequency
 * spectrogram as a shift by −6..+5 semitones (draws 6..11 go down by 12 − draw): the same chord
 * class moves, and the shift stays within half an octave of the recording's own pitch range.
 */
export function logFreqShift(draw: number): number {
  return draw <= 5 ? draw : draw - PITCH_CLASSES;
}

/**
 * One segment's input [frames][width] transposed by `draw` (0..11) into `out`: the chroma rotated
 * (transposeChroma), the log-frequency spectrogram shifted by logFreqShift(draw)·binsPerSemitone
 * bins with zeros entering at the edge.
 */
export function transposeInput(
  input: Float32Array,
  draw: number,
  shape: { width: number; binsPerSemitone?: number },
  out: Float32Array,
): Float32Array {
  if (shape.binsPerSemitone === undefined) return transposeChroma(input, draw, out);
  return shiftLogFreq(input, shape.width, logFreqShift(draw) * shape.binsPerSemitone, out);
}

export function contextTargets(segments: readonly Segment[], cfg: Pick<TrainConfig, "loss" | "targets">): ContextTargets {
  const kind = cfg.loss.kind;
  const labels = segments.map((s) => vocabularyLabels(s.trainLabels));
  if (kind === "bce") return { kind, sequences: labels };
  return { kind, sequences: segments.map((s, i) => sequenceTarget({ ...s, trainLabels: labels[i] }, kind, cfg.targets).sequence) };
}

export function createContextEngine(input: EngineInput): TrainingEngine<ContextWeights> {
  const { cfg, train, val } = input;
  const context = cfg.model.context;
  if (!context) throw new Error("createContextEngine: model.context is not set");
  if (cfg.loss.classBalance > 0) throw new InputError("loss.classBalance is not supported by the context model (model.context); set it to 0");
  const net = createContextNet(context, { seed: input.seed, withBlank: cfg.loss.kind === "ctc" });
  const params = parameterVector(net.variables);
  const adam = createAdam(params.values.length, cfg.training);
  const workspace = createLossWorkspace();
  const targets = { train: contextTargets(train.segments, cfg), val: contextTargets(val.segments, cfg) };

  const transposeRng = createRng(input.seed, TRANSPOSE_STREAM);
  const shape = { width: inputWidth(context), binsPerSemitone: context.logfreq?.binsPerSemitone };
  const ownInput = context.input === "logfreq";

  const gradients = (indices: readonly number[], at: EpochSchedule, shifts?: readonly number[]) => {
    const ctx = { loss: cfg.loss, gamma: at.gamma, workspace, priorWeight: at.priorWeight };
    return readLossAndGradients(() => {
      const batch = batchTensors(train, targets.train, indices, shape, shifts);
      return lossAndGradients(() => ctcAware(net.logits(batch.chroma), batch.targets, ctx), net.variables);
    });
  };

  return {
    name: "tfjs",
    parameterCount: net.parameterCount,
    gradients: (indices, at) => gradients(indices, at),
    step(indices, at) {
      // model.context.transpose: each segment at a random one of the 12 transpositions
      const shifts = context.transpose ? indices.map(() => transposeRng.int(PITCH_CLASSES)) : undefined;
      return updateStep(gradients(indices, at, shifts), { params: params.values, adam, lossKind: cfg.loss.kind, epoch: at.epoch, write: params.write });
    },
    validate() {
      if (val.segments.length === 0) return noValidation();
      const all = val.segments.map((_, i) => i);
      const [loss, classes] = tf.tidy(() => {
        const batch = batchTensors(val, targets.val, all, shape);
        const logits = net.logits(batch.chroma);
        const value = ctcAware(logits, batch.targets, { loss: cfg.loss, gamma: cfg.loss.gamma, workspace });
        return [value, tf.argMax(tf.slice(logits, [0, 0, 0], [-1, -1, MAJMIN_CLASSES]), 2)];
      });
      const lossValue = loss.dataSync()[0];
      const estimate = Int16Array.from(classes.dataSync(), frameClassOf);
      tf.dispose([loss, classes]);
      // the weak-label selection criteria (training/selection.ts) are dChord's only: the schema refuses them here
      return { loss: lossValue, f: pooledF(val, estimate), chordLoss: NaN, sequenceAccuracy: NaN };
    },
    snapshot: () => net.snapshot(),
    restore(weights) {
      net.restore(weights);
      params.values.set(weights.layers.flatMap((l) => [...l.weights.flat(), ...l.bias]));
    },
    chordProbabilities(chroma, own) {
      // The 24 chord columns of the softmax over all outputs (the alignment figures' view).
      if (ownInput && !own) throw new Error("chordProbabilities: this context network reads the log-frequency input, none was given");
      const x = ownInput ? own! : chroma;
      const frames = x.length / shape.width;
      const p = tf.tidy(() => tf.slice(tf.softmax(net.logits(tf.tensor3d(x, [1, frames, shape.width]))), [0, 0, 0], [1, -1, NUM_CHORDS]));
      const out = Float32Array.from(p.dataSync());
      p.dispose();
      return out;
    },
    scorer: (weights) => contextScorer(context, weights),
    dispose: () => net.dispose(),
  };
}

/** The loss of the logits; CTC's blank is the last output (25), after the vocabulary's classes. */
function ctcAware(logits: tf.Tensor3D, t: TensorTargets, ctx: Parameters<typeof lossOfLogits>[2]): tf.Scalar {
  return lossOfLogits(logits, t, { ...ctx, blank: MAJMIN_CLASSES });
}

/**
 * The segments `indices` of a set as tensors (their chroma, or their own input with
 * model.context.input: logfreq), each transposed by its `shifts` entry (none: 0). Call inside tf.tidy.
 */
function batchTensors(
  set: PreparedSet,
  targets: ContextTargets,
  indices: readonly number[],
  shape: { width: number; binsPerSemitone?: number },
  shifts?: readonly number[],
): { chroma: tf.Tensor3D; targets: TensorTargets } {
  const { frames } = set;
  const items = indices.length;
  const size = frames * shape.width;
  const chroma = new Float32Array(items * size);
  indices.forEach((i, k) => {
    const s = set.segments[i];
    const x = shape.binsPerSemitone === undefined ? s.chroma : s.input;
    if (!x || x.length !== size) throw new Error(`context engine: segment ${s.index} of "${s.song}" has no input of ${size} values`);
    transposeInput(x, shifts?.[k] ?? 0, shape, chroma.subarray(k * size, (k + 1) * size));
  });
  const x = tf.tensor3d(chroma, [items, frames, shape.width]);
  const sequences = indices.map((i, k) => targets.sequences[i].map((c) => transposeClass(c, shifts?.[k] ?? 0)));
  const classes = MAJMIN_CLASSES;
  const oneHot = (rows: readonly Int16Array[]): Float32Array => {
    const out = new Float32Array(rows.reduce((n, r) => n + r.length, 0) * classes);
    let at = 0;
    for (const r of rows) for (const c of r) out[at++ * classes + c] = 1;
    return out;
  };
  if (targets.kind === "bce") {
    const onehot = tf.tensor3d(oneHot(sequences), [items, frames, classes]);
    return { chroma: x, targets: { kind: "bce", onehot, mask: tf.ones([items, frames, 1]), chordFrames: items * frames } };
  }
  if (targets.kind === "softDtw") {
    const equal = sequences.every((r) => r.length === sequences[0].length);
    const stacked = equal
      ? tf.tensor3d(oneHot(sequences), [items, sequences[0].length, classes])
      : sequences.map((r) => tf.tensor2d(oneHot([r]), [r.length, classes]));
    return { chroma: x, targets: { kind: "softDtw", targets: stacked } };
  }
  return { chroma: x, targets: { kind: "ctc", labels: sequences.map((r) => Array.from(r)) } };
}

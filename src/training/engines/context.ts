/**
 * The context network's training engine (model/context.ts; chosen by `model.context`, trained on
 * tfjs): the same Adam on a flat parameter vector and the same losses as tfjs ops
 * (tfjsLoss.ts: BCE, soft-DTW, CTC), but on the classes of `model.context.vocabulary`
 * (annotations/vocabulary.ts: 24 or 60 chords, then N) with no-chord as a class:
 *
 * - bce:     one-hot targets [S][T][classes] (N frames are class N); frames whose chord is outside
 *            the vocabulary (OUT_OF_VOCABULARY) are masked out, as mir_eval leaves them out;
 * - softDtw: the soft target sequence of the frame labels with N as a class (N stretches are
 *            elements of the reduced sequence like chords), one-hot rows [M][classes];
 * - ctc:     the reduced sequence with N as a class; the blank is the output after N.
 * For soft-DTW and CTC an out-of-vocabulary stretch is dropped from the chord sequence before it is
 * reduced (G, C:sus4, G → G; G, C:sus4, C → G, C): the sequence is the one the vocabulary can
 * name, and those frames are aligned to their neighbours (or CTC's blank).
 *
 * The engine builds these targets itself from the prepared sets' segments (batches.ts builds only
 * dChord's); batches.ts keeps a segment for soft-DTW/CTC when it has a chord of the vocabulary.
 * loss.classBalance (soft-DTW row weights per major/minor share) works with the majmin vocabulary
 * (contextClassWeights); loss.templatePrior (training/templatePrior.ts) with either vocabulary.
 */
import { tf } from "../../util/tfjs.js";
import { NO_CHORD, NUM_CHORDS, OUT_OF_VOCABULARY, triadClass } from "../../annotations/chordClasses.js";
import { classOfOutput, transposeChordClass, type Vocabulary } from "../../annotations/vocabulary.js";
import type { Segment } from "../../dataset/types.js";
import { InputError } from "../../errors.js";
import { contextScorer, contextVocabulary, createContextNet, inputWidth, type ContextWeights } from "../../model/context.js";
import { shiftLogFreq } from "../../features/logFreq.js";
import { createLossWorkspace } from "../../losses/index.js";
import { createAdam } from "../adam.js";
import { type PreparedSet } from "../batches.js";
import { reduceLabels, softTargets } from "../../dataset/targets.js";
import type { EpochSchedule } from "../schedule.js";
import { createRng } from "../../util/random.js";
import { classBalanceWeights } from "../classBalance.js";
import { chordTemplates, templatePriorCost } from "../templatePrior.js";
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

/** Frame labels as output indices: NO_CHORD → the vocabulary's N; OUT_OF_VOCABULARY stays (masked / dropped). */
export function vocabularyLabels(labels: Int16Array, vocabulary: Vocabulary): Int16Array {
  return labels.map((c) => (c === NO_CHORD ? vocabulary.chords : c));
}

/** Outputs' class index → frame class (N → NO_CHORD). */
export function frameClassOf(output: number, vocabulary: Vocabulary): number {
  return classOfOutput(output, vocabulary);
}

/** An output index transposed up by `semitones` (0..11): a chord's root moves, its quality stays; N and OUT_OF_VOCABULARY stay. */
export function transposeClass(c: number, semitones: number, vocabulary: Vocabulary): number {
  return c >= vocabulary.chords ? c : transposeChordClass(c, semitones);
}

/** Chroma [frames][12] transposed up by `semitones`: pitch class k moves to k + semitones (mod 12). */
export function transposeChroma(chroma: Float32Array, semitones: number, out: Float32Array = new Float32Array(chroma.length)): Float32Array {
  for (let t = 0; t < chroma.length; t += PITCH_CLASSES) {
    for (let k = 0; k < PITCH_CLASSES; k++) out[t + ((k + semitones) % PITCH_CLASSES)] = chroma[t + k];
  }
  return out;
}

/**
 * The chord sequence of output indices a segment is aligned to (soft-DTW) or labelled with (CTC):
 * out-of-vocabulary frames dropped, then dChord's rules (batches.ts sequenceTarget) with N as a
 * class — CTC: the reduced sequence; soft-DTW: the frame labels themselves (targets.kind strong)
 * or the reduced sequence padded to targets.softLength ("frames": the segment's length).
 */
export function contextSequence(labels: Int16Array, kind: "softDtw" | "ctc", targets: TrainConfig["targets"], where: { song: string; segment: number }): Int16Array {
  const named = labels.filter((c) => c !== OUT_OF_VOCABULARY);
  if (kind === "ctc") return reduceLabels(named);
  if (targets.kind === "strong") return named;
  const softLength = targets.softLength === "frames" ? labels.length : targets.softLength;
  return softTargets(named, { ...targets, softLength }, where).sequence;
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

export function contextTargets(segments: readonly Segment[], cfg: Pick<TrainConfig, "loss" | "targets">, vocabulary: Vocabulary): ContextTargets {
  const kind = cfg.loss.kind;
  const labels = segments.map((s) => vocabularyLabels(s.trainLabels, vocabulary));
  if (kind === "bce") return { kind, sequences: labels };
  return { kind, sequences: segments.map((s, i) => contextSequence(labels[i], kind, cfg.targets, { song: s.song, segment: s.index })) };
}

/**
 * loss.classBalance for this family: soft-DTW row-cost weights [25] for the majmin vocabulary —
 * the 24 chords' weights by quality from the training target sequences, by dChord's rule
 * (training/classBalance.ts: w_q = c·s_q^(−β), the chord rows' mean weight 1), and 1 for the N
 * class, which is no quality. Undefined when β is 0. Refused with the sevenths vocabulary (five
 * qualities, for which the rule is not defined) and with BCE or CTC (it is soft-DTW's option).
 */
export function contextClassWeights(cfg: Pick<TrainConfig, "loss">, vocabulary: Vocabulary, train: ContextTargets): number[] | undefined {
  const beta = cfg.loss.classBalance;
  if (beta <= 0) return undefined;
  if (cfg.loss.kind !== "softDtw") {
    throw new InputError(`loss.classBalance weights soft-DTW's target rows; with the context model and loss.kind ${cfg.loss.kind} set it to 0`);
  }
  if (vocabulary.name !== "majmin") {
    throw new InputError(`loss.classBalance with the context model needs model.context.vocabulary majmin (two qualities to balance), not ${vocabulary.name}`);
  }
  return [...classBalanceWeights(train.sequences, beta), 1];
}

export function createContextEngine(input: EngineInput): TrainingEngine<ContextWeights> {
  const { cfg, train, val } = input;
  const context = cfg.model.context;
  if (!context) throw new Error("createContextEngine: model.context is not set");
  const vocabulary = contextVocabulary(context);
  const net = createContextNet(context, { seed: input.seed, withBlank: cfg.loss.kind === "ctc" });
  const params = parameterVector(net.variables);
  const adam = createAdam(params.values.length, cfg.training);
  const workspace = createLossWorkspace();
  const targets = { train: contextTargets(train.segments, cfg, vocabulary), val: contextTargets(val.segments, cfg, vocabulary) };
  const classWeights = contextClassWeights(cfg, vocabulary, targets.train);
  const weighting = classWeights ? { classWeights } : {};
  // loss.adaptiveBalance moves the training loss's weights only (setClassBalance); validation keeps `weighting`
  let trainWeighting: { classWeights?: number[] } = weighting;
  const shape = { width: inputWidth(context), binsPerSemitone: context.logfreq?.binsPerSemitone };
  const tensorsOf = (set: PreparedSet, t: ContextTargets, indices: readonly number[], shifts?: readonly number[]) =>
    batchTensors(set, t, indices, vocabulary, shape, shifts);

  const transposeRng = createRng(input.seed, TRANSPOSE_STREAM);
  const triads = triadMatrix(vocabulary, net.outputs);
  const ownInput = context.input === "logfreq";

  // loss.templatePrior: the cost A of each batch segment, on its own chroma and target sequence
  // (transposition-invariant, so the untransposed pair serves every draw; computed per step, not kept)
  const templates = cfg.loss.templatePrior ? chordTemplates(vocabulary) : undefined;
  const costPriorOf = (indices: readonly number[], weight: number | undefined) =>
    templates && weight
      ? { costPrior: { weight, matrices: indices.map((i) => templatePriorCost(targets.train.sequences[i], train.segments[i].chroma, vocabulary, templates)) } }
      : {};

  const gradients = (indices: readonly number[], at: EpochSchedule, shifts?: readonly number[]) => {
    const ctx = { loss: cfg.loss, gamma: at.gamma, workspace, priorWeight: at.priorWeight, ...trainWeighting, ...costPriorOf(indices, at.templateWeight) };
    return readLossAndGradients(() => {
      const batch = tensorsOf(train, targets.train, indices, shifts);
      return lossAndGradients(() => ctcAware(net.logits(batch.chroma), batch.targets, ctx, vocabulary), net.variables);
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
        const batch = tensorsOf(val, targets.val, all);
        const logits = net.logits(batch.chroma);
        const value = ctcAware(logits, batch.targets, { loss: cfg.loss, gamma: cfg.loss.gamma, workspace, ...weighting }, vocabulary);
        return [value, tf.argMax(tf.slice(logits, [0, 0, 0], [-1, -1, vocabulary.classes]), 2)];
      });
      const lossValue = loss.dataSync()[0];
      const estimate = Int16Array.from(classes.dataSync() as Int32Array, (k: number) => frameClassOf(k, vocabulary));
      tf.dispose([loss, classes]);
      // the weak-label selection criteria (training/selection.ts) are dChord's only: the schema refuses them here
      return { loss: lossValue, f: pooledF(val, estimate), chordLoss: NaN, sequenceAccuracy: NaN };
    },
    // loss.adaptiveBalance: soft-DTW with the majmin vocabulary only (contextClassWeights' domain)
    ...(cfg.loss.kind === "softDtw" && vocabulary.name === "majmin"
      ? {
          setClassBalance(beta: number) {
            const moved = contextClassWeights({ loss: { ...cfg.loss, classBalance: beta } }, vocabulary, targets.train);
            trainWeighting = moved ? { classWeights: moved } : {};
          },
        }
      : {}),
    snapshot: () => net.snapshot(),
    restore(weights) {
      net.restore(weights);
      params.values.set(weights.layers.flatMap((l) => [...l.weights.flat(), ...l.bias]));
    },
    chordProbabilities(chroma, own) {
      // The 24 major/minor columns of the softmax over all outputs (the alignment figures' and the
      // minor-share check's view); a seventh chord's probability counts for its triad (C:7 → C).
      if (ownInput && !own) throw new Error("chordProbabilities: this context network reads the log-frequency input, none was given");
      const x = ownInput ? own! : chroma;
      const frames = x.length / shape.width;
      const p = tf.tidy(() => tf.matMul(tf.reshape(tf.softmax(net.logits(tf.tensor3d(x, [1, frames, shape.width]))), [frames, net.outputs]), triads));
      const out = Float32Array.from(p.dataSync());
      p.dispose();
      return out;
    },
    scorer: (weights) => contextScorer(context, weights),
    dispose: () => {
      net.dispose();
      triads.dispose();
    },
  };
}

/** [outputs][24] 0/1: output k counts for its major/minor triad (the N and blank rows are 0). */
function triadMatrix(vocabulary: Vocabulary, outputs: number): tf.Tensor2D {
  const m = new Float32Array(outputs * NUM_CHORDS);
  for (let k = 0; k < vocabulary.chords; k++) m[k * NUM_CHORDS + triadClass(k)] = 1;
  return tf.tensor2d(m, [outputs, NUM_CHORDS]);
}

/** The loss of the logits; CTC's blank is the last output, after the vocabulary's classes (25, or 61). */
function ctcAware(logits: tf.Tensor3D, t: TensorTargets, ctx: Parameters<typeof lossOfLogits>[2], vocabulary: Vocabulary): tf.Scalar {
  return lossOfLogits(logits, t, { ...ctx, blank: vocabulary.classes });
}

/**
 * The segments `indices` of a set as tensors (their chroma, or their own input with
 * model.context.input: logfreq), each transposed by its `shifts` entry (none: 0). Call inside tf.tidy.
 */
function batchTensors(
  set: PreparedSet,
  targets: ContextTargets,
  indices: readonly number[],
  vocabulary: Vocabulary,
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
  const sequences = indices.map((i, k) => targets.sequences[i].map((c) => transposeClass(c, shifts?.[k] ?? 0, vocabulary)));
  const classes = vocabulary.classes;
  // one-hot rows; an out-of-vocabulary frame (bce only) gets an all-zero row (and mask 0)
  const oneHot = (rows: readonly Int16Array[]): Float32Array => {
    const out = new Float32Array(rows.reduce((n, r) => n + r.length, 0) * classes);
    let at = 0;
    for (const r of rows) for (const c of r) if (c >= 0) out[at++ * classes + c] = 1; else at++;
    return out;
  };
  if (targets.kind === "bce") {
    const onehot = tf.tensor3d(oneHot(sequences), [items, frames, classes]);
    const named = Float32Array.from(sequences.flatMap((r) => Array.from(r, (c) => (c === OUT_OF_VOCABULARY ? 0 : 1))));
    const chordFrames = named.reduce((n, m) => n + m, 0);
    return { chroma: x, targets: { kind: "bce", onehot, mask: tf.tensor3d(named, [items, frames, 1]), chordFrames } };
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

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
import { NO_CHORD, NUM_CHORDS } from "../../annotations/chordClasses.js";
import type { Segment } from "../../dataset/types.js";
import { InputError } from "../../errors.js";
import { contextScorer, createContextNet, MAJMIN_CLASSES, NO_CHORD_OUTPUT, type ContextWeights } from "../../model/context.js";
import { createLossWorkspace } from "../../losses/index.js";
import { createAdam } from "../adam.js";
import { sequenceTarget, type PreparedSet } from "../batches.js";
import { applyUpdate, pooledF, type EngineInput, type TrainingEngine } from "../engine.js";
import { lossAndGradients, parameterVector } from "../parameters.js";
import { lossOfLogits, type TensorTargets } from "./tfjsLoss.js";
import type { TrainConfig } from "../types.js";

const PITCH_CLASSES = 12;

/** A set's targets on the vocabulary's classes. */
type ContextTargets =
  | { kind: "bce"; /** [S][T][classes] */ onehot: Float32Array }
  | { kind: "softDtw"; /** per segment, [M][classes] */ rows: Float32Array[] }
  | { kind: "ctc"; labels: number[][] };

/** Frame labels with NO_CHORD as the vocabulary's N class (24). */
export function vocabularyLabels(labels: Int16Array): Int16Array {
  return labels.map((c) => (c === NO_CHORD ? NO_CHORD_OUTPUT : c));
}

/** Outputs' class index → frame class (N → NO_CHORD). */
export function frameClassOf(output: number): number {
  return output === NO_CHORD_OUTPUT ? NO_CHORD : output;
}

export function contextTargets(segments: readonly Segment[], cfg: Pick<TrainConfig, "loss" | "targets">): ContextTargets {
  const classes = MAJMIN_CLASSES;
  const kind = cfg.loss.kind;
  const labels = segments.map((s) => vocabularyLabels(s.trainLabels));
  if (kind === "bce") {
    const frames = labels[0]?.length ?? 0;
    const onehot = new Float32Array(segments.length * frames * classes);
    labels.forEach((l, i) => l.forEach((c, t) => (onehot[(i * frames + t) * classes + c] = 1)));
    return { kind, onehot };
  }
  const sequences = segments.map((s, i) => sequenceTarget({ ...s, trainLabels: labels[i] }, kind, cfg.targets).sequence);
  if (kind === "ctc") return { kind, labels: sequences.map((s) => Array.from(s)) };
  return {
    kind,
    rows: sequences.map((s) => {
      const rows = new Float32Array(s.length * classes);
      s.forEach((c, m) => (rows[m * classes + c] = 1));
      return rows;
    }),
  };
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

  const gradients: TrainingEngine["gradients"] = (indices, at) => {
    const ctx = { loss: cfg.loss, gamma: at.gamma, workspace, priorWeight: at.priorWeight };
    const out = tf.tidy(() => {
      const batch = batchTensors(train, targets.train, indices);
      return lossAndGradients(() => ctcAware(net.logits(batch.chroma), batch.targets, ctx), net.variables);
    });
    const values = out.dataSync() as Float32Array;
    out.dispose();
    return { value: values[0], grads: values.subarray(1) };
  };

  return {
    name: "tfjs",
    parameterCount: net.parameterCount,
    gradients,
    step(indices, at) {
      const step = gradients(indices, at);
      applyUpdate(step, { params: params.values, adam, lossKind: cfg.loss.kind, epoch: at.epoch });
      params.write();
      return step.value;
    },
    validate() {
      if (val.segments.length === 0) return { loss: NaN, f: NaN };
      const all = val.segments.map((_, i) => i);
      const [loss, classes] = tf.tidy(() => {
        const batch = batchTensors(val, targets.val, all);
        const logits = net.logits(batch.chroma);
        const value = ctcAware(logits, batch.targets, { loss: cfg.loss, gamma: cfg.loss.gamma, workspace });
        return [value, tf.argMax(tf.slice(logits, [0, 0, 0], [-1, -1, MAJMIN_CLASSES]), 2)];
      });
      const lossValue = loss.dataSync()[0];
      const estimate = Int16Array.from(classes.dataSync(), frameClassOf);
      tf.dispose([loss, classes]);
      return { loss: lossValue, f: pooledF(val, estimate) };
    },
    snapshot: () => net.snapshot(),
    restore(weights) {
      net.restore(weights);
      params.values.set(weights.layers.flatMap((l) => [...l.weights.flat(), ...l.bias]));
    },
    chordProbabilities(chroma) {
      // The 24 chord columns of the softmax over all outputs (the alignment figures' view).
      const frames = chroma.length / PITCH_CLASSES;
      const p = tf.tidy(() => tf.slice(tf.softmax(net.logits(tf.tensor3d(chroma, [1, frames, PITCH_CLASSES]))), [0, 0, 0], [1, -1, NUM_CHORDS]));
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

/** The segments `indices` of a set as tensors. Call inside tf.tidy. */
function batchTensors(set: PreparedSet, targets: ContextTargets, indices: readonly number[]): { chroma: tf.Tensor3D; targets: TensorTargets } {
  const { frames } = set;
  const items = indices.length;
  const chroma = new Float32Array(items * frames * PITCH_CLASSES);
  indices.forEach((i, k) => chroma.set(set.segments[i].chroma, k * frames * PITCH_CLASSES));
  const x = tf.tensor3d(chroma, [items, frames, PITCH_CLASSES]);
  const classes = MAJMIN_CLASSES;
  if (targets.kind === "bce") {
    const size = frames * classes;
    const onehot = new Float32Array(items * size);
    indices.forEach((i, k) => onehot.set(targets.onehot.subarray(i * size, (i + 1) * size), k * size));
    return {
      chroma: x,
      targets: { kind: "bce", onehot: tf.tensor3d(onehot, [items, frames, classes]), mask: tf.ones([items, frames, 1]), chordFrames: items * frames },
    };
  }
  if (targets.kind === "softDtw") {
    const rows = indices.map((i) => targets.rows[i]);
    const equal = rows.every((r) => r.length === rows[0].length);
    if (!equal) return { chroma: x, targets: { kind: "softDtw", targets: rows.map((r) => tf.tensor2d(r, [r.length / classes, classes])) } };
    const data = new Float32Array(items * rows[0].length);
    rows.forEach((r, k) => data.set(r, k * r.length));
    return { chroma: x, targets: { kind: "softDtw", targets: tf.tensor3d(data, [items, rows[0].length / classes, classes]) } };
  }
  return { chroma: x, targets: { kind: "ctc", labels: indices.map((i) => targets.labels[i]) } };
}

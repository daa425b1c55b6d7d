/**
 * training.engine "tfjs": dChord as a tfjs model (model/dchord.ts, its forward pass one custom op)
 * and the losses as tfjs ops (tfjsLoss.ts). Each step uploads its batch (batches.ts' arrays) as
 * tensors, computes the loss and gradient with tf.variableGrads, reads them back in one go, and
 * lets the JS Adam update the flat parameter vector, which is then written to the variables.
 */
import { tf } from "../../util/tfjs.js";
import { NUM_CHORDS } from "../../annotations/chordClasses.js";
import { createDChord, vectorFromWeights } from "../../model/dchord.js";
import { dchordFromWeights, tfjsScorer } from "../../model/predict.js";
import { createLossWorkspace } from "../../losses/index.js";
import { createAdam } from "../adam.js";
import { selectBatch, type Batch, type PreparedSet } from "../batches.js";
import { classWeightsOf, noValidation, pooledF, updateStep, type EngineInput, type TrainingEngine } from "../engine.js";
import { setChordSequenceLoss, setSequenceAccuracy } from "../selection.js";
import { lossAndGradients, parameterVector, readLossAndGradients } from "../parameters.js";
import { lossOfLogits, type TensorTargets } from "./tfjsLoss.js";

const PITCH_CLASSES = 12;

export function createTfjsEngine(input: EngineInput): TrainingEngine {
  const { cfg, train, val } = input;
  const model = createDChord(cfg.model, { seed: input.seed, withBlank: cfg.loss.kind === "ctc" });
  const params = parameterVector(model.variables);
  const adam = createAdam(params.values.length, cfg.training);
  const workspace = createLossWorkspace();
  const classWeights = classWeightsOf(train, cfg);
  // loss.adaptiveBalance moves the training loss's weights only; validation keeps the configured ones
  let trainWeights = classWeights;
  const stacked = { train: equalTargetLengths(train), val: equalTargetLengths(val) };

  const gradients: TrainingEngine["gradients"] = (indices, at) => {
    const ctx = { loss: cfg.loss, gamma: at.gamma, workspace, priorWeight: at.priorWeight, classWeights: trainWeights };
    return readLossAndGradients(() => {
      const batch = toTensors(selectBatch(train, indices), stacked.train); // outside variableGrads: its f's tensors die before backward
      return lossAndGradients(() => lossOfLogits(model.logits(batch.chroma), batch.targets, ctx), model.variables);
    });
  };

  return {
    name: "tfjs",
    parameterCount: model.parameterCount,
    gradients,
    step: (indices, at) => updateStep(gradients(indices, at), { params: params.values, adam, lossKind: cfg.loss.kind, epoch: at.epoch, minLogGain: cfg.model.minLogGain, write: params.write }),
    validate(opts) {
      if (!val.chroma) return noValidation();
      let chordLoss = NaN;
      const [loss, classes] = tf.tidy(() => {
        const batch = toTensors(selectBatch(val, "all"), stacked.val);
        const logits = model.logits(batch.chroma);
        if (opts?.weak) chordLoss = setChordSequenceLoss(val, logits.dataSync(), logits.shape[2], workspace);
        // the final γ and prior weight (0), the training's class weights
        const value = lossOfLogits(logits, batch.targets, { loss: cfg.loss, gamma: cfg.loss.gamma, workspace, classWeights });
        const chords = logits.shape[2] > NUM_CHORDS ? tf.slice(logits, [0, 0, 0], [-1, -1, NUM_CHORDS]) : logits;
        return [value, tf.argMax(chords, 2)];
      });
      const lossValue = loss.dataSync()[0];
      const estimate = Int16Array.from(classes.dataSync());
      tf.dispose([loss, classes]);
      return { loss: lossValue, f: pooledF(val, estimate), chordLoss, sequenceAccuracy: opts?.weak ? setSequenceAccuracy(val, estimate) : NaN };
    },
    setClassBalance(beta) {
      trainWeights = classWeightsOf(train, cfg, beta);
    },
    snapshot: () => model.snapshot(),
    restore(weights) {
      model.restore(weights);
      params.values.set(vectorFromWeights(weights, cfg.model.sharedTemplates));
    },
    chordProbabilities(chroma) {
      const frames = chroma.length / PITCH_CLASSES;
      const probabilities = tf.tidy(() => {
        const x = tf.tensor3d(chroma, [1, frames, PITCH_CLASSES]);
        return tf.slice(model.probabilities(x), [0, 0, 0], [1, -1, NUM_CHORDS]);
      });
      const p = probabilities.dataSync() as Float32Array; // [frames][24]
      probabilities.dispose();
      return Float32Array.from(p);
    },
    scorer: (weights) => tfjsScorer(dchordFromWeights(cfg.model, weights)),
    dispose: () => model.dispose(),
  };
}

/** Whether every soft-DTW target of the set has the same length (they are then stacked into one tensor). */
function equalTargetLengths(set: PreparedSet): boolean {
  const t = set.targets;
  return t?.kind === "softDtw" && t.sequences.every((s) => s.length === t.sequences[0].length);
}

/** A batch's arrays as tensors. Call inside tf.tidy. */
function toTensors(batch: Batch, stackTargets: boolean): { chroma: tf.Tensor3D; targets: TensorTargets } {
  const { items, frames } = batch;
  const chroma = tf.tensor3d(batch.chroma, [items, frames, PITCH_CLASSES]);
  const t = batch.targets;
  if (t.kind === "bce") {
    const onehot = tf.tensor3d(t.onehot, [items, frames, NUM_CHORDS]);
    const mask = tf.tensor3d(t.mask, [items, frames, 1]);
    return { chroma, targets: { kind: "bce", onehot, mask, chordFrames: t.chordFrames } };
  }
  if (t.kind === "softDtw") {
    const rows = (v: (typeof t.views)[number]) => new Float32Array(v.data.subarray(v.offset, v.offset + v.length * NUM_CHORDS));
    if (!stackTargets) return { chroma, targets: { kind: "softDtw", targets: t.views.map((v) => tf.tensor2d(rows(v), [v.length, NUM_CHORDS])) } };
    const length = t.views[0].length;
    const data = new Float32Array(items * length * NUM_CHORDS);
    t.views.forEach((v, b) => data.set(rows(v), b * length * NUM_CHORDS));
    return { chroma, targets: { kind: "softDtw", targets: tf.tensor3d(data, [items, length, NUM_CHORDS]) } };
  }
  return { chroma, targets: { kind: "ctc", labels: t.labels.map((l) => Array.from(l)) } };
}

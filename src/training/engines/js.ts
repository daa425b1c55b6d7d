/**
 * training.engine "js": dChord trained without tfjs. The parameters live in one float64 vector
 * (model/jsForward.ts' layout, float32-representable after every Adam update); a step is the
 * forward pass, the loss and its gradient on arrays (jsLoss.ts), the backward pass and the update
 * — a few loops over the batch's frames instead of ~20 tensor kernels (issue #11). Float64
 * throughout, so a run gives the same bits on every machine.
 */
import { NUM_CHORDS } from "../../annotations/chordClasses.js";
import { initialVector, vectorFromWeights, weightsFromVector } from "../../model/dchord.js";
import { createBackwardScratch, createForwardCache, jsBackward, jsForward, jsLayout } from "../../model/jsForward.js";
import { argmaxPath, jsScorer } from "../../model/predict.js";
import { createLossWorkspace } from "../../losses/index.js";
import { createPriorCache } from "../../losses/diagonalPrior.js";
import { costShapings } from "../../losses/batched.js";
import { createAdam } from "../adam.js";
import { createBatchScratch, selectBatch, type PreparedSet } from "../batches.js";
import { classWeightsOf, noValidation, pooledF, updateStep, type EngineInput, type TrainingEngine } from "../engine.js";
import { setChordSequenceLoss, setSequenceAccuracy } from "../selection.js";
import { createJsLossScratch, jsLoss, softmaxRows } from "./jsLoss.js";

export function createJsEngine(input: EngineInput): TrainingEngine {
  const { cfg, train, val } = input;
  const shape = { sharedTemplates: cfg.model.sharedTemplates, withBlank: cfg.loss.kind === "ctc" };
  const layout = jsLayout(shape);
  const { temperature } = cfg.model;
  const { values: params, initTemplates } = initialVector(cfg.model, { seed: input.seed, withBlank: shape.withBlank });
  const adam = createAdam(params.length, cfg.training);
  const workspace = createLossWorkspace();
  // The loss's class weights on a set: soft-DTW's as row weights by the loss op's own rule
  // (costShapings), once per set instead of per step; CTC's [25] emission weights as they are.
  const lossWeightsOf = (set: PreparedSet, classWeights: number[] | undefined) => ({
    rows:
      classWeights && set.targets?.kind === "softDtw"
        ? (costShapings({ classWeights }, set.targets.views, NUM_CHORDS, "loss.classBalance") ?? []).map((s) => s.rowWeights!)
        : undefined,
    ctc: set.targets?.kind === "ctc" ? classWeights : undefined,
  });
  const configured = classWeightsOf(train, cfg);
  const valWeights = lossWeightsOf(val, configured);
  // loss.adaptiveBalance moves the training loss's weights only (setClassBalance); validation keeps the configured ones
  let trainWeights = lossWeightsOf(train, configured);
  const priorOf = createPriorCache();
  // buffers reused by every step
  const cache = createForwardCache();
  const grads = new Float64Array(layout.size);
  const backwardScratch = createBackwardScratch();
  const lossScratch = createJsLossScratch();
  const batchScratch = createBatchScratch();
  let logitsBuffer = new Float64Array(0);
  let dLogits = new Float64Array(0);

  /** Logits [frames][outputs] of the current parameters (a view into logitsBuffer). */
  const logitsOf = (chroma: Float32Array, frames: number): Float64Array => {
    const size = frames * layout.outputs;
    if (logitsBuffer.length < size) logitsBuffer = new Float64Array(size);
    return jsForward({ params, layout, temperature, chroma, frames, out: logitsBuffer.subarray(0, size), cache });
  };

  const gradients: TrainingEngine["gradients"] = (indices, at) => {
    const batch = selectBatch(train, indices, batchScratch);
    const logits = logitsOf(batch.chroma, batch.items * batch.frames);
    if (dLogits.length < logits.length) dLogits = new Float64Array(logits.length);
    const value = jsLoss({
      logits,
      dims: { items: batch.items, frames: batch.frames, outputs: layout.outputs },
      targets: batch.targets,
      ctx: { loss: cfg.loss, gamma: at.gamma, workspace, priorWeight: at.priorWeight, classWeights: trainWeights.ctc },
      shaping: { rowWeights: trainWeights.rows && batch.indices.map((i) => trainWeights.rows![i]), priorOf },
      scratch: lossScratch,
      dLogits,
    });
    jsBackward({ layout, temperature, dLogits, cache, grads, scratch: backwardScratch });
    return { value, grads };
  };

  return {
    name: "js",
    parameterCount: layout.size,
    gradients,
    step: (indices, at) => updateStep(gradients(indices, at), { params, adam, lossKind: cfg.loss.kind, epoch: at.epoch, minLogGain: cfg.model.minLogGain }),
    validate(opts) {
      if (!val.chroma) return noValidation();
      const batch = selectBatch(val, "all");
      const logits = logitsOf(batch.chroma, batch.items * batch.frames);
      // the final γ, no prior; the training's class weights as row weights
      const loss = jsLoss({
        logits,
        dims: { items: batch.items, frames: batch.frames, outputs: layout.outputs },
        targets: batch.targets,
        ctx: { loss: cfg.loss, gamma: cfg.loss.gamma, workspace, classWeights: valWeights.ctc },
        shaping: { rowWeights: valWeights.rows, priorOf },
        scratch: lossScratch,
        dLogits: null,
      });
      const chordLoss = opts?.weak ? setChordSequenceLoss(val, logits, layout.outputs, workspace) : NaN;
      const estimate = argmaxPath(logits, NUM_CHORDS, layout.outputs); // the chords only (no CTC blank)
      return { loss, f: pooledF(val, estimate), chordLoss, sequenceAccuracy: opts?.weak ? setSequenceAccuracy(val, estimate) : NaN };
    },
    snapshot: () => weightsFromVector(params, shape, initTemplates),
    restore: (weights) => params.set(vectorFromWeights(weights, shape.sharedTemplates)),
    chordProbabilities(chroma) {
      const frames = chroma.length / 12;
      const O = layout.outputs;
      const p = softmaxRows(logitsOf(chroma, frames), frames, O, new Float64Array(frames * O));
      const out = new Float32Array(frames * NUM_CHORDS);
      for (let f = 0; f < frames; f++) for (let k = 0; k < NUM_CHORDS; k++) out[f * NUM_CHORDS + k] = p[f * O + k];
      return out;
    },
    scorer: (weights) => jsScorer(cfg.model, weights),
    setClassBalance(beta) {
      trainWeights = lossWeightsOf(train, classWeightsOf(train, cfg, beta));
    },
    dispose: () => undefined,
  };
}

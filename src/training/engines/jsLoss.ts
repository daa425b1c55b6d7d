/**
 * The training losses of training/objectives.ts on arrays, for training.engine "js": logits
 * [items][frames][outputs] in float64 in, the loss value and ∂loss/∂logits out. The soft-DTW and
 * CTC batch loops are the ones the tfjs ops run (losses/batched.ts). Softmax and BCE are in float64
 * here, float32 under tfjs: the two engines agree to float32 precision (test/training/jsEngine.test.ts).
 */
import { NUM_CHORDS } from "../../annotations/chordClasses.js";
import { checkCtcOptions, checkSoftDtwOptions } from "../../losses/options.js";
import { ctcBatch, logSoftmaxRows, softDtwBatch } from "../../losses/batched.js";
import type { CostShaping } from "../../losses/diagonalPrior.js";
import { expRelative } from "../../util/fastMath.js";
import { BLANK_INDEX } from "../../model/dchord.js";
import { BCE_EPSILON, ctcExtras, type LossContext } from "../objectives.js";
import type { BatchTargets } from "../batches.js";

const WHO = "training loss";

/** The soft-DTW cost shaping of a batch's items, kept by the engine across steps. */
export interface JsShaping {
  /** Per item, the class-balanced row weights (loss.classBalance), or absent. */
  rowWeights?: readonly (Float64Array | undefined)[];
  /** The diagonal prior matrices by shape (createPriorCache), kept across steps. */
  priorOf?: CostShaping["priorOf"];
}

/** Scratch arrays reused across steps. */
export interface JsLossScratch {
  probs: Float64Array;
  grad: Float64Array;
  values: Float64Array;
}

export function createJsLossScratch(): JsLossScratch {
  return { probs: new Float64Array(0), grad: new Float64Array(0), values: new Float64Array(0) };
}

function ensure(s: JsLossScratch, size: number, items: number): void {
  if (s.probs.length < size) {
    s.probs = new Float64Array(size);
    s.grad = new Float64Array(size);
  }
  if (s.values.length < items) s.values = new Float64Array(items);
}

/** The inputs and outputs of jsLoss. */
export interface JsLossOptions {
  /** [items][frames][outputs] */
  logits: Float64Array;
  dims: { items: number; frames: number; outputs: number };
  targets: BatchTargets;
  ctx: LossContext;
  /** Soft-DTW only: row weights and the prior cache of the batch's items. */
  shaping?: JsShaping;
  scratch: JsLossScratch;
  /** Receives ∂loss/∂logits (same layout, overwritten); null: the value only. */
  dLogits: Float64Array | null;
}

/** The loss of a batch's logits, and its gradient into `dLogits` when given. */
export function jsLoss(o: JsLossOptions): number {
  const { logits, targets, ctx, scratch, dLogits } = o;
  const { items, frames, outputs } = o.dims;
  const size = items * frames * outputs;
  ensure(scratch, size, items);
  if (targets.kind === "ctc") {
    const checked = checkCtcOptions(
      { blank: BLANK_INDEX, zeroInfinity: ctx.loss.zeroInfinity, priorScale: ctx.loss.ctcPriorScale, ...ctcExtras(ctx), workspace: ctx.workspace },
      outputs,
      WHO,
    );
    const lengths = new Array<number>(items).fill(frames);
    const dims = { B: items, T: frames, C: outputs };
    const logp = scratch.grad; // log-probabilities; the gradient goes to dLogits
    logSoftmaxRows({ x: logits, dims, lengths, logp, probs: scratch.probs, input: "logits", who: WHO });
    ctcBatch({ logp, probs: scratch.probs, dims, lengths, labels: targets.labels, checked, reduction: "mean", values: scratch.values, grad: dLogits, who: WHO });
    return meanOf(scratch.values, items);
  }
  const probs = softmaxRows(logits, items * frames, outputs, scratch.probs);
  if (targets.kind === "bce") return bce(probs, items * frames, targets, dLogits);
  const checked = checkSoftDtwOptions(
    { gamma: ctx.gamma, band: ctx.loss.band, normalize: ctx.loss.normalize, stepWeights: ctx.loss.stepWeights, workspace: ctx.workspace },
    WHO,
  );
  const prior = ctx.loss.diagonalPrior && ctx.priorWeight ? { weight: ctx.priorWeight, nu: ctx.loss.diagonalPrior.nu } : undefined;
  const rowWeights = o.shaping?.rowWeights;
  const priorOf = o.shaping?.priorOf;
  const shapings: CostShaping[] | undefined =
    prior || rowWeights ? targets.views.map((_, b) => ({ prior, rowWeights: rowWeights?.[b], priorOf })) : undefined;
  const grad = dLogits === null ? null : scratch.grad.fill(0, 0, size);
  const lengths = new Array<number>(items).fill(frames);
  softDtwBatch({
    x: probs,
    dims: { B: items, T: frames, K: outputs },
    lengths,
    targets: targets.views,
    checked,
    divergence: ctx.loss.divergence,
    shapings,
    proportionWeight: ctx.loss.proportionWeight,
    values: scratch.values,
    grad,
    gradScale: 1 / items,
    who: WHO,
  });
  if (grad !== null && dLogits !== null) softmaxBackward(probs, grad, items * frames, outputs, dLogits);
  return meanOf(scratch.values, items);
}

/** Softmax per row (float64) of [rows][C] into out. */
export function softmaxRows(x: Float64Array, rows: number, C: number, out: Float64Array): Float64Array {
  for (let r = 0; r < rows; r++) {
    const at = r * C;
    let m = -Infinity;
    for (let k = 0; k < C; k++) if (x[at + k] > m) m = x[at + k];
    if (!(m - m === 0)) throw new RangeError(`${WHO}: the model's output at frame ${r} is not finite (${m})`);
    let sum = 0;
    for (let k = 0; k < C; k++) {
      const e = expRelative(x[at + k] - m);
      out[at + k] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let k = 0; k < C; k++) out[at + k] *= inv;
  }
  return out;
}

/** ∂/∂logits = p ⊙ (g − ⟨g, p⟩) per row (the softmax Jacobian applied to g = ∂/∂p); out may be g. */
function softmaxBackward(p: Float64Array, g: Float64Array, rows: number, C: number, out: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    const at = r * C;
    let dot = 0;
    for (let k = 0; k < C; k++) dot += g[at + k] * p[at + k];
    for (let k = 0; k < C; k++) out[at + k] = p[at + k] * (g[at + k] - dot);
  }
}

/** Masked mean BCE of p [rows][24] (training/objectives.ts, in float64); its gradient into dLogits. */
function bce(p: Float64Array, rows: number, t: Extract<BatchTargets, { kind: "bce" }>, dLogits: Float64Array | null): number {
  const invD = 1 / Math.max(1, t.chordFrames * NUM_CHORDS);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const at = r * NUM_CHORDS;
    const m = t.mask[r];
    if (m === 0) {
      if (dLogits !== null) dLogits.fill(0, at, at + NUM_CHORDS); // ∂/∂p = 0, and so ∂/∂logits
      continue;
    }
    // Σ_k y·log p̃ + (1−y)·log(1−p̃). For 0/1 targets the (1 − p̃) factors are multiplied and their
    // logarithm taken once (≥ (1e-7)^24 = 1e-168: no underflow; a few ulp from the sum of logs).
    let product = 1;
    let ll = 0;
    for (let k = 0; k < NUM_CHORDS; k++) {
      const y = t.onehot[at + k];
      const pc = Math.min(Math.max(p[at + k], BCE_EPSILON), 1 - BCE_EPSILON);
      if (y === 0) product *= 1 - pc;
      else if (y === 1) ll += Math.log(pc);
      else ll += Math.log(1 - pc) + y * (Math.log(pc) - Math.log(1 - pc));
      if (dLogits !== null) dLogits[at + k] = m * invD * ((1 - y) / (1 - pc) - y / pc); // ∂/∂p
    }
    total += m * (ll + Math.log(product));
  }
  if (dLogits !== null) softmaxBackward(p, dLogits, rows, NUM_CHORDS, dLogits);
  return -total * invD;
}

function meanOf(values: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i];
  return s / n;
}

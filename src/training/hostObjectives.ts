/**
 * The training losses of objectives.ts on host arrays, for the training step without tfjs
 * (training.engine "js"): logits [frames][outputs] in float64 in, the loss value and
 * ∂loss/∂logits out. Same definitions as objectives.ts (see its comment); the soft-DTW and CTC
 * batch loops are the ones the tfjs ops run (losses/batched.ts). Softmax and BCE are in float64
 * here, float32 under tfjs: the two engines agree to float32 precision (test/training/hostStep.test.ts).
 */
import { NUM_CHORDS } from "../annotations/chordClasses.js";
import { checkCtcOptions, checkSoftDtwOptions } from "../losses/options.js";
import { ctcBatch, logSoftmaxRows, softDtwBatch } from "../losses/batched.js";
import type { CostShaping } from "../losses/diagonalPrior.js";
import type { SequenceView } from "../losses/sequences.js";
import { expRelative } from "../losses/fastMath.js";
import { BLANK_INDEX } from "../model/dchord.js";
import type { LossContext } from "./objectives.js";

const WHO = "training loss";
const BCE_EPSILON = 1e-7;

/** The targets of the batch's items, host-side (built once per set: batches.ts). */
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

/** Scratch arrays reused across steps. */
export interface HostLossScratch {
  probs: Float64Array;
  grad: Float64Array;
  values: Float64Array;
}

export function createHostLossScratch(): HostLossScratch {
  return { probs: new Float64Array(0), grad: new Float64Array(0), values: new Float64Array(0) };
}

function ensure(s: HostLossScratch, size: number, items: number): void {
  if (s.probs.length < size) {
    s.probs = new Float64Array(size);
    s.grad = new Float64Array(size);
  }
  if (s.values.length < items) s.values = new Float64Array(items);
}

/**
 * The loss of logits [items][frames][outputs]; when `dLogits` is given, ∂loss/∂logits into it
 * (same layout, overwritten).
 */
export function hostLoss(
  logits: Float64Array,
  dims: { items: number; frames: number; outputs: number },
  targets: HostTargets,
  ctx: LossContext,
  scratch: HostLossScratch,
  dLogits: Float64Array | null,
): number {
  const { items, frames, outputs } = dims;
  const size = items * frames * outputs;
  ensure(scratch, size, items);
  if (targets.kind === "ctc") {
    const checked = checkCtcOptions({ blank: BLANK_INDEX, zeroInfinity: ctx.loss.zeroInfinity, priorScale: ctx.loss.ctcPriorScale, workspace: ctx.workspace }, outputs, WHO);
    const lengths = new Array<number>(items).fill(frames);
    const logp = scratch.grad; // log-probabilities; the gradient goes to dLogits
    logSoftmaxRows(logits, { B: items, T: frames, C: outputs }, lengths, logp, scratch.probs, false, WHO);
    ctcBatch(logp, scratch.probs, { B: items, T: frames, C: outputs }, lengths, targets.labels, checked, true, scratch.values, dLogits, WHO);
    return meanOf(scratch.values, items);
  }
  const probs = softmaxRows(logits, items * frames, outputs, scratch.probs);
  if (targets.kind === "bce") return bce(probs, items * frames, targets, dLogits);
  const checked = checkSoftDtwOptions(
    { gamma: ctx.gamma, band: ctx.loss.band, normalize: ctx.loss.normalize, stepWeights: ctx.loss.stepWeights, workspace: ctx.workspace },
    WHO,
  );
  const prior = ctx.loss.diagonalPrior && ctx.priorWeight ? { weight: ctx.priorWeight, nu: ctx.loss.diagonalPrior.nu } : undefined;
  const { priorOf } = targets;
  const shapings: CostShaping[] | undefined =
    prior || targets.rowWeights ? targets.views.map((_, b) => ({ prior, rowWeights: targets.rowWeights?.[b], priorOf })) : undefined;
  const grad = dLogits === null ? null : scratch.grad.fill(0, 0, size);
  const lengths = new Array<number>(items).fill(frames);
  softDtwBatch(probs, { B: items, T: frames, K: outputs }, lengths, targets.views, checked, ctx.loss.divergence, shapings, scratch.values, grad, 1 / items, WHO);
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

/** Masked mean BCE of p [rows][24] (objectives.ts' bce, in float64); its gradient into dLogits. */
function bce(p: Float64Array, rows: number, t: Extract<HostTargets, { kind: "bce" }>, dLogits: Float64Array | null): number {
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

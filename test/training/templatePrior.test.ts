/**
 * The chord-template prior (loss.templatePrior, training/templatePrior.ts): its templates and cost
 * against hand-derived values, its transposition invariance, a planted chord sequence recovered
 * from the prior alone by hard DTW, the loss option (costPrior) against plain soft-DTW on the
 * hand-shaped cost and finite differences, its schedule, and the engine and config wiring.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { tfValueAndGrad, useWasmBackend } from "../helpers/tf.js";
import { ConfigSchema, type Config } from "../../src/config/schema.js";
import { vocabularyOf } from "../../src/annotations/vocabulary.js";
import { chordTemplates, templatePriorCost } from "../../src/training/templatePrior.js";
import { dtwPath } from "../../src/losses/dtwPath.js";
import { tfSoftDtwLoss } from "../../src/losses/tfSoftDtw.js";
import type { TfSoftDtwLossOptions } from "../../src/losses/types.js";
import { epochSchedule, templateWeightAt } from "../../src/training/schedule.js";
import { scheduleEnd } from "../../src/training/earlyStopping.js";
import { prepareSet } from "../../src/training/batches.js";
import { createEngine } from "../../src/training/engines/index.js";
import { transposeChroma, transposeClass } from "../../src/training/engines/context.js";
import { createRng } from "../../src/util/random.js";
import { finiteDifferences, relativeError, shapedSoftDtwReference } from "../losses/reference.js";
import { plantedSegments } from "./fixtures.js";

beforeAll(useWasmBackend);

const majmin = vocabularyOf("majmin");
const sevenths = vocabularyOf("sevenths");
/** A chroma frame with 1 on the given pitch classes, 0 elsewhere. */
const frame = (...pcs: number[]) => Array.from({ length: 12 }, (_, k) => (pcs.includes(k) ? 1 : 0));

describe("chordTemplates", () => {
  it("puts 1/√n on the chord's pitch classes (mir_eval's bitmaps at the root) and the flat vector on N", () => {
    const t = chordTemplates(sevenths);
    const row = (c: number) => Array.from(t.subarray(c * 12, c * 12 + 12));
    const expectOn = (c: number, pcs: number[]) => expect(row(c).map((v) => +v.toFixed(12))).toEqual(frame(...pcs).map((v) => +(v / Math.sqrt(pcs.length)).toFixed(12)));
    expectOn(0, [0, 4, 7]); // C:maj
    expectOn(12 + 9, [9, 0, 4]); // A:min
    expectOn(24 + 7, [7, 11, 2, 5]); // G:7
    expectOn(36 + 5, [5, 9, 0, 4]); // F:maj7
    expectOn(48 + 2, [2, 5, 9, 0]); // D:min7
    expect(row(60)).toEqual(new Array(12).fill(1 / Math.sqrt(12)));
    expect(chordTemplates(majmin).length).toBe(25 * 12);
  });
});

describe("templatePriorCost (1 − cosine of the frame's chroma and the element's template)", () => {
  it("hand-derived: a clean C triad, a uniform (silent) frame and an all-zero frame", () => {
    const chroma = Float32Array.from([...frame(0, 4, 7), ...new Array(12).fill(0.3), ...new Array(12).fill(0)]);
    // elements C, C:min, A:min, N
    const A = templatePriorCost([0, 12, 21, 24], chroma, majmin);
    const at = (i: number, n: number) => A[i * 3 + n];
    expect(at(0, 0)).toBeCloseTo(0, 12); // its own chord
    expect(at(1, 0)).toBeCloseTo(1 - 2 / 3, 12); // C:min shares C and G: cos = 2/3
    expect(at(2, 0)).toBeCloseTo(1 - 2 / 3, 12); // A:min shares C and E
    expect(at(3, 0)).toBeCloseTo(1 - 3 / 6, 12); // N: 3/(√3·√12)
    for (const n of [1, 2]) {
      expect(at(3, n)).toBeCloseTo(0, 12); // a flat frame is N's template
      for (const i of [0, 1, 2]) expect(at(i, n)).toBeCloseTo(0.5, 12); // a triad has 3 of 12 pitch classes
    }
  });

  it("is unchanged when chroma and chords are transposed together (so one matrix serves every draw)", () => {
    const rng = createRng(3, 1);
    const chroma = Float32Array.from({ length: 12 * 9 }, () => rng.next());
    const sequence = [0, 19, 24, 7, 40, 55, 60];
    const A = templatePriorCost(sequence, chroma, sevenths);
    for (const shift of [1, 5, 11]) {
      const moved = templatePriorCost(sequence.map((c) => transposeClass(c, shift, sevenths)), transposeChroma(chroma, shift), sevenths);
      expect(relativeError(moved, A)).toBeLessThan(1e-12);
    }
  });

  it("names the element that is not an output class", () => {
    expect(() => templatePriorCost([0, 25], new Float32Array(24), majmin)).toThrow(/target element 1 is 25, not an output class of the majmin vocabulary \(0 … 24\)/);
  });
});

describe("plant and recover: hard DTW on the prior alone finds the planted chord boundaries", () => {
  it("noisy triads of a known sequence, aligned to that sequence with no vertical step", () => {
    const rng = createRng(8, 2);
    const chords = [0, 21, 17, 7, 24, 2, 14];
    const lengths = [9, 5, 12, 3, 6, 10, 7];
    const truth: number[] = lengths.flatMap((l, i) => new Array<number>(l).fill(i));
    const chroma = Float32Array.from(
      truth.flatMap((i) => {
        const c = chords[i];
        const clean = c === 24 ? new Array(12).fill(0.05) : frame(...[0, c < 12 ? 4 : 3, 7].map((d) => ((c % 12) + d) % 12));
        return clean.map((v) => Math.max(0, v + 0.15 * rng.normal()));
      }),
    );
    const A = templatePriorCost(chords, chroma, majmin);
    const { path } = dtwPath({ data: A, rows: chords.length, cols: truth.length }, { stepWeights: [1e4, 1, 1] });
    const found = new Array<number>(truth.length);
    for (const [i, n] of path) found[n] = i;
    expect(found).toEqual(truth);
  });
});

describe("tfSoftDtwLoss with a cost prior", () => {
  const rng = createRng(12, 4);
  const [B, T, K] = [2, 6, 5];
  const x = Float32Array.from({ length: B * T * K }, () => rng.next());
  const classes = [[0, 3, 1], [2, 4, 4, 0]];
  const targets = classes.map((seq) => seq.map((c) => Array.from({ length: K }, (_, k) => (k === c ? 1 : 0))));
  const matrices = classes.map((seq) => Float64Array.from({ length: seq.length * T }, () => rng.next()));
  const opts: TfSoftDtwLossOptions = { gamma: 0.4, costPrior: { weight: 1.3, matrices } };
  const valueAndGrad = (data: Float32Array, o: TfSoftDtwLossOptions) => tfValueAndGrad((p) => tfSoftDtwLoss(p, targets, o), data, [B, T, K]);

  /** Plain float64: C'(i,j) = ‖y_i − x_j‖² + v·A(i,j); ∂/∂x_j = Σ_i G(i,j)·2(x_j − y_i). */
  const plain = () => shapedSoftDtwReference({ x, dims: { B, T, K }, targets, gamma: 0.4, added: (b, i, j) => 1.3 * matrices[b][i * T + j] });

  it("has the value and gradient of plain soft-DTW on the hand-shaped cost, and the prior matters", () => {
    const got = valueAndGrad(x, opts);
    const want = plain();
    expect(got.value).toBeCloseTo(want.value, 5);
    expect(relativeError(got.grad, want.grad)).toBeLessThan(1e-6);
    const without = valueAndGrad(x, { gamma: 0.4 });
    expect(Math.abs(without.value - want.value)).toBeGreaterThan(0.1);
    expect(relativeError(without.grad, want.grad)).toBeGreaterThan(1e-3);
  });

  it("its gradient matches float32 finite differences", () => {
    const { grad } = valueAndGrad(x, opts);
    const fd = finiteDifferences((y) => valueAndGrad(y, opts).value, x, 4e-3);
    expect(relativeError(grad, fd)).toBeLessThan(5e-3);
  });

  it("weight 0 changes nothing, bit for bit", () => {
    const plainRun = valueAndGrad(x, { gamma: 0.4 });
    const zero = valueAndGrad(x, { gamma: 0.4, costPrior: { weight: 0, matrices } });
    expect(zero.value).toBe(plainRun.value);
    expect(Array.from(zero.grad)).toEqual(Array.from(plainRun.grad));
  });

  it("rejects a malformed prior, naming the option and the item", () => {
    const p = tf.tensor3d(x, [B, T, K]);
    expect(() => tfSoftDtwLoss(p, targets, { gamma: 1, costPrior: { weight: -1, matrices } })).toThrow(/costPrior must be \{ weight ≥ 0/);
    expect(() => tfSoftDtwLoss(p, targets, { gamma: 1, costPrior: { weight: 1, matrices: [matrices[0]] } })).toThrow(/one matrix per batch item \(2\)/);
    expect(() => tfSoftDtwLoss(p, targets, { gamma: 1, costPrior: { weight: 1, matrices: [matrices[0], matrices[0]] } })).toThrow(/costPrior\.matrices\[1\] must be a Float64Array of 4×6 values/);
    const bad = Float64Array.from(matrices[1]);
    bad[5] = NaN;
    expect(() => tfSoftDtwLoss(p, targets, { gamma: 1, costPrior: { weight: 1, matrices: [matrices[0], bad] } })).toThrow(/costPrior\.matrices\[1\] holds NaN at flat index 5/);
    p.dispose();
  });
});

describe("loss.templatePrior: schedule, config and engine", () => {
  it("v(e) is the weight for constEpochs epochs, then falls linearly to 0; scheduleEnd counts it", () => {
    const loss = { templatePrior: { weight: 2, constEpochs: 3, decayEpochs: 4 } };
    expect([1, 3, 4, 5, 7, 8, 50].map((e) => templateWeightAt(e, loss))).toEqual([2, 2, 1.5, 1, 0, 0, 0]);
    expect(templateWeightAt(1, {})).toBe(0);
    expect(scheduleEnd({ diagonalPrior: { weight: 3, nu: 1, constEpochs: 10, decayEpochs: 10 }, templatePrior: { weight: 1, constEpochs: 30, decayEpochs: 5 } })).toBe(35);
    // a prior held through the run's last epoch does not change within it: patience need not wait for it
    const heldAllRun = { diagonalPrior: { weight: 3, nu: 1, constEpochs: 10, decayEpochs: 10 }, templatePrior: { weight: 1, constEpochs: 60, decayEpochs: 0 } };
    expect(scheduleEnd(heldAllRun, 60)).toBe(20);
    expect(scheduleEnd(heldAllRun, 61)).toBe(60); // it drops to 0 after epoch 60 of 61
    expect(scheduleEnd(heldAllRun)).toBe(60);
  });

  const base = { model: { context: { radius: 1, hidden: [3], transpose: true } }, training: { engine: "tfjs" }, report: { alignmentEpochs: [] } };
  it("is refused in one line for dChord and for BCE or CTC, and absent by default (configs keep their hash)", () => {
    const issues = (c: Record<string, unknown>) => {
      const r = ConfigSchema.safeParse(c);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    const prior = { weight: 1, constEpochs: 5, decayEpochs: 0 };
    expect(issues({ loss: { kind: "softDtw", templatePrior: prior }, targets: { kind: "soft" } })).toEqual([
      "loss.templatePrior: loss.templatePrior steers the context model's (model.context) soft-DTW alignment; for dChord, whose templates are its own parameters remove it",
    ]);
    expect(issues({ ...base, loss: { kind: "bce", templatePrior: prior } })).toEqual([
      "loss.templatePrior: loss.templatePrior steers the context model's (model.context) soft-DTW alignment; with loss.kind bce remove it",
    ]);
    expect(issues({ ...base, loss: { kind: "softDtw", templatePrior: prior }, targets: { kind: "soft" } })).toEqual([]);
    expect("templatePrior" in ConfigSchema.parse({}).loss).toBe(false);
  });

  it("the engine's training loss is soft-DTW on C + v·A while v is on, and exactly the plain loss once it is off", () => {
    const segments = plantedSegments({ segments: 3, frames: 12, seed: 4 });
    const config = (templatePrior?: object): Config =>
      ConfigSchema.parse({ ...base, loss: { kind: "softDtw", gamma: 0.5, ...(templatePrior ? { templatePrior } : {}) }, targets: { kind: "soft", softLength: 6 } });
    const withPrior = config({ weight: 1.5, constEpochs: 2, decayEpochs: 0 });
    const engineOf = (cfg: Config) => {
      const set = prepareSet(segments, cfg);
      return createEngine("tfjs", { cfg, seed: 2, train: set, val: set });
    };
    const [a, b] = [engineOf(withPrior), engineOf(config())];
    const on = epochSchedule(1, withPrior.loss);
    const off = epochSchedule(3, withPrior.loss);
    expect([on.templateWeight, off.templateWeight]).toEqual([1.5, 0]);
    // the prior is non-negative and the cost rises: with it on, the loss is higher (the comparison can fail)
    expect(a.gradients([0, 1, 2], on).value).toBeGreaterThan(b.gradients([0, 1, 2], on).value + 1e-3);
    const offA = a.gradients([0, 1, 2], off);
    const offB = b.gradients([0, 1, 2], off);
    expect(offA.value).toBe(offB.value);
    expect(Array.from(offA.grads)).toEqual(Array.from(offB.grads));
    expect(a.validate().loss).toBe(b.validate().loss); // validation never uses it
    [a, b].forEach((e) => e.dispose());
  });
});

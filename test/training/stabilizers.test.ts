/**
 * The stabilising options of soft-DTW training (issue 12): the diagonal prior (matrix and weight
 * schedule), the class-balanced cost, sequence unfolding. Formulas are checked against values
 * worked out by hand or by brute force, the tfjs op against a plain float64 soft-DTW on the
 * hand-shaped cost and against finite differences, and the training loop end to end.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { tfValueAndGrad, useWasmBackend } from "../helpers/tf.js";
import { ConfigSchema } from "../../src/config/schema.js";
import { diagonalPrior } from "../../src/losses/diagonalPrior.js";
import { tfSoftDtwLoss } from "../../src/losses/tfSoftDtw.js";
import type { TfSoftDtwLossOptions } from "../../src/losses/types.js";
import { priorWeightAt } from "../../src/training/schedule.js";
import { classBalanceWeights } from "../../src/training/classBalance.js";
import { train } from "../../src/training/train.js";
import { prepareSet } from "../../src/training/batches.js";
import { softTargets } from "../../src/dataset/targets.js";
import { createRng } from "../../src/util/random.js";
import { finiteDifferences, relativeError, shapedSoftDtwReference } from "../losses/reference.js";
import { plantedSegments } from "./fixtures.js";

beforeAll(useWasmBackend);

describe("priorWeightAt (w(e): constant, then linear to 0)", () => {
  const loss = { diagonalPrior: { weight: 3, nu: 1000, constEpochs: 5, decayEpochs: 5 } };
  it("is w for epochs 1…constEpochs, then falls by w/decayEpochs per epoch to 0 and stays there", () => {
    const expected = [3, 3, 3, 3, 3, 2.4, 1.8, 1.2, 0.6, 0, 0, 0];
    expected.forEach((w, e) => expect(priorWeightAt(e + 1, loss)).toBeCloseTo(w, 12));
  });
  it("drops to 0 right after constEpochs when decayEpochs is 0, and is 0 without a prior", () => {
    const jump = { diagonalPrior: { weight: 2, nu: 10, constEpochs: 2, decayEpochs: 0 } };
    expect([1, 2, 3, 50].map((e) => priorWeightAt(e, jump))).toEqual([2, 2, 0, 0]);
    expect(priorWeightAt(1, {})).toBe(0);
  });
});

describe("diagonalPrior (P: 1 on each row's diagonal block, exp(−d²/2ν) at d frames from it)", () => {
  const at = (P: Float64Array, cols: number, i: number, n: number) => P[i * cols + n];
  it("M = 2, N = 4: rows own frames {0,1} and {2,3}", () => {
    const P = diagonalPrior(2, 4, 0.5); // 2ν = 1: P = e^(−d²)
    expect(Array.from(P.subarray(0, 4))).toEqual([1, 1, Math.exp(-1), Math.exp(-4)]);
    expect(Array.from(P.subarray(4, 8))).toEqual([Math.exp(-4), Math.exp(-1), 1, 1]);
  });
  it("M = 3, N = 4: blocks {0,1}, {2}, {3} (frame n ↦ row ⌊3n/4⌋)", () => {
    const P = diagonalPrior(3, 4, 2); // 2ν = 4
    expect([0, 1, 2, 3].map((n) => at(P, 4, 1, n))).toEqual([Math.exp(-4 / 4), Math.exp(-1 / 4), 1, Math.exp(-1 / 4)]);
    expect([0, 1, 2, 3].map((n) => at(P, 4, 2, n))).toEqual([Math.exp(-9 / 4), Math.exp(-4 / 4), Math.exp(-1 / 4), 1]);
  });
  it("M = 4, N = 2: rows 1 and 3 own no frame and are at distance ≥ 1 from all", () => {
    const P = diagonalPrior(4, 2, 0.5);
    expect([at(P, 2, 0, 0), at(P, 2, 2, 1)]).toEqual([1, 1]);
    expect([at(P, 2, 1, 0), at(P, 2, 1, 1)]).toEqual([Math.exp(-1), Math.exp(-1)]);
    expect([at(P, 2, 3, 0), at(P, 2, 3, 1)]).toEqual([Math.exp(-4), Math.exp(-1)]);
  });
  it("agrees with a brute-force definition for every M ≤ N ≤ 12 (block = frames with ⌊n·M/N⌋ = i)", () => {
    for (let N = 1; N <= 12; N++) {
      for (let M = 1; M <= N; M++) {
        const P = diagonalPrior(M, N, 3);
        for (let i = 0; i < M; i++) {
          const block = [...Array(N).keys()].filter((n) => Math.floor((n * M) / N) === i);
          expect(block.length, `${M}×${N} row ${i}`).toBeGreaterThan(0);
          for (let n = 0; n < N; n++) {
            const d = Math.min(...block.map((m) => Math.abs(n - m)));
            expect(at(P, N, i, n)).toBeCloseTo(Math.exp(-(d * d) / 6), 14);
          }
        }
      }
    }
  });
});

describe("classBalanceWeights (w_q = s_q^−β / Σ s^(1−β), quality = major/minor)", () => {
  // 6 major rows, 2 minor rows: s = 0.75 / 0.25
  const seqs = [Int16Array.from([0, 0, 7, 5]), Int16Array.from([12, 2, 21, 9])];
  it("β = 1 balances: 1/(2·0.75) and 1/(2·0.25)", () => {
    const w = classBalanceWeights(seqs, 1);
    expect(w.slice(0, 12).every((v) => Math.abs(v - 2 / 3) < 1e-12)).toBe(true);
    expect(w.slice(12).every((v) => Math.abs(v - 2) < 1e-12)).toBe(true);
  });
  it("β = 0.5 lies between, and the mean weight of the training rows stays 1", () => {
    const w = classBalanceWeights(seqs, 0.5);
    const denominator = Math.sqrt(0.75) + Math.sqrt(0.25);
    expect(w[0]).toBeCloseTo(1 / Math.sqrt(0.75) / denominator, 12);
    expect(w[12]).toBeCloseTo(1 / Math.sqrt(0.25) / denominator, 12);
    expect(0.75 * w[0] + 0.25 * w[12]).toBeCloseTo(1, 12);
  });
  it("β = 0, or a quality missing from the targets, leaves weights of 1", () => {
    expect(classBalanceWeights(seqs, 0)).toEqual(new Array(24).fill(1));
    expect(classBalanceWeights([Int16Array.from([0, 3])], 1)).toEqual(new Array(24).fill(1));
  });
});

describe("sequence unfolding (targets.softLength: frames)", () => {
  it("pads the reduced sequence uniformly to the segment's own length", () => {
    const labels = Int16Array.from([0, 0, 0, -1, 5, 5, 5, 5, 12, 12]); // reduced: 0 5 12; j ↦ ⌊3j/10⌋
    const { sequence } = softTargets(labels, { softLength: "frames", padding: "uniform", overflow: "error" }, { song: "s", segment: 0 });
    expect(Array.from(sequence)).toEqual([0, 0, 0, 0, 5, 5, 5, 12, 12, 12]);
  });
  it("is a value of the schema; other words are not", () => {
    expect(ConfigSchema.parse({ targets: { softLength: "frames" } }).targets.softLength).toBe("frames");
    expect(() => ConfigSchema.parse({ targets: { softLength: "frame" } })).toThrow();
  });
});

describe("tfSoftDtwLoss with a diagonal prior and class weights", () => {
  const rng = createRng(11, 4);
  const B = 2;
  const T = 6;
  const K = 5;
  const x = Float32Array.from({ length: B * T * K }, () => rng.next());
  const classes = [[0, 3, 1], [2, 4, 4, 0]];
  const targets = classes.map((seq) => seq.map((c) => Array.from({ length: K }, (_, k) => (k === c ? 1 : 0))));
  const classWeights = [0.5, 1, 2, 3, 1.5];
  const opts: TfSoftDtwLossOptions = { gamma: 0.4, diagonalPrior: { weight: 1.7, nu: 2 }, classWeights };

  const valueAndGrad = (data: Float32Array, o: TfSoftDtwLossOptions) => tfValueAndGrad((x) => tfSoftDtwLoss(x, targets, o), data, [B, T, K]);

  /** Plain float64: C'(i,j) = r_i·‖y_i − x_j‖² + w·(1 − P_brute(i,j)), then ∂/∂x_j = Σ_i G'(i,j)·r_i·2(x_j − y_i). */
  const plain = () =>
    shapedSoftDtwReference({
      x,
      dims: { B, T, K },
      targets,
      gamma: 0.4,
      rowWeight: (b, i) => classWeights[classes[b][i]],
      added: (b, i, j) => {
        const M = classes[b].length;
        const block = [...Array(T).keys()].filter((n) => Math.floor((n * M) / T) === i);
        const d = Math.min(...block.map((n) => Math.abs(n - j)));
        return 1.7 * (1 - Math.exp(-(d * d) / (2 * 2)));
      },
    });

  it("has the value and gradient of plain soft-DTW on the hand-shaped cost", () => {
    const got = valueAndGrad(x, opts);
    const want = plain();
    expect(got.value).toBeCloseTo(want.value, 5);
    expect(relativeError(got.grad, want.grad)).toBeLessThan(1e-6);
    // and the shaping matters: without it the value is different
    expect(Math.abs(valueAndGrad(x, { gamma: 0.4 }).value - want.value)).toBeGreaterThan(0.1);
  });

  it("its gradient matches float32 finite differences", () => {
    const { grad } = valueAndGrad(x, opts);
    const fd = finiteDifferences((y) => valueAndGrad(y, opts).value, x, 4e-3);
    expect(relativeError(grad, fd)).toBeLessThan(5e-3);
  });

  it("weight 0 and all-ones class weights change nothing, bit for bit", () => {
    const plainRun = valueAndGrad(x, { gamma: 0.4 });
    const neutral = valueAndGrad(x, { gamma: 0.4, diagonalPrior: { weight: 0, nu: 5 }, classWeights: [1, 1, 1, 1, 1] });
    expect(neutral.value).toBe(plainRun.value);
    expect(Array.from(neutral.grad)).toEqual(Array.from(plainRun.grad));
  });

  it("rejects a malformed prior or class weights with a message naming the option", () => {
    const p = tf.tensor3d(x, [B, T, K]);
    expect(() => tfSoftDtwLoss(p, targets, { gamma: 1, diagonalPrior: { weight: -1, nu: 1 } })).toThrow(/diagonalPrior must be/);
    expect(() => tfSoftDtwLoss(p, targets, { gamma: 1, classWeights: [1, 2] })).toThrow(/classWeights must be K=5/);
    p.dispose();
  });
});

describe("train with the stabilisers (end to end, planted data)", () => {
  const segments = plantedSegments({ segments: 10, frames: 40, seed: 5, noise: 0.15, meanDuration: 8 });
  const data = { train: segments.slice(0, 8), val: segments.slice(8) };
  const base = { targets: { kind: "soft", softLength: 20 }, training: { epochs: 3 }, report: { alignmentEpochs: [] } };
  const cfg = (loss: Record<string, unknown>) => ConfigSchema.parse({ ...base, loss: { kind: "softDtw", gamma: 0.3, ...loss } });
  const fingerprint = (r: Awaited<ReturnType<typeof train>>) => JSON.stringify({ best: r.best, history: r.history.map(({ seconds: _s, ...h }) => h) });

  it("the prior raises the training loss while its weight is on, and leaves validation alone", async () => {
    const plainRun = await train(data, cfg({}), { seed: 1 });
    const prior = await train(data, cfg({ diagonalPrior: { weight: 5, nu: 4, constEpochs: 1, decayEpochs: 0 } }), { seed: 1 });
    // epoch 1: same parameters, cost + 5·(1 − P) ≥ cost, and > cost off the diagonal blocks
    expect(prior.history[0].trainLoss).toBeGreaterThan(plainRun.history[0].trainLoss + 0.5);
    // epoch 1's validation (after the first epoch's steps) uses weight 0, at different parameters: same scale
    expect(Math.abs(prior.history[0].valLoss - plainRun.history[0].valLoss)).toBeLessThan(0.25 * Math.abs(plainRun.history[0].valLoss));
    [plainRun, prior].forEach((r) => r.model.dispose());
  });

  it("unfolding aligns each segment to a target as long as the segment, in the order of its chords", () => {
    const c = ConfigSchema.parse({ ...base, targets: { kind: "soft", softLength: "frames" }, loss: { kind: "softDtw" } });
    const set = prepareSet(data.train, c);
    const sequences = set.targets?.kind === "softDtw" ? set.targets.sequences : [];
    expect(sequences.map((q) => q.length)).toEqual(new Array(8).fill(40));
    // run-length decoding the unfolded target gives back the segment's chord sequence
    const runs = (q: Int16Array) => Array.from(q).filter((v, i, a) => i === 0 || v !== a[i - 1]);
    sequences.forEach((q, k) => expect(runs(q)).toEqual(runs(data.train[k].trainLabels.filter((v) => v >= 0))));
  });

  it("a prior of weight 0 or class balance 0 trains bit-identically to none; class balance 1 does not", async () => {
    const plainRun = await train(data, cfg({}), { seed: 1 });
    const zero = await train(data, cfg({ diagonalPrior: { weight: 0, nu: 4, constEpochs: 3, decayEpochs: 0 }, classBalance: 0 }), { seed: 1 });
    const balanced = await train(data, cfg({ classBalance: 1 }), { seed: 1 });
    expect(fingerprint(zero)).toBe(fingerprint(plainRun));
    expect(balanced.history[0].trainLoss).not.toBe(plainRun.history[0].trainLoss);
    [plainRun, zero, balanced].forEach((r) => r.model.dispose());
  });
});

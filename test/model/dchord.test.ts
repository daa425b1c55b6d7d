import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { useWasmBackend } from "../helpers/tf.js";
import {
  createDChord,
  expandTemplates,
  MAJOR_TRIAD,
  MINOR_TRIAD,
  predictClasses,
  jsScorer,
  tfjsScorer,
  type DChord,
  type DChordWeights,
} from "../../src/model/index.js";
import { createRng } from "../../src/util/random.js";
import { randomChroma, referenceLogits, softmax } from "./reference.js";

const cfg = { sharedTemplates: true, temperature: 1, initNoise: 0.01 };

beforeAll(useWasmBackend);

function modelLogits(model: DChord, x: Float32Array, frames: number): number[][] {
  const t = tf.tidy(() => model.logits(tf.tensor3d(x, [1, frames, 12])).squeeze([0]));
  const out = t.arraySync() as number[][];
  t.dispose();
  return out;
}

describe("createDChord", () => {
  it.each([
    { sharedTemplates: true, withBlank: false, count: 25 },
    { sharedTemplates: true, withBlank: true, count: 26 },
    { sharedTemplates: false, withBlank: false, count: 289 },
    { sharedTemplates: false, withBlank: true, count: 290 },
  ])("has $count parameters (shared $sharedTemplates, blank $withBlank)", ({ sharedTemplates, withBlank, count }) => {
    const model = createDChord({ ...cfg, sharedTemplates }, { seed: 1, withBlank });
    expect(model.parameterCount).toBe(count);
    expect(model.outputs).toBe(withBlank ? 25 : 24);
    model.dispose();
  });

  it("starts at binary triads plus seeded noise of std initNoise, shifted to all roots", () => {
    const a = createDChord({ ...cfg, initNoise: 0.05 }, { seed: 3 }).snapshot();
    const b = createDChord({ ...cfg, initNoise: 0.05 }, { seed: 3 }).snapshot();
    const c = createDChord({ ...cfg, initNoise: 0.05 }, { seed: 4 }).snapshot();
    const exact = createDChord({ ...cfg, initNoise: 0 }, { seed: 3 }).snapshot();
    expect(a).toEqual(b);
    expect(a.major).not.toEqual(c.major);
    expect(exact.major).toEqual(MAJOR_TRIAD);
    expect(exact.minor).toEqual(MINOR_TRIAD);
    expect(exact.templates).toEqual(expandTemplates(MAJOR_TRIAD, MINOR_TRIAD));
    const noise = [...a.major.map((v, k) => v - MAJOR_TRIAD[k]), ...a.minor.map((v, k) => v - MINOR_TRIAD[k])];
    const std = Math.sqrt(noise.reduce((s, v) => s + v * v, 0) / noise.length);
    expect(std).toBeGreaterThan(0.02);
    expect(std).toBeLessThan(0.1);
    expect(a.gain).toBe(1);
    expect(a.logGain).toBe(0);
    expect(a.initTemplates).toEqual(a.templates);
    // G major (root 7) is C major shifted by 7: weights at G, B, D
    expect(exact.templates[7].flatMap((v, k) => (v === 1 ? [k] : []))).toEqual([2, 7, 11]);
    // A minor (class 21): A, C, E
    expect(exact.templates[21].flatMap((v, k) => (v === 1 ? [k] : []))).toEqual([0, 4, 9]);
    expect(a.templates[7]).toEqual(a.major.map((_, k) => a.major[(k - 7 + 12) % 12]));
  });

  it.each([
    { name: "shared templates", sharedTemplates: true, withBlank: false, temperature: 1 },
    { name: "shared templates with blank and temperature 2", sharedTemplates: true, withBlank: true, temperature: 2 },
    { name: "independent templates", sharedTemplates: false, withBlank: false, temperature: 0.5 },
  ])("computes the same logits as a float64 reference ($name)", ({ sharedTemplates, withBlank, temperature }) => {
    const model = createDChord({ sharedTemplates, temperature, initNoise: 0.3 }, { seed: 5, withBlank });
    const w = { ...model.snapshot(), logGain: 0.7 };
    if (withBlank) w.blank = 0.4;
    model.restore(w);
    const x = randomChroma(8, 9);
    const got = modelLogits(model, x, 8);
    const want = referenceLogits(Float64Array.from(x), 8, w, temperature);
    expect(got.length).toBe(8);
    for (let n = 0; n < 8; n++) {
      expect(got[n].length).toBe(withBlank ? 25 : 24);
      for (let c = 0; c < got[n].length; c++) expect(got[n][c]).toBeCloseTo(want[n][c], 5);
    }
    // the silent and the sub-floor frame score as the uniform vector
    expect(got[0][0]).toBeCloseTo(w.templates[0].reduce((s, v) => s + v, 0) / Math.sqrt(12) / temperature, 5);
    model.dispose();
  });

  it("snapshot → restore round-trips and changes the output", () => {
    const model = createDChord(cfg, { seed: 1, withBlank: true });
    const before = model.snapshot();
    const changed: DChordWeights = { ...before, logGain: -0.5, major: before.major.map((v) => v * 2), blank: 1.5 };
    model.restore(changed);
    const after = model.snapshot();
    expect(after.logGain).toBe(-0.5);
    expect(after.gain).toBeCloseTo(Math.exp(-0.5), 12);
    expect(after.major).toEqual(changed.major.map(Math.fround));
    expect(after.blank).toBe(1.5);
    expect(after.templates[0]).toEqual(after.major);
    expect(after.initTemplates).toEqual(before.initTemplates);
    model.dispose();
  });

  it("reports the mean back-rotated template as major/minor with independent templates", () => {
    const model = createDChord({ ...cfg, sharedTemplates: false, initNoise: 0 }, { seed: 1 });
    const w = model.snapshot();
    w.templates[2] = w.templates[2].map((v) => v + 12); // D major + 12 everywhere → mean + 1
    model.restore(w);
    const s = model.snapshot();
    s.major.forEach((v, k) => expect(v).toBeCloseTo(MAJOR_TRIAD[k] + 1, 12));
    s.minor.forEach((v, k) => expect(v).toBeCloseTo(MINOR_TRIAD[k], 12));
    model.dispose();
  });

  it("gradients w.r.t. log gain, templates and blank match finite differences", () => {
    const frames = 6;
    const x = randomChroma(frames, 2);
    const r = new Float32Array(frames * 25).map(() => createRng(11, 0).next());
    const rng = createRng(11, 1);
    r.forEach((_, i) => (r[i] = rng.normal()));
    for (const sharedTemplates of [true, false]) {
      const model = createDChord({ sharedTemplates, temperature: 1.5, initNoise: 0.2 }, { seed: 8, withBlank: true });
      const w = { ...model.snapshot(), logGain: 0.3, blank: 0.2 };
      model.restore(w);
      // loss = Σ r ⊙ softmax(logits): a generic scalar of all outputs
      const referenceLoss = (v: typeof w): number =>
        referenceLogits(Float64Array.from(x), frames, v, 1.5)
          .map(softmax)
          .flat()
          .reduce((s, p, i) => s + r[i] * p, 0);
      const { grads } = tf.variableGrads(() =>
        tf.tidy(() => tf.sum(tf.mul(model.probabilities(tf.tensor3d(x, [1, frames, 12])), tf.tensor3d(r, [1, frames, 25])))) as tf.Scalar,
      );
      const grad = (v?: tf.Variable): number[] => Array.from(grads[v!.name].dataSync());
      const { logGain, major, minor, templates, blank } = model.parameters;
      const h = 1e-6;
      const fd = (perturb: (v: typeof w, d: number) => typeof w): number =>
        (referenceLoss(perturb(w, h)) - referenceLoss(perturb(w, -h))) / (2 * h);
      expect(grad(logGain)[0]).toBeCloseTo(fd((v, d) => ({ ...v, logGain: v.logGain + d })), 4);
      expect(grad(blank)[0]).toBeCloseTo(fd((v, d) => ({ ...v, blank: v.blank + d })), 4);
      const templateGrad = sharedTemplates ? [...grad(major), ...grad(minor)] : grad(templates);
      tf.dispose(Object.values(grads));
      const fdTemplates = templateGrad.map((_, p) =>
        fd((v, d) => {
          if (!sharedTemplates) {
            const t = v.templates.map((row) => row.slice());
            t[Math.floor(p / 12)][p % 12] += d;
            return { ...v, templates: t };
          }
          const major = v.major.slice();
          const minor = v.minor.slice();
          if (p < 12) major[p] += d;
          else minor[p - 12] += d;
          return { ...v, templates: expandTemplates(major, minor) };
        }),
      );
      const scale = Math.max(...fdTemplates.map(Math.abs));
      expect(scale).toBeGreaterThan(1e-3);
      for (let p = 0; p < templateGrad.length; p++) expect(Math.abs(templateGrad[p] - fdTemplates[p])).toBeLessThan(1e-4 * Math.max(1, scale));
      model.dispose();
    }
  });

  it("does not leak tensors in forward passes; dispose frees its variables", () => {
    const before = tf.memory().numTensors;
    const model = createDChord(cfg, { seed: 1, withBlank: true });
    const withModel = tf.memory().numTensors;
    const x = randomChroma(4, 1);
    modelLogits(model, x, 4);
    tf.tidy(() => void model.probabilities(tf.tensor3d(x, [1, 4, 12])));
    model.templates().dispose();
    model.snapshot();
    model.restore(model.snapshot());
    predictClasses(tfjsScorer(model), [{ chroma: x }]);
    expect(tf.memory().numTensors).toBe(withModel);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("predictClasses", () => {
  it.each(["tfjs", "js"] as const)("returns the argmax chord of every frame, ignoring the CTC blank, for segments of any length (%s scorer)", (engine) => {
    const model = createDChord({ ...cfg, initNoise: 0 }, { seed: 1, withBlank: true });
    model.restore({ ...model.snapshot(), blank: 100 }); // the blank dominates every frame
    const scorer = engine === "tfjs" ? tfjsScorer(model) : jsScorer({ ...cfg, initNoise: 0 }, model.snapshot());
    const triad = (notes: number[], frames: number): Float32Array => {
      const x = new Float32Array(frames * 12);
      for (let n = 0; n < frames; n++) for (const k of notes) x[n * 12 + k] = 1;
      return x;
    };
    const [g, am, d] = predictClasses(scorer, [
      { chroma: triad([7, 11, 2], 3) }, // G major
      { chroma: triad([9, 0, 4], 5) }, // A minor
      { chroma: triad([2, 6, 9], 3) }, // D major
    ]);
    expect(Array.from(g)).toEqual([7, 7, 7]);
    expect(Array.from(am)).toEqual([21, 21, 21, 21, 21]);
    expect(Array.from(d)).toEqual([2, 2, 2]);
    expect(scorer.engine).toBe(engine);
    model.dispose();
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { useWasmBackend } from "../helpers/tf.js";
import { createDChord, expandTemplates, weightsFromVector } from "../../src/model/dchord.js";
import { createForwardCache, hostBackward, hostForward, hostLayout } from "../../src/model/hostForward.js";
import { createRng } from "../../src/util/random.js";
import { finiteDifferences, relativeError } from "../losses/reference.js";
import { randomChroma, referenceLogits } from "./reference.js";

beforeAll(useWasmBackend);

const frames = 7;
const x = randomChroma(frames, 4); // frame 0 silent, frame 1 below the norm floor
const shapes = [
  { sharedTemplates: true, withBlank: false },
  { sharedTemplates: true, withBlank: true },
  { sharedTemplates: false, withBlank: false },
  { sharedTemplates: false, withBlank: true },
];

/** A parameter vector of the layout with random entries (logGain 0.4). */
function randomParams(shape: (typeof shapes)[number], seed: number): Float64Array {
  const rng = createRng(seed, 3);
  const p = Float64Array.from({ length: hostLayout(shape.sharedTemplates, shape.withBlank).size }, () => rng.normal());
  p[0] = 0.4;
  return p;
}

/** The reference's weights for a parameter vector: templates expanded independently of hostTemplates. */
function referenceWeights(p: Float64Array, shape: (typeof shapes)[number]): { logGain: number; templates: number[][]; blank?: number } {
  const at = (i: number) => Array.from(p.subarray(i, i + 12));
  const templates = shape.sharedTemplates ? expandTemplates(at(1), at(13)) : Array.from({ length: 24 }, (_, c) => at(1 + 12 * c));
  return { logGain: p[0], templates, ...(shape.withBlank ? { blank: p[p.length - 1] } : {}) };
}

function logitsOf(p: Float64Array, shape: (typeof shapes)[number], temperature: number): Float64Array {
  const layout = hostLayout(shape.sharedTemplates, shape.withBlank);
  return hostForward(p, layout, temperature, x, frames, new Float64Array(frames * layout.outputs), createForwardCache());
}

describe("hostForward: dChord in float64 without tfjs", () => {
  it.each(shapes)("gives the formulas' logits (shared $sharedTemplates, blank $withBlank)", (shape) => {
    const p = randomParams(shape, 1);
    const got = logitsOf(p, shape, 0.7);
    const want = referenceLogits(Float64Array.from(x), frames, referenceWeights(p, shape), 0.7).flat();
    expect(got.length).toBe(want.length);
    expect(relativeError(got, want)).toBeLessThan(1e-13);
  });

  it.each(shapes)("its gradient matches float64 finite differences (shared $sharedTemplates, blank $withBlank)", (shape) => {
    const layout = hostLayout(shape.sharedTemplates, shape.withBlank);
    const rng = createRng(9, 1);
    const r = Float64Array.from({ length: frames * layout.outputs }, () => rng.normal());
    const loss = (p: Float64Array): number => logitsOf(p, shape, 1.3).reduce((s, v, i) => s + r[i] * v, 0);
    const p = randomParams(shape, 2);
    const cache = createForwardCache();
    hostForward(p, layout, 1.3, x, frames, new Float64Array(frames * layout.outputs), cache);
    const grads = hostBackward(layout, 1.3, r, cache, new Float64Array(layout.size), new Float64Array(24 * 12 + 12));
    const fd = finiteDifferences(loss, p, 1e-6);
    expect(Math.abs(fd[0])).toBeGreaterThan(1e-3); // the log gain matters here
    expect(relativeError(grads, fd)).toBeLessThan(1e-7);
  });

  it.each(shapes)("agrees with the tfjs op (float32) in logits and gradient (shared $sharedTemplates, blank $withBlank)", (shape) => {
    const layout = hostLayout(shape.sharedTemplates, shape.withBlank);
    const model = createDChord({ sharedTemplates: shape.sharedTemplates, temperature: 0.9, initNoise: 0.3 }, { seed: 5, withBlank: shape.withBlank });
    // the tfjs variables, read as one vector in variables order, are the host's parameters
    const p = Float64Array.from(model.variables.flatMap((v) => Array.from(v.dataSync())));
    expect(p.length).toBe(layout.size);
    expect(weightsFromVector(p, shape, model.initTemplates)).toEqual(model.snapshot());
    const rng = createRng(10, 1);
    const r = Float32Array.from({ length: frames * layout.outputs }, () => rng.normal());
    const { value, grads } = tf.variableGrads(() =>
      tf.tidy(() => tf.sum(tf.mul(model.logits(tf.tensor3d(x, [1, frames, 12])), tf.tensor3d(r, [1, frames, layout.outputs])))) as tf.Scalar,
    );
    const tfGrads = model.variables.flatMap((v) => Array.from(grads[v.name].dataSync()));
    const cache = createForwardCache();
    const logits = hostForward(p, layout, 0.9, x, frames, new Float64Array(frames * layout.outputs), cache);
    const hostValue = logits.reduce((s, v, i) => s + r[i] * v, 0);
    const hostGrads = hostBackward(layout, 0.9, Float64Array.from(r), cache, new Float64Array(layout.size), new Float64Array(24 * 12 + 12));
    expect(Math.abs(hostValue - value.dataSync()[0])).toBeLessThan(1e-4 * Math.max(1, Math.abs(hostValue)));
    expect(relativeError(hostGrads, tfGrads)).toBeLessThan(1e-4);
    tf.dispose([value, ...Object.values(grads)]);
    model.dispose();
  });
});

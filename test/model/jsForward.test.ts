import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { useWasmBackend } from "../helpers/tf.js";
import { createDChord, expandTemplates, initialVector, vectorFromWeights, weightsFromVector } from "../../src/model/dchord.js";
import { createBackwardScratch, createForwardCache, jsBackward, jsForward, jsLayout } from "../../src/model/jsForward.js";
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
  const p = Float64Array.from({ length: jsLayout(shape).size }, () => rng.normal());
  p[0] = 0.4;
  return p;
}

/** The reference's weights for a parameter vector: templates expanded independently of jsTemplates. */
function referenceWeights(p: Float64Array, shape: (typeof shapes)[number]): { logGain: number; templates: number[][]; blank?: number } {
  const at = (i: number) => Array.from(p.subarray(i, i + 12));
  const templates = shape.sharedTemplates ? expandTemplates(at(1), at(13)) : Array.from({ length: 24 }, (_, c) => at(1 + 12 * c));
  return { logGain: p[0], templates, ...(shape.withBlank ? { blank: p[p.length - 1] } : {}) };
}

function logitsOf(p: Float64Array, shape: (typeof shapes)[number], temperature: number): Float64Array {
  const layout = jsLayout(shape);
  return jsForward({ params: p, layout, temperature, chroma: x, frames, out: new Float64Array(frames * layout.outputs), cache: createForwardCache() });
}

describe("jsForward: dChord in float64 without tfjs", () => {
  it.each(shapes)("gives the formulas' logits (shared $sharedTemplates, blank $withBlank)", (shape) => {
    const p = randomParams(shape, 1);
    const got = logitsOf(p, shape, 0.7);
    const want = referenceLogits(Float64Array.from(x), frames, referenceWeights(p, shape), 0.7).flat();
    expect(got.length).toBe(want.length);
    expect(relativeError(got, want)).toBeLessThan(1e-13);
  });

  it.each(shapes)("its gradient matches float64 finite differences (shared $sharedTemplates, blank $withBlank)", (shape) => {
    const layout = jsLayout(shape);
    const rng = createRng(9, 1);
    const r = Float64Array.from({ length: frames * layout.outputs }, () => rng.normal());
    const loss = (p: Float64Array): number => logitsOf(p, shape, 1.3).reduce((s, v, i) => s + r[i] * v, 0);
    const p = randomParams(shape, 2);
    const cache = createForwardCache();
    jsForward({ params: p, layout, temperature: 1.3, chroma: x, frames, out: new Float64Array(frames * layout.outputs), cache });
    const grads = jsBackward({ layout, temperature: 1.3, dLogits: r, cache, grads: new Float64Array(layout.size), scratch: createBackwardScratch() });
    const fd = finiteDifferences(loss, p, 1e-6);
    expect(Math.abs(fd[0])).toBeGreaterThan(1e-3); // the log gain matters here
    expect(relativeError(grads, fd)).toBeLessThan(1e-7);
  });

  it.each(shapes)("agrees with the tfjs op (float32) in logits and gradient (shared $sharedTemplates, blank $withBlank)", (shape) => {
    const layout = jsLayout(shape);
    const model = createDChord({ sharedTemplates: shape.sharedTemplates, temperature: 0.9, initNoise: 0.3 }, { seed: 5, withBlank: shape.withBlank });
    // the tfjs variables, read as one vector in variables order, are the js engine's parameters
    const p = Float64Array.from(model.variables.flatMap((v) => Array.from(v.dataSync())));
    expect(p.length).toBe(layout.size);
    expect(weightsFromVector(p, shape, model.initTemplates)).toEqual(model.snapshot());
    // the js engine starts from the same numbers without tfjs, and reads weights back to them
    const config = { sharedTemplates: shape.sharedTemplates, temperature: 0.9, initNoise: 0.3 };
    expect(initialVector(config, { seed: 5, withBlank: shape.withBlank }).values).toEqual(p);
    expect(vectorFromWeights(model.snapshot(), shape.sharedTemplates)).toEqual(p);
    const rng = createRng(10, 1);
    const r = Float32Array.from({ length: frames * layout.outputs }, () => rng.normal());
    const { value, grads } = tf.variableGrads(() =>
      tf.tidy(() => tf.sum(tf.mul(model.logits(tf.tensor3d(x, [1, frames, 12])), tf.tensor3d(r, [1, frames, layout.outputs])))) as tf.Scalar,
    );
    const tfGrads = model.variables.flatMap((v) => Array.from(grads[v.name].dataSync()));
    const cache = createForwardCache();
    const logits = jsForward({ params: p, layout, temperature: 0.9, chroma: x, frames, out: new Float64Array(frames * layout.outputs), cache });
    const jsValue = logits.reduce((s, v, i) => s + r[i] * v, 0);
    const jsGrads = jsBackward({ layout, temperature: 0.9, dLogits: Float64Array.from(r), cache, grads: new Float64Array(layout.size), scratch: createBackwardScratch() });
    expect(Math.abs(jsValue - value.dataSync()[0])).toBeLessThan(1e-4 * Math.max(1, Math.abs(jsValue)));
    expect(relativeError(jsGrads, tfGrads)).toBeLessThan(1e-4);
    tf.dispose([value, ...Object.values(grads)]);
    model.dispose();
  });
});

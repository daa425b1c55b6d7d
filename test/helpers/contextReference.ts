/**
 * The context network from its definition, for the tests of the context engine on either input
 * (test/model/context.test.ts on chroma, contextLogfreq.test.ts on the log-frequency input): the
 * float64 forward pass, the flat parameter vector, and the central-difference check of an engine's
 * gradient that leaves out probes moving a ReLU across its kink.
 */
import type { ContextWeights } from "../../src/model/context.js";
import type { TrainingEngine } from "../../src/training/engine.js";
import type { ModelWeights } from "../../src/training/types.js";
import type { EpochSchedule } from "../../src/training/schedule.js";

/**
 * Logits [T][outputs] of input [T][width] (zeros beyond the edges), straight from the definition,
 * in float64; `signs` collects whether each hidden pre-activation is positive (its side of the kink).
 */
export function referenceLogits(weights: ContextWeights, input: Float32Array, width: number, radius: number, signs: boolean[] = []): number[][] {
  const frames = input.length / width;
  const out: number[][] = [];
  for (let t = 0; t < frames; t++) {
    let h: number[] = [];
    for (let d = -radius; d <= radius; d++) {
      for (let k = 0; k < width; k++) h.push(t + d >= 0 && t + d < frames ? input[(t + d) * width + k] : 0);
    }
    weights.layers.forEach((layer, l) => {
      const next = layer.bias.map((b, j) => b + h.reduce((s, x, i) => s + x * layer.weights[i][j], 0));
      if (l < weights.layers.length - 1) next.forEach((v) => signs.push(v > 0));
      h = l < weights.layers.length - 1 ? next.map((v) => Math.max(0, v)) : next;
    });
    out.push(h);
  }
  return out;
}

/** The weights as one vector: each layer's weights row by row, then its bias. */
export function vectorOf(w: ContextWeights): Float64Array {
  return Float64Array.from(w.layers.flatMap((l) => [...l.weights.flat(), ...l.bias]));
}

/** The inverse of vectorOf, shaped like `like`. */
export function weightsOf(v: Float64Array, like: ContextWeights): ContextWeights {
  let at = 0;
  const take = (n: number) => Array.from(v.subarray(at, (at += n)));
  const layers = like.layers.map((l) => {
    const weights = l.weights.map((row) => take(row.length));
    return { weights, bias: take(l.bias.length) };
  });
  return { ...like, layers };
}

/**
 * The engine's gradient at its current weights against central differences of its own loss over
 * the batch `indices`. Central differences in float32: h large enough for float32 loss values,
 * small next to the weights. A probe whose ±h moves some ReLU across its kink has no valid
 * difference quotient (the loss is not differentiable in between): those parameters are left out,
 * found by the float64 reference pass over `inputs` (the network's input of each batch segment).
 * Returns the compared parameters, the engine's gradient at them and the difference quotients; the
 * engine is left at its starting weights.
 */
export function kinkAwareGradientCheck(
  engine: TrainingEngine<ModelWeights>,
  indices: readonly number[],
  at: EpochSchedule,
  inputs: readonly Float32Array[],
  width: number,
  radius: number,
  h = 1e-2,
): { parameters: number; gradientLength: number; compared: number[]; analytic: number[]; fd: number[] } {
  const start = engine.snapshot() as ContextWeights;
  const x = vectorOf(start);
  const { grads } = engine.gradients(indices, at);
  const kinkSides = (w: ContextWeights): string => {
    const signs: boolean[] = [];
    for (const input of inputs) referenceLogits(w, input, width, radius, signs);
    return signs.map(Number).join("");
  };
  const compared: number[] = [];
  const fd: number[] = [];
  const probe = x.slice();
  for (let k = 0; k < x.length; k++) {
    probe[k] = x[k] + h;
    const upWeights = weightsOf(probe, start);
    engine.restore(upWeights);
    const up = engine.gradients(indices, at).value;
    probe[k] = x[k] - h;
    const downWeights = weightsOf(probe, start);
    engine.restore(downWeights);
    const down = engine.gradients(indices, at).value;
    probe[k] = x[k];
    if (kinkSides(upWeights) !== kinkSides(downWeights)) continue;
    compared.push(k);
    fd.push((up - down) / (2 * h));
  }
  engine.restore(start);
  return { parameters: x.length, gradientLength: grads.length, compared, analytic: compared.map((k) => grads[k]), fd };
}

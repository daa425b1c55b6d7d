/**
 * The js training engine (training.engine "js", issue #11): its losses' gradients against
 * float64 finite differences, and the whole step (model, loss, gradient) against the tfjs engine
 * at the same parameters — two independent implementations of the same function.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useWasmBackend } from "../helpers/tf.js";
import { ConfigSchema, type Config } from "../../src/config/schema.js";
import { train } from "../../src/training/train.js";
import { prepareSet, selectBatch } from "../../src/training/batches.js";
import { createEngine } from "../../src/training/engines/index.js";
import { createJsLossScratch, jsLoss } from "../../src/training/engines/jsLoss.js";
import { epochSchedule } from "../../src/training/schedule.js";
import { classBalanceWeights } from "../../src/training/classBalance.js";
import { createLossWorkspace } from "../../src/losses/index.js";
import { createPriorCache } from "../../src/losses/diagonalPrior.js";
import { createRng } from "../../src/util/random.js";
import { finiteDifferences, relativeError } from "../losses/reference.js";
import { plantedSegments } from "./fixtures.js";

beforeAll(useWasmBackend);

const segments = plantedSegments({ segments: 10, frames: 40, seed: 6, noise: 0.15, meanDuration: 8 });
const config = (over: Record<string, unknown>, engine: "js" | "tfjs") =>
  ConfigSchema.parse({ ...over, training: { epochs: 4, engine }, report: { alignmentEpochs: [] } });

const cases: Array<{ name: string; over: Record<string, unknown> }> = [
  { name: "bce", over: { loss: { kind: "bce" } } },
  { name: "soft-DTW uniform 12", over: { loss: { kind: "softDtw" }, targets: { kind: "soft", softLength: 12 } } },
  {
    name: "soft-DTW + prior + class balance + step weights + normalize n",
    over: {
      loss: { kind: "softDtw", gamma: 0.5, stepWeights: [1, 0.5, 2], normalize: "n", classBalance: 1, diagonalPrior: { weight: 2, nu: 30, constEpochs: 2, decayEpochs: 2 } },
      targets: { kind: "soft", softLength: 20, padding: "last" },
    },
  },
  {
    name: "soft-DTW + label-proportion term (padding last)",
    over: { loss: { kind: "softDtw", proportionWeight: 2 }, targets: { kind: "soft", softLength: 16, padding: "last" } },
  },
  { name: "soft-DTW divergence", over: { loss: { kind: "softDtw", divergence: true }, targets: { kind: "soft", softLength: 10 } } },
  { name: "ctc", over: { loss: { kind: "ctc" }, targets: { kind: "soft", padding: "none" } } },
  { name: "bce, 24 independent templates, temperature 0.5", over: { loss: { kind: "bce" }, model: { sharedTemplates: false, temperature: 0.5 } } },
  { name: "ctc, independent templates", over: { loss: { kind: "ctc" }, targets: { kind: "soft", padding: "none" }, model: { sharedTemplates: false } } },
];

function engineFor(cfg: Config) {
  const set = prepareSet(segments, cfg);
  return createEngine(cfg.training.engine, { cfg, seed: 3, train: set, val: set });
}

describe("training.engine js: the engine without tfjs", () => {
  it.each(cases)("$name: loss and gradient agree with the tfjs engine at the same parameters", ({ over }) => {
    const js = engineFor(config(over, "js"));
    const tfjs = engineFor(config(over, "tfjs"));
    for (const [indices, epoch] of [[[0, 1, 2], 1], [[3, 7, 9, 4, 5], 3]] as const) {
      const at = { ...epochSchedule(epoch, config(over, "js").loss), gamma: 0.4 };
      const a = js.gradients(indices, at);
      const b = tfjs.gradients(indices, at);
      expect(Math.abs(a.value - b.value)).toBeLessThan(1e-6 + 1e-5 * Math.abs(b.value));
      expect(relativeError(a.grads, b.grads)).toBeLessThan(1e-3);
      expect(Math.max(...Array.from(b.grads, Math.abs))).toBeGreaterThan(1e-4); // a gradient worth comparing
    }
    js.dispose();
    tfjs.dispose();
  });

  it.each(cases)("$name: ∂loss/∂logits matches float64 finite differences", ({ over }) => {
    const cfg = config(over, "js");
    const set = prepareSet(segments, cfg);
    const outputs = cfg.loss.kind === "ctc" ? 25 : 24;
    const classWeights = set.targets?.kind === "softDtw" && cfg.loss.classBalance > 0 ? classBalanceWeights(set.targets.sequences, 1) : undefined;
    const rowWeights = classWeights && set.targets?.kind === "softDtw" ? set.targets.sequences.map((s) => Float64Array.from(s, (c) => classWeights[c])) : undefined;
    const batch = selectBatch(set, [1, 4]);
    const shaping = { rowWeights: rowWeights && [rowWeights[1], rowWeights[4]], priorOf: createPriorCache() };
    const dims = { items: 2, frames: set.frames, outputs };
    const rng = createRng(4, 2);
    const logits = Float64Array.from({ length: 2 * set.frames * outputs }, () => 2 * rng.normal());
    const ctx = { loss: cfg.loss, gamma: 0.4, workspace: createLossWorkspace(), priorWeight: 1.5 };
    const scratch = createJsLossScratch();
    const grad = new Float64Array(logits.length);
    jsLoss({ logits, dims, targets: batch.targets, ctx, shaping, scratch, dLogits: grad });
    const fd = finiteDifferences((z: Float64Array) => jsLoss({ logits: z, dims, targets: batch.targets, ctx, shaping, scratch, dLogits: null }), logits, 1e-6);
    expect(relativeError(grad, fd)).toBeLessThan(1e-6);
  });

  it("trains like the tfjs engine: same best epoch and validation curve to float32-level differences", async () => {
    const over = { loss: { kind: "softDtw" }, targets: { kind: "soft", softLength: 12 } };
    const [a, b] = await Promise.all(["js", "tfjs"].map((e) => train({ train: segments.slice(0, 7), val: segments.slice(7) }, config(over, e as "js"), { seed: 2 })));
    expect(a.bestEpoch).toBe(b.bestEpoch);
    expect(relativeError(a.history.map((h) => h.valLoss), b.history.map((h) => h.valLoss))).toBeLessThan(1e-3);
    a.model.dispose();
    b.model.dispose();
  });
});

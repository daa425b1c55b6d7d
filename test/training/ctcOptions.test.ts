/**
 * loss.ctcClassBalance, loss.ctcBlankWeight and loss.ctcProportionWeight reach the training loss of
 * both engines: the loss of a batch at the initial parameters equals CTC computed here from the
 * model's own logits (jsForward) with the weights the major/minor label counts give by hand.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useWasmBackend } from "../helpers/tf.js";
import { ConfigSchema } from "../../src/config/schema.js";
import { prepareSet } from "../../src/training/batches.js";
import { createEngine } from "../../src/training/engines/index.js";
import { epochSchedule } from "../../src/training/schedule.js";
import { ctcLoss } from "../../src/losses/ctc.js";
import { initialVector } from "../../src/model/dchord.js";
import { createForwardCache, jsForward, jsLayout } from "../../src/model/jsForward.js";
import { plantedSegments } from "./fixtures.js";

beforeAll(useWasmBackend);

const FRAMES = 60;
const segments = plantedSegments({ segments: 6, frames: FRAMES, seed: 9, noise: 0.2, meanDuration: 8, minorShare: 0.25 });

const config = (loss: Record<string, unknown>, engine: string) =>
  ConfigSchema.parse({ dataset: { segmentLength: FRAMES }, training: { engine }, report: { alignmentEpochs: [] }, targets: { kind: "soft", padding: "none" }, loss: { kind: "ctc", ...loss } });

/** The batch loss by hand: per item CTC(w)/L + λ·(proportion term), averaged over the items. */
function expectedLoss(cfg: ReturnType<typeof config>, indices: number[]): number {
  const set = prepareSet(segments, cfg);
  if (set.targets?.kind !== "ctc") throw new Error("expected CTC targets");
  const labels = set.targets.labels.map((l) => Array.from(l));
  const all = labels.flat();
  const minorShare = all.filter((c) => c >= 12).length / all.length;
  const beta = cfg.loss.ctcClassBalance ?? 0;
  // β = 1: w_q = 1 / (2·s_q); β = 0: 1
  const wMajor = beta === 1 ? 1 / (2 * (1 - minorShare)) : 1;
  const wMinor = beta === 1 ? 1 / (2 * minorShare) : 1;
  const weights = [...Array<number>(12).fill(wMajor), ...Array<number>(12).fill(wMinor), cfg.loss.ctcBlankWeight ?? 1];
  const { values: params } = initialVector(cfg.model, { seed: 0, withBlank: true });
  const layout = jsLayout({ sharedTemplates: true, withBlank: true });
  const out = new Float64Array(FRAMES * 25);
  let total = 0;
  for (const i of indices) {
    jsForward({ params, layout, temperature: 1, chroma: set.segments[i].chroma, frames: FRAMES, out, cache: createForwardCache() });
    const logp = Array.from({ length: FRAMES }, (_, t) => {
      const row = Array.from(out.subarray(t * 25, t * 25 + 25));
      const m = Math.max(...row);
      const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
      return row.map((v) => v - lse);
    });
    const options = { blank: 24, priorScale: cfg.loss.ctcPriorScale, classWeights: weights };
    const ctc = ctcLoss(logp, labels[i], options).value;
    const lambda = cfg.loss.ctcProportionWeight ?? 0;
    const term = lambda > 0 ? ctcLoss(logp, labels[i], { ...options, proportionWeight: lambda }).value - ctc : 0;
    total += ctc / labels[i].length + term;
  }
  return total / indices.length;
}

describe("the CTC options reach the training loss", () => {
  it.each([
    ["js", { ctcClassBalance: 1 }],
    ["tfjs", { ctcClassBalance: 1 }],
    ["js", { ctcPriorScale: 1, ctcClassBalance: 1, ctcBlankWeight: 1.5, ctcProportionWeight: 0.7 }],
    ["tfjs", { ctcPriorScale: 1, ctcClassBalance: 1, ctcBlankWeight: 1.5, ctcProportionWeight: 0.7 }],
  ])("engine %s, loss %j", (engine, loss) => {
    const cfg = config(loss, engine);
    const set = prepareSet(segments, cfg);
    const e = createEngine(engine as "js" | "tfjs", { train: set, val: set, cfg, seed: 0 });
    try {
      const indices = [0, 2, 5];
      const { value } = e.gradients(indices, epochSchedule(1, cfg.loss));
      const expected = expectedLoss(cfg, indices);
      expect(Math.abs(value - expected)).toBeLessThan(engine === "js" ? 1e-9 : 1e-4 * Math.abs(expected));
      // and the options change it: plain CTC differs
      const plain = expectedLoss(config({}, engine), indices);
      expect(Math.abs(plain - expected)).toBeGreaterThan(0.01);
    } finally {
      e.dispose();
    }
  });
});

describe("config checks", () => {
  it("model.minLogGain with the context model is refused (it has no gain)", () => {
    const r = ConfigSchema.safeParse({ model: { context: {}, minLogGain: -4 }, training: { engine: "tfjs" } });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain("model.minLogGain bounds dChord's gain");
  });
  it.each([[{ model: { minLogGain: -10 } }], [{ model: { minLogGain: 1 } }], [{ loss: { ctcClassBalance: 3 } }], [{ loss: { ctcBlankWeight: 0 } }], [{ loss: { ctcProportionWeight: -1 } }]])(
    "%j is out of range",
    (over) => {
      expect(ConfigSchema.safeParse(over).success).toBe(false);
    },
  );
  it("configs without the new keys resolve without them (their config hash is unchanged)", () => {
    const c = ConfigSchema.parse({ loss: { kind: "ctc" } });
    expect("ctcClassBalance" in c.loss || "ctcBlankWeight" in c.loss || "ctcProportionWeight" in c.loss || "minLogGain" in c.model).toBe(false);
  });
});

/**
 * The CTC blank takeover of issue 16, reproduced on planted data: with noisy chroma (a weak
 * template classifier) plain CTC drives dChord's constant blank score up until the blank holds
 * ~90 % of every frame's posterior — the lower CTC loss, so best-epoch selection by validation
 * CTC keeps it. Label-prior CTC (loss.ctcPriorScale = 1) keeps the blank small on the same data.
 * The chord-sequence loss (training.selectBy valChordLoss) ignores the blank.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useWasmBackend } from "../helpers/tf.js";
import { ConfigSchema } from "../../src/config/schema.js";
import { train } from "../../src/training/train.js";
import type { DChordWeights } from "../../src/model/dchord.js";
import { createForwardCache, jsForward, jsLayout } from "../../src/model/jsForward.js";
import { plantedSegments } from "./fixtures.js";

beforeAll(useWasmBackend);

const FRAMES = 150;
const segments = plantedSegments({ segments: 16, frames: FRAMES, seed: 3, noise: 0.4, meanDuration: 12 });
const data = { train: segments.slice(0, 12), val: segments.slice(12) };

/** Mean posterior of the blank over the training frames, from the weights (independent of train.ts). */
function meanBlankPosterior(w: DChordWeights): number {
  const params = [w.logGain, ...w.major, ...w.minor, w.blank!];
  const layout = jsLayout({ sharedTemplates: true, withBlank: true });
  const out = new Float64Array(FRAMES * 25);
  let total = 0;
  for (const s of data.train) {
    jsForward({ params, layout, temperature: 1, chroma: s.chroma, frames: FRAMES, out, cache: createForwardCache() });
    for (let t = 0; t < FRAMES; t++) {
      const row = out.subarray(t * 25, t * 25 + 25);
      const m = Math.max(...row);
      const z = row.reduce((acc, v) => acc + Math.exp(v - m), 0);
      total += Math.exp(row[24] - m) / z;
    }
  }
  return total / (FRAMES * data.train.length);
}

const config = (over: Record<string, unknown>) =>
  ConfigSchema.parse({ training: { epochs: 14 }, report: { alignmentEpochs: [] }, targets: { kind: "soft", padding: "none" }, ...over });

describe("CTC blank takeover on planted data (issue 16)", () => {
  it("plain CTC: the blank takes most of every frame, and the validation CTC loss prefers it", async () => {
    const r = await train(data, config({ loss: { kind: "ctc" } }), { seed: 0 });
    try {
      expect(meanBlankPosterior(r.last)).toBeGreaterThan(0.7);
      // the CTC loss fell while the blank grew: the takeover is what the selection keeps
      expect(meanBlankPosterior(r.best)).toBeGreaterThan(0.7);
      expect(r.history[r.history.length - 1].valLoss).toBeLessThan(r.history[0].valLoss);
    } finally {
      r.model.dispose();
    }
  });

  it.each(["js", "tfjs"])("label-prior CTC (ctcPriorScale 1) keeps the blank below 0.2 on the same data and seed (engine %s)", async (engine) => {
    const r = await train(data, config({ loss: { kind: "ctc", ctcPriorScale: 1 }, training: { epochs: 14, engine } }), { seed: 0 });
    try {
      expect(meanBlankPosterior(r.last)).toBeLessThan(0.2);
    } finally {
      r.model.dispose();
    }
  });

  it("with training.selectBy valChordLoss the kept epoch is the one with the lowest val_chord_loss", async () => {
    const r = await train(data, config({ loss: { kind: "ctc" }, training: { epochs: 14, selectBy: "valChordLoss" } }), { seed: 0 });
    try {
      const scores = r.history.map((h) => h.valChordLoss);
      expect(scores.every(Number.isFinite)).toBe(true);
      expect(r.selectedBy).toBe("valChordLoss");
      expect(r.bestEpoch).toBe(scores.indexOf(Math.min(...scores)) + 1);
    } finally {
      r.model.dispose();
    }
  });
});

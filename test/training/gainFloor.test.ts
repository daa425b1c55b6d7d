/**
 * The F = 0.000 end state of issue 16's CTC run at scale, reproduced at unit level: dChord's log
 * gain θ walks down to the normalisation floor and the model becomes one chord everywhere, with
 * zero gradient, for good.
 *
 * The mechanism (docs/ctc.md "The gain floor"): with l2-normalised chroma (‖x‖ = 1) and g = e^θ
 * small, z = log(1 + g·x) ≈ g·x, so ‖z‖ ≈ g; below g = 1e-4 (NORM_FLOOR) *every* frame is replaced
 * by the uniform vector at once — each chord's score is the same on every frame, and nothing that
 * depends on the chroma has a gradient any more. The loss never warns of that cliff: above it,
 * ẑ → x/‖x‖ smoothly as g → 0, so a loss that prefers less compression pulls θ down all the way,
 * and Adam's steps do not shrink with the gradient (they are ≈ the learning rate while its sign
 * holds). Planted data where compression only hurts (chord notes 1, the other bins uniform noise)
 * make that preference certain; a learning rate of 1 makes the walk take a few hundred steps instead
 * of the thousands of an epoch at scale. `model.minLogGain` (applied after every step) removes the
 * floor from the reachable parameters.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useWasmBackend } from "../helpers/tf.js";
import { ConfigSchema } from "../../src/config/schema.js";
import { train } from "../../src/training/train.js";
import type { Segment } from "../../src/dataset/types.js";
import type { DChordWeights } from "../../src/model/dchord.js";
import { createForwardCache, jsForward, jsLayout } from "../../src/model/jsForward.js";
import { createRng } from "../../src/util/random.js";

beforeAll(useWasmBackend);

const FRAMES = 150;
const FLOOR_LOG_GAIN = Math.log(1e-4);

/** Segments of 150 frames: chord notes (a major or minor triad) at 1, every other bin uniform in [0, 0.9]; l2-normalised per frame. */
function noisyTriads(count: number, seed: number): Segment[] {
  const rng = createRng(seed, 11);
  return Array.from({ length: count }, (_, s) => {
    const labels = new Int16Array(FRAMES);
    for (let n = 0; n < FRAMES; ) {
      const chord = rng.int(12) + (rng.next() < 0.3 ? 12 : 0);
      const duration = 4 + rng.int(16);
      labels.fill(chord, n, Math.min(FRAMES, n + duration));
      n += duration;
    }
    const chroma = new Float32Array(FRAMES * 12);
    for (let t = 0; t < FRAMES; t++) {
      const root = labels[t] % 12;
      const third = labels[t] >= 12 ? 3 : 4;
      const row = Array.from({ length: 12 }, () => 0.9 * rng.next());
      for (const d of [0, third, 7]) row[(root + d) % 12] = 1;
      const norm = Math.hypot(...row);
      for (let k = 0; k < 12; k++) chroma[t * 12 + k] = row[k] / norm;
    }
    return { song: `song${s % 4}`, index: s, startFrame: s * FRAMES, startSec: s * 15, frameRateHz: 10, chroma, labels, trainLabels: labels };
  });
}

const segments = noisyTriads(24, 5);
const data = { train: segments.slice(0, 18), val: segments.slice(18) };

/** Per frame of the validation set, the argmax over the 24 chord outputs, from the weights (independent of train.ts). */
function decoded(w: DChordWeights): number[] {
  const params = [w.logGain, ...w.major, ...w.minor, w.blank!];
  const layout = jsLayout({ sharedTemplates: true, withBlank: true });
  const out = new Float64Array(FRAMES * 25);
  const chords: number[] = [];
  for (const s of data.val) {
    jsForward({ params, layout, temperature: 1, chroma: s.chroma, frames: FRAMES, out, cache: createForwardCache() });
    for (let t = 0; t < FRAMES; t++) {
      const row = Array.from(out.subarray(t * 25, t * 25 + 24));
      chords.push(row.indexOf(Math.max(...row)));
    }
  }
  return chords;
}

function accuracy(chords: number[]): number {
  const reference = data.val.flatMap((s) => Array.from(s.labels));
  return chords.filter((c, i) => c === reference[i]).length / chords.length;
}

const config = (over: { model?: Record<string, unknown> }) =>
  ConfigSchema.parse({
    training: { epochs: 6, batchSize: 1, learningRate: 1 },
    report: { alignmentEpochs: [] },
    targets: { kind: "soft", padding: "none" },
    loss: { kind: "ctc" },
    ...over,
  });

describe("dChord's gain floor (issue 16's F = 0.000)", () => {
  it("plain CTC: the log gain falls below ln 1e-4 and stays there; the model decodes one chord on every frame from then on", async () => {
    const r = await train(data, config({}), { seed: 0 });
    try {
      expect(r.last.logGain).toBeLessThan(FLOOR_LOG_GAIN);
      expect(new Set(decoded(r.last)).size).toBe(1);
      // absorbing: once validation F has fallen to a constant model's, it never comes back
      const fallen = r.history.findIndex((h) => h.valF < 0.1);
      expect(fallen).toBeGreaterThan(0);
      expect(fallen).toBeLessThan(r.history.length - 2);
      for (const h of r.history.slice(fallen)) expect(h.valF).toBeLessThan(0.1);
    } finally {
      r.model.dispose();
    }
  });

  it("with model.minLogGain −6 (docs/ctc.md's suggestion where the gain falls) the same run stays a chord recogniser (the bound holds; most frames right)", async () => {
    const r = await train(data, config({ model: { minLogGain: -6 } }), { seed: 0 });
    try {
      expect(r.last.logGain).toBeGreaterThanOrEqual(-6);
      expect(r.best.logGain).toBeGreaterThanOrEqual(-6);
      const chords = decoded(r.best);
      expect(new Set(chords).size).toBeGreaterThan(10);
      expect(accuracy(chords)).toBeGreaterThan(0.8);
    } finally {
      r.model.dispose();
    }
  });
});

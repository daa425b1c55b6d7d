/**
 * BCE on the uniformly stretched chord sequence (targets.kind soft, softLength frames, padding
 * uniform, loss.kind bce): the weak-label baseline without alignment.
 */
import { describe, expect, it } from "vitest";
import { ConfigSchema } from "../../src/config/schema.js";
import { prepareSet } from "../../src/training/batches.js";
import type { Segment } from "../../src/dataset/types.js";

const C = 0;
const G = 7;
const AM = 21;
const N = -1;

function segment(labels: number[], index = 0): Segment {
  const trainLabels = Int16Array.from(labels);
  return { song: "s", index, startFrame: 0, startSec: 0, frameRateHz: 10, chroma: new Float32Array(labels.length * 12).fill(0.3), labels: trainLabels, trainLabels };
}

const cfg = (targets: Record<string, unknown>) => ConfigSchema.parse({ targets, loss: { kind: "bce" } });

/** The class of each frame's one-hot row, or −1 for a masked frame. */
function frameClasses(onehot: Float32Array, mask: Float32Array, item: number, frames: number): number[] {
  return Array.from({ length: frames }, (_, t) => {
    const at = item * frames + t;
    if (mask[at] === 0) return -1;
    const row = Array.from(onehot.subarray(at * 24, at * 24 + 24));
    expect(row.filter((v) => v === 1).length).toBe(1);
    return row.indexOf(1);
  });
}

describe("stretched chord sequence targets for BCE", () => {
  it("a case by hand: N N C C C C G G G Am → reduced (C, G, Am) over 10 frames: frame j gets ⌊3j/10⌋", () => {
    // j = 0..3 → 0 (C), j = 4..6 → 1 (G), j = 7..9 → 2 (Am); the leading no-chord frames get C
    const set = prepareSet([segment([N, N, C, C, C, C, G, G, G, AM]), segment([N, N, N, N, N, N, N, N, N, N], 1)], cfg({ kind: "soft", softLength: "frames", padding: "uniform" }));
    const t = set.targets!;
    if (t.kind !== "bce") throw new Error("expected BCE targets");
    expect(frameClasses(t.onehot, t.mask, 0, 10)).toEqual([C, C, C, C, G, G, G, AM, AM, AM]);
    // a segment without chords: every frame masked (it stays in the set, as with strong targets)
    expect(frameClasses(t.onehot, t.mask, 1, 10)).toEqual(new Array(10).fill(-1));
    expect(t.chordFrames).toEqual([10, 0]);
  });

  it("strong targets are the frame labels, unchanged", () => {
    const set = prepareSet([segment([N, N, C, C, C, C, G, G, G, AM])], cfg({ kind: "strong" }));
    const t = set.targets!;
    if (t.kind !== "bce") throw new Error("expected BCE targets");
    expect(frameClasses(t.onehot, t.mask, 0, 10)).toEqual([-1, -1, C, C, C, C, G, G, G, AM]);
  });

  it("refuses soft targets that are not one per frame", () => {
    expect(() => prepareSet([segment([C, G])], cfg({ kind: "soft", softLength: 16, padding: "uniform" }))).toThrow(/one target per frame/);
    expect(() => prepareSet([segment([C, G])], cfg({ kind: "soft", softLength: "frames", padding: "none" }))).toThrow(/one target per frame/);
  });
});

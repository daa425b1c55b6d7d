/**
 * What makes the first calls of the losses fast in a fresh process (issue #11; the timings are in
 * bench/losses.bench.ts): calls without a workspace reuse one process-wide workspace, and importing
 * chordtrain loads neither tfjs nor the report renderers until they are used.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { softDtw } from "../../src/losses/softDtw.js";
import { ctcLoss } from "../../src/losses/ctc.js";
import { createLossWorkspace, defaultWorkspace, DEFAULT_WORKSPACE_MAX_BYTES } from "../../src/losses/workspace.js";
import { createRng } from "../../src/util/random.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

function randomCost(rows: number, cols: number, seed: number) {
  const rng = createRng(seed, 0);
  return { data: Float64Array.from({ length: rows * cols }, () => 2 * rng.next()), rows, cols };
}

describe("the default loss workspace", () => {
  it("is one object, reused by calls without a workspace, with the results of a fresh workspace", () => {
    const shapes: Array<[number, number]> = [
      [16, 150],
      [3, 4],
      [40, 40],
      [16, 150],
    ];
    for (const [rows, cols] of shapes) {
      const cost = randomCost(rows, cols, rows * cols);
      const shared = softDtw(cost, { gamma: 0.3 });
      const own = softDtw(cost, { gamma: 0.3, workspace: createLossWorkspace() });
      expect(shared.value).toBe(own.value);
      expect(Array.from(shared.grad.data)).toEqual(Array.from(own.grad.data));
    }
    const held = defaultWorkspace();
    expect(held.bytes).toBeGreaterThan(0); // the buffers of the calls above are kept for the next one
    expect(defaultWorkspace()).toBe(held);
    const logProbs = { data: new Float64Array(20 * 5).fill(Math.log(1 / 5)), rows: 20, cols: 5 };
    const a = ctcLoss(logProbs, [1, 2, 2, 3], { blank: 0 });
    const b = ctcLoss(logProbs, [1, 2, 2, 3], { blank: 0, workspace: createLossWorkspace() });
    expect(a.value).toBe(b.value);
    expect(Array.from(a.grad.data)).toEqual(Array.from(b.grad.data));
  });

  it("is emptied before reuse once a large problem made it hold more than DEFAULT_WORKSPACE_MAX_BYTES", () => {
    // 1000 × 1000 keeps 3 soft-argmin weights per cell: 24 MB > 16 MB
    const big = randomCost(1000, 1000, 5);
    const value = softDtw(big, { gamma: 0.3 }).value;
    expect(DEFAULT_WORKSPACE_MAX_BYTES).toBeLessThan(24e6);
    expect(defaultWorkspace().bytes).toBe(0);
    // and the next large call still computes the same value
    expect(softDtw(big, { gamma: 0.3 }).value).toBe(value);
  });
});

describe("importing chordtrain", () => {
  it("loads tfjs only when a tfjs function is first used", () => {
    // A fresh process: the loaded CommonJS modules are visible in require.cache.
    const code = `
      import { createRequire } from "node:module";
      const cache = createRequire(import.meta.url).cache;
      const loaded = (name) => Object.keys(cache).some((f) => f.includes("/node_modules/" + name + "/"));
      const lib = await import("./src/index.ts");
      lib.softDtw([[0, 1], [1, 0]], { gamma: 0.3 });
      lib.ctcLoss([[0, -1], [0, -1]], [1], { blank: 0 });
      const before = { tfjs: loaded("@tensorflow/tfjs"), resvg: loaded("@resvg/resvg-js") };
      const { tf } = await import("./src/util/tfjs.ts");
      await tf.ready(); // the wasm backend (registered on load, as an import of chordtrain did before)
      const sum = tf.tidy(() => tf.sum(tf.tensor1d([1, 2, 3])).dataSync()[0]);
      console.log(JSON.stringify({ before, after: loaded("@tensorflow/tfjs"), backend: tf.getBackend(), sum }));
    `;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { cwd: root, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout.trim().split("\n").pop()!)).toEqual({ before: { tfjs: false, resvg: false }, after: true, backend: "wasm", sum: 6 });
  }, 60_000);
});

describe("the soft-DTW kernel's garbage", () => {
  it("allocates (almost) nothing per call with a workspace: no heap number per anti-diagonal", () => {
    // Passing γ and the step weights as arguments to the per-anti-diagonal functions boxed them as
    // heap numbers: ~6 kB of garbage per 16 × 150 call (measured), which kept the young generation
    // busy. Heap growth over 400 calls after a full GC, in a fresh process with --expose-gc.
    const code = `
      const { runSoftDtw } = await import("./src/losses/softDtw.ts");
      const { checkSoftDtwOptions } = await import("./src/losses/options.ts");
      const { createLossWorkspace } = await import("./src/losses/workspace.ts");
      const v8 = await import("node:v8");
      const checked = checkSoftDtwOptions({ gamma: 0.3, stepWeights: [1, 0.5, 2], workspace: createLossWorkspace() }, "t");
      const cost = Float64Array.from({ length: 16 * 150 }, (_, i) => (i * 0.37) % 2);
      const grad = new Float64Array(16 * 150);
      for (let k = 0; k < 2000; k++) runSoftDtw(cost, 16, 150, checked, grad, "t");
      globalThis.gc();
      const before = v8.getHeapStatistics().used_heap_size;
      for (let k = 0; k < 400; k++) runSoftDtw(cost, 16, 150, checked, grad, "t");
      console.log((v8.getHeapStatistics().used_heap_size - before) / 400);
    `;
    const r = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", "--input-type=module", "-e", code], { cwd: root, encoding: "utf8" });
    expect(r.stderr).toBe("");
    const bytesPerCall = Number(r.stdout.trim().split("\n").pop());
    expect(Number.isFinite(bytesPerCall)).toBe(true);
    expect(bytesPerCall).toBeLessThan(1500); // 165 anti-diagonals × 2 calls × boxed doubles would be ≥ 5 kB
  }, 60_000);
});

describe("softDtw / ctcLoss with `out`", () => {
  it("write the gradient into the caller's array, overwrite it entirely, and return it; the same numbers as without", () => {
    const cost = randomCost(16, 40, 3);
    const fresh = softDtw(cost, { gamma: 0.3 });
    const out = new Float64Array(16 * 40).fill(123); // stale contents must not leak into the result
    const into = softDtw(cost, { gamma: 0.3, band: 0.1, out }); // with a band: cells outside must become 0
    const banded = softDtw(cost, { gamma: 0.3, band: 0.1 });
    expect(into.grad.data).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(banded.grad.data));
    const again = softDtw(cost, { gamma: 0.3, out });
    expect(again.value).toBe(fresh.value);
    expect(Array.from(out)).toEqual(Array.from(fresh.grad.data));

    const logProbs = { data: Float64Array.from({ length: 30 * 5 }, (_, i) => Math.log(((i * 7) % 5) + 1) - Math.log(15)), rows: 30, cols: 5 };
    const ctcOut = new Float64Array(30 * 5).fill(-9);
    const c = ctcLoss(logProbs, [1, 2, 2, 3], { blank: 0, out: ctcOut });
    const cFresh = ctcLoss(logProbs, [1, 2, 2, 3], { blank: 0 });
    expect(c.grad.data).toBe(ctcOut);
    expect(c.value).toBe(cFresh.value);
    expect(Array.from(ctcOut)).toEqual(Array.from(cFresh.grad.data));
  });

  it("refuse an `out` of the wrong type or length, sharing the input's memory, or with a number[][] input, in one line", () => {
    const cost = randomCost(4, 6, 1);
    expect(() => softDtw(cost, { gamma: 1, out: new Float64Array(23) })).toThrow(/^softDtw: out has 23 elements, the gradient needs 24$/);
    expect(() => softDtw(cost, { gamma: 1, out: new Float32Array(24) as unknown as Float64Array })).toThrow(/^softDtw: out must be a Float64Array/);
    expect(() => softDtw(cost, { gamma: 1, out: cost.data })).toThrow(/^softDtw: out shares its memory with the input/);
    const nested = [[0, 1], [1, 0]];
    expect(() => softDtw(nested, { gamma: 1, out: new Float64Array(4) } as never)).toThrow(/^softDtw: out needs a \{ data, rows, cols \} input/);
    expect(() => ctcLoss({ data: new Float64Array(10).fill(-1), rows: 5, cols: 2 }, [1], { blank: 0, out: new Float64Array(9) })).toThrow(/^ctcLoss: out has 9 elements/);
  });
});

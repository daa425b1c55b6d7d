/**
 * Speed of the losses (`npm run bench -- losses`). Prints ns per DP cell for soft-DTW value + full
 * gradient, CTC forward+backward per batch, and the tfjs ops per training step. Goals (issue #3):
 * soft-DTW ≤ 30 ns per cell (a compiled Cython reference takes 65–75 ns), CTC ≤ 1 ms for a batch of
 * 5 × (T = 150, 25 classes, 16 labels). Timings are medians of several rounds after a warm-up.
 */
import * as tf from "@tensorflow/tfjs";
import { softDtw, softDtwValue } from "../src/losses/softDtw.js";
import { ctcLoss } from "../src/losses/ctc.js";
import { tfSoftDtwLoss } from "../src/losses/tfSoftDtw.js";
import { tfCtcLoss } from "../src/losses/tfCtc.js";
import { createLossWorkspace } from "../src/losses/workspace.js";
import type { DenseMatrix } from "../src/losses/matrix.js";
import { initBackend } from "../src/training/backend.js";
import { createRng } from "../src/util/random.js";

const rng = createRng(2024, 0);

/**
 * Milliseconds per call of fn: the median over `rounds` rounds of at least `minMs` each, by process
 * CPU time (robust when other jobs share the cores) and by wall-clock time.
 */
function timeMs(fn: () => void, { rounds = 7, minMs = 150 } = {}): { cpu: number; wall: number } {
  for (let k = 0; k < 3; k++) fn(); // warm-up (JIT)
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    let elapsed = 0;
    do {
      fn();
      calls++;
      elapsed = performance.now() - start;
    } while (elapsed < minMs);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000 / calls);
    wall.push(elapsed / calls);
  }
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { cpu: median(cpu), wall: median(wall) };
}

/** "cpu (wall)" in ns per unit. */
const perUnit = (t: { cpu: number; wall: number }, units: number): string =>
  `${((t.cpu * 1e6) / units).toFixed(1)} (${((t.wall * 1e6) / units).toFixed(1)})`;
const ms = (t: { cpu: number; wall: number }): string => `${t.cpu.toFixed(3)} (${t.wall.toFixed(3)})`;

function randomCost(M: number, N: number): DenseMatrix {
  // chroma-like costs: squared distances of unit-norm vectors lie in [0, 2]
  return { data: Float64Array.from({ length: M * N }, () => 2 * rng.next()), rows: M, cols: N };
}

function table(title: string, header: string[], rows: string[][]): void {
  console.log(`\n${title}\n`);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]): string => `| ${cells.map((s, c) => s.padEnd(widths[c])).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
}

export default async function benchLosses(): Promise<void> {
  const workspace = createLossWorkspace();
  const rows: string[][] = [];
  for (const [M, N, gamma] of [
    [16, 150, 0.3],
    [75, 150, 0.3],
    [150, 150, 0.3],
    [1000, 1000, 0.3],
    [1000, 1000, 0.01],
  ] as const) {
    const cost = randomCost(M, N);
    const cells = M * N;
    const grad = timeMs(() => softDtw(cost, { gamma, workspace }), { rounds: cells > 1e5 ? 5 : 7 });
    const fresh = timeMs(() => softDtw(cost, { gamma }), { rounds: cells > 1e5 ? 5 : 7 });
    const value = timeMs(() => softDtwValue(cost, { gamma, workspace }), { rounds: cells > 1e5 ? 5 : 7 });
    rows.push([`${M} × ${N}`, String(gamma), perUnit(grad, cells), perUnit(fresh, cells), perUnit(value, cells), ms(grad)]);
  }
  {
    // a training batch: 5 items of 16 × 150, one workspace
    const costs = Array.from({ length: 5 }, () => randomCost(16, 150));
    const t = timeMs(() => {
      for (const c of costs) softDtw(c, { gamma: 0.3, workspace });
    });
    rows.push(["batch 5 × 16 × 150", "0.3", perUnit(t, 5 * 16 * 150), "", "", ms(t)]);
  }
  table(
    "soft-DTW, float64 (softDtw: value + full gradient ∂value/∂C; softDtwValue: value only). CPU time (wall time)",
    ["size", "γ", "ns/cell value+grad (workspace)", "ns/cell value+grad (fresh buffers)", "ns/cell value only", "ms per call (workspace)"],
    rows,
  );

  {
    const T = 150;
    const C = 25;
    const blank = 24;
    const items = Array.from({ length: 5 }, () => {
      const data = new Float64Array(T * C);
      for (let t = 0; t < T; t++) {
        const z = Array.from({ length: C }, () => 2 * rng.normal());
        const m = Math.max(...z);
        const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
        for (let k = 0; k < C; k++) data[t * C + k] = z[k] - lse;
      }
      const labels = Array.from({ length: 16 }, () => rng.int(24));
      return { logProbs: { data, rows: T, cols: C } as DenseMatrix, labels };
    });
    const t = timeMs(() => {
      for (const it of items) ctcLoss(it.logProbs, it.labels, { blank, workspace });
    });
    table("CTC, float64 (ctcLoss: forward + backward, gradient w.r.t. log-probabilities). CPU time (wall time)", ["batch", "ms per batch", "ns per (frame, state)"], [
      ["5 × (T = 150, C = 25, L = 16)", ms(t), perUnit(t, 5 * T * 33)],
    ]);
  }

  await initBackend("wasm");
  {
    const B = 5;
    const T = 150;
    const K = 25;
    const predictions = tf.variable(tf.softmax(tf.randomNormal([B, T, K], 0, 1, "float32", 1)) as tf.Tensor3D);
    const targets = Array.from({ length: B }, () =>
      Array.from({ length: 16 }, () => {
        const v = new Array<number>(K).fill(0);
        v[rng.int(24)] = 1;
        return v;
      }),
    );
    const labels = Array.from({ length: B }, () => Array.from({ length: 16 }, () => rng.int(24)));
    const step = (loss: () => tf.Scalar): (() => void) => () =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(loss);
        value.dataSync();
        Object.values(grads).forEach((g) => g.dataSync());
      });
    const tfRows: string[][] = [];
    for (const [name, loss] of [
      ["tfSoftDtwLoss γ=0.3", () => tfSoftDtwLoss(predictions, targets, { gamma: 0.3, workspace })],
      ["tfSoftDtwLoss γ=0.3, [1,0,1], normalize n", () => tfSoftDtwLoss(predictions, targets, { gamma: 0.3, stepWeights: [1, 0, 1], normalize: "n", workspace })],
      ["tfSoftDtwLoss γ=0.3, divergence", () => tfSoftDtwLoss(predictions, targets, { gamma: 0.3, divergence: true, workspace })],
      ["tfCtcLoss (logits)", () => tfCtcLoss(predictions, labels, { blank: 24, zeroInfinity: true, workspace })],
    ] as Array<[string, () => tf.Scalar]>) {
      tfRows.push([name, ms(timeMs(step(loss)))]);
    }
    table(`tfjs ops (${tf.getBackend()} backend), one variableGrads step on [5, 150, 25], targets/labels of 16`, ["op", "ms per step, CPU (wall)"], tfRows);
    predictions.dispose();
  }
}

/**
 * Speed of the losses (`npm run bench -- losses`). Prints ns per DP cell for soft-DTW value + full
 * gradient, CTC forward+backward per batch, and the tfjs ops per training step. Goals (issue #3):
 * soft-DTW ≤ 30 ns per cell (a compiled Cython reference takes 65–75 ns), CTC ≤ 1 ms for a batch of
 * 5 × (T = 150, 25 classes, 16 labels).
 *
 * Each measurement runs in its own child processes, as in a training run (one shape, one code path):
 * V8 specialises the kernels to what it has seen, and mixing every case in one process measured
 * 10–30% slower. A figure is the median over 3 processes of the median of 7 rounds of ≥ 150 ms
 * (after 300 ms of warm-up), by process CPU time (robust when other jobs share the cores), with
 * wall-clock time in parentheses. The first table is the cold-process view (coldTable): what the
 * first 1000 calls of a fresh process cost, against the same process's steady state.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createRng } from "../src/util/random.js";
import type { DenseMatrix } from "../src/losses/matrix.js";
import type * as TF from "@tensorflow/tfjs";

interface Timing {
  cpu: number; // ms per call
  wall: number;
}

type Case =
  | { kind: "softDtw"; rows: number; cols: number; gamma: number; mode: "grad" | "out" | "fresh" | "value"; costs: "random" | "predictions" }
  | { kind: "softDtwBatch" }
  | { kind: "ctc" }
  | { kind: "tf"; op: "sdtw" | "sdtwSoft" | "sdtw101" | "sdtwDivergence" | "ctc" };

const CASE_FLAG = "--losses-bench-case";

/** Median ms per call of fn (CPU and wall) over 7 rounds of at least 150 ms, after ≥ 300 ms of warm-up. */
function timeMs(fn: () => void, rounds = 7, minMs = 150): Timing {
  const warmUntil = performance.now() + 300;
  for (let k = 0; k < 5 || performance.now() < warmUntil; k++) fn(); // warm-up (JIT tiers)
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

/** Squared distances between softmax predictions that drift slowly over the frames and one-hot targets. */
function predictionCosts(M: number, N: number, rng: ReturnType<typeof createRng>): DenseMatrix {
  const K = 25;
  const logits = Array.from({ length: K }, () => rng.normal());
  const frames: number[][] = [];
  for (let j = 0; j < N; j++) {
    for (let k = 0; k < K; k++) logits[k] = 0.9 * logits[k] + 0.45 * rng.normal();
    const e = logits.map((z) => Math.exp(2 * z));
    const sum = e.reduce((a, v) => a + v, 0);
    frames.push(e.map((v) => v / sum));
  }
  const data = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    const target = rng.int(24);
    for (let j = 0; j < N; j++) data[i * N + j] = frames[j].reduce((s, p, k) => s + (p - (k === target ? 1 : 0)) ** 2, 0);
  }
  return { data, rows: M, cols: N };
}

/** Run one case in this (child) process; returns ms per call. */
async function runCase(c: Case): Promise<Timing> {
  const rng = createRng(2024, 0);
  const { softDtw, softDtwValue } = await import("../src/losses/softDtw.js");
  const { createLossWorkspace } = await import("../src/losses/workspace.js");
  const workspace = createLossWorkspace();
  const randomCost = (M: number, N: number): DenseMatrix => ({ data: Float64Array.from({ length: M * N }, () => 2 * rng.next()), rows: M, cols: N });
  if (c.kind === "softDtw") {
    const cost = c.costs === "random" ? randomCost(c.rows, c.cols) : predictionCosts(c.rows, c.cols, rng);
    const rounds = c.rows * c.cols > 1e5 ? 5 : 7;
    if (c.mode === "grad") return timeMs(() => softDtw(cost, { gamma: c.gamma, workspace }), rounds);
    if (c.mode === "out") {
      const out = new Float64Array(c.rows * c.cols);
      return timeMs(() => softDtw(cost, { gamma: c.gamma, workspace, out }), rounds);
    }
    if (c.mode === "fresh") return timeMs(() => softDtw(cost, { gamma: c.gamma }), rounds);
    return timeMs(() => softDtwValue(cost, { gamma: c.gamma, workspace }), rounds);
  }
  if (c.kind === "softDtwBatch") {
    const costs = Array.from({ length: 5 }, () => randomCost(16, 150));
    return timeMs(() => {
      for (const cost of costs) softDtw(cost, { gamma: 0.3, workspace });
    });
  }
  if (c.kind === "ctc") {
    const { ctcLoss } = await import("../src/losses/ctc.js");
    const T = 150;
    const C = 25;
    const items = Array.from({ length: 5 }, () => {
      const data = new Float64Array(T * C);
      for (let t = 0; t < T; t++) {
        const z = Array.from({ length: C }, () => 2 * rng.normal());
        const m = Math.max(...z);
        const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
        for (let k = 0; k < C; k++) data[t * C + k] = z[k] - lse;
      }
      return { logProbs: { data, rows: T, cols: C } as DenseMatrix, labels: Array.from({ length: 16 }, () => rng.int(24)) };
    });
    return timeMs(() => {
      for (const it of items) ctcLoss(it.logProbs, it.labels, { blank: 24, workspace });
    });
  }
  const tf = await import("@tensorflow/tfjs");
  const { initBackend } = await import("../src/util/tfjs.js");
  const { tfSoftDtwLoss } = await import("../src/losses/tfSoftDtw.js");
  const { tfCtcLoss } = await import("../src/losses/tfCtc.js");
  await initBackend("wasm");
  const B = 5;
  const T = 150;
  const K = 25;
  const predictions = tf.variable(tf.softmax(tf.randomNormal([B, T, K], 0, 1, "float32", 1))) as TF.Variable<TF.Rank.R3>;
  const oneHotRow = (c: number): number[] => Array.from({ length: K }, (_, k) => (k === c ? 1 : 0));
  const oneHot = Array.from({ length: B }, () => Array.from({ length: 16 }, () => oneHotRow(rng.int(24))));
  const soft = Array.from({ length: B }, () =>
    Array.from({ length: 16 }, () => {
      const v = Array.from({ length: K }, () => rng.next());
      const sum = v.reduce((a, x) => a + x, 0);
      return v.map((x) => x / sum);
    }),
  );
  const labels = Array.from({ length: B }, () => Array.from({ length: 16 }, () => rng.int(24)));
  const loss: () => TF.Scalar = {
    sdtw: () => tfSoftDtwLoss(predictions, oneHot, { gamma: 0.3, workspace }),
    sdtwSoft: () => tfSoftDtwLoss(predictions, soft, { gamma: 0.3, workspace }),
    sdtw101: () => tfSoftDtwLoss(predictions, oneHot, { gamma: 0.3, stepWeights: [1, 0, 1], normalize: "n", workspace }),
    sdtwDivergence: () => tfSoftDtwLoss(predictions, oneHot, { gamma: 0.3, divergence: true, workspace }),
    ctc: () => tfCtcLoss(predictions, labels, { blank: 24, zeroInfinity: true, workspace }),
  }[c.op];
  return timeMs(() =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(loss);
      value.dataSync();
      Object.values(grads).forEach((g) => g.dataSync());
    }),
  );
}

/**
 * Run `c` in fresh child processes (same loader flags as this one) and take the median by CPU time:
 * V8's optimisation decisions differ from process to process (±25% seen for the same case).
 */
function inChild(c: Case, processes = 3): Timing {
  const self = fileURLToPath(import.meta.url);
  const results: Timing[] = [];
  for (let p = 0; p < processes; p++) {
    const r = spawnSync(process.execPath, [...process.execArgv, self, CASE_FLAG, JSON.stringify(c)], { encoding: "utf8" });
    const line = r.stdout.trim().split("\n").pop() ?? "";
    if (r.status !== 0 || !line.startsWith("{")) throw new Error(`bench case ${JSON.stringify(c)} failed: ${r.stderr.slice(0, 500)}`);
    results.push(JSON.parse(line) as Timing);
  }
  results.sort((a, b) => a.cpu - b.cpu);
  return results[Math.floor(processes / 2)];
}

function table(title: string, header: string[], rows: string[][]): void {
  console.log(`\n${title}\n`);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]): string => `| ${cells.map((s, c) => s.padEnd(widths[c])).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
}

/** "cpu (wall)" per unit, in ns. */
const perUnit = (t: Timing, units: number): string => `${((t.cpu * 1e6) / units).toFixed(1)} (${((t.wall * 1e6) / units).toFixed(1)})`;
const ms = (t: Timing): string => `${t.cpu.toFixed(3)} (${t.wall.toFixed(3)})`;

/**
 * Cold process: a fresh `node` that imports the built package (dist/index.js, what
 * `import "chordtrain"` loads) and calls the loss 3000 times on one 16 × 150 problem, timing each
 * call by process CPU time. Compares the median over calls 1–1000 with calls 2001–3000 (steady).
 */
const COLD_CODE = `
const { softDtw, softDtwValue, ctcLoss, createLossWorkspace } = await import(process.argv[1]);
const [kind, ws] = process.argv[2].split(":");
const workspace = ws === "ws" || ws === "out" ? createLossWorkspace() : undefined;
let seed = 7;
const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const cost = { data: Float64Array.from({ length: 16 * 150 }, () => 2 * next()), rows: 16, cols: 150 };
const lp = new Float64Array(150 * 25);
for (let t = 0; t < 150; t++) {
  const z = Array.from({ length: 25 }, () => 4 * next());
  const lse = Math.log(z.reduce((a, v) => a + Math.exp(v), 0));
  for (let k = 0; k < 25; k++) lp[t * 25 + k] = z[k] - lse;
}
const logProbs = { data: lp, rows: 150, cols: 25 };
const labels = Array.from({ length: 16 }, (_, i) => (i * 7) % 24);
// "out": the gradient goes into one array the caller keeps (no fresh array per call)
const out = ws === "out" ? new Float64Array(kind === "ctc" ? 150 * 25 : 16 * 150) : undefined;
const call =
  kind === "ctc"
    ? () => ctcLoss(logProbs, labels, { blank: 24, workspace, out })
    : kind === "value"
      ? () => softDtwValue(cost, { gamma: 0.3, workspace })
      : () => softDtw(cost, { gamma: 0.3, workspace, out });
const us = [];
const faults0 = process.resourceUsage().minorPageFault;
for (let k = 0; k < 3000; k++) {
  const c0 = process.cpuUsage();
  call();
  const c = process.cpuUsage(c0);
  us.push(c.user + c.system);
}
const faults = (process.resourceUsage().minorPageFault - faults0) / 3000;
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
console.log(JSON.stringify({ first: us[0], cold: median(us.slice(0, 1000)), steady: median(us.slice(2000)), faults }));
`;

function coldProcess(kind: string, processes = 3): { first: number; cold: number; steady: number; faults: number } {
  const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url));
  const runs = Array.from({ length: processes }, () => {
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", COLD_CODE, entry, kind], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`cold-process case ${kind} failed: ${r.stderr.slice(0, 500)}`);
    return JSON.parse(r.stdout.trim().split("\n").pop()!) as { first: number; cold: number; steady: number; faults: number };
  });
  const mid = <K extends "first" | "cold" | "steady" | "faults">(k: K): number => runs.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(processes / 2)];
  return { first: mid("first"), cold: mid("cold"), steady: mid("steady"), faults: mid("faults") };
}

export function coldTable(): void {
  // The cold figures are about what a user's process loads: measure the compiled package.
  const build = spawnSync(process.execPath, [fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url)), "-p", "tsconfig.build.json"], { encoding: "utf8" });
  if (build.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed: ${build.stdout.slice(0, 500)}`);
  const cases: Array<[string, string]> = [
    ["softDtw 16 × 150, γ 0.3", "softDtw:none"],
    ["softDtw 16 × 150, γ 0.3, own workspace", "softDtw:ws"],
    ["softDtw 16 × 150, γ 0.3, own workspace and out", "softDtw:out"],
    ["softDtwValue 16 × 150, γ 0.3 (no gradient array returned)", "value:none"],
    ["ctcLoss T 150, C 25, L 16", "ctc:none"],
    ["ctcLoss T 150, C 25, L 16, own workspace", "ctc:ws"],
    ["ctcLoss T 150, C 25, L 16, own workspace and out", "ctc:out"],
  ];
  table(
    "Cold process: fresh node, import of dist/index.js, 3000 calls; CPU µs per call, median of 3 processes (goal: calls 1–1000 ≤ 1.5× steady)",
    ["call", "first call", "median calls 1–1000", "median calls 2001–3000", "ratio", "minor page faults per call"],
    cases.map(([name, kind]) => {
      const t = coldProcess(kind);
      return [name, t.first.toFixed(0), t.cold.toFixed(0), t.steady.toFixed(0), (t.cold / t.steady).toFixed(2), t.faults.toFixed(1)];
    }),
  );
}

export default async function benchLosses(): Promise<void> {
  coldTable();
  const rows: string[][] = [];
  const sizes: Array<[number, number, number, "random" | "predictions"]> = [
    [16, 150, 0.3, "random"],
    [16, 150, 0.3, "predictions"],
    [75, 150, 0.3, "random"],
    [150, 150, 0.3, "random"],
    [1000, 1000, 0.3, "random"],
    [1000, 1000, 0.01, "random"],
  ];
  for (const [M, N, gamma, costs] of sizes) {
    const t = (mode: "grad" | "out" | "fresh" | "value"): Timing => inChild({ kind: "softDtw", rows: M, cols: N, gamma, mode, costs });
    const grad = t("grad");
    rows.push([`${M} × ${N}`, costs === "random" ? "uniform [0, 2]" : "softmax vs one-hot", String(gamma), perUnit(grad, M * N), perUnit(t("out"), M * N), perUnit(t("fresh"), M * N), perUnit(t("value"), M * N), ms(grad)]);
  }
  const batch = inChild({ kind: "softDtwBatch" });
  rows.push(["batch 5 × 16 × 150", "uniform [0, 2]", "0.3", perUnit(batch, 5 * 16 * 150), "", "", "", ms(batch)]);
  table(
    "soft-DTW, float64. softDtw = value + full gradient ∂value/∂C (a new gradient array per call, or into `out`); softDtwValue = value only. CPU (wall)",
    ["size", "costs", "γ", "ns/cell value+grad", "ns/cell value+grad into out", "ns/cell value+grad, no workspace", "ns/cell value only", "ms per call"],
    rows,
  );

  const ctc = inChild({ kind: "ctc" });
  table("CTC, float64 (ctcLoss: forward + backward, gradient w.r.t. log-probabilities). CPU (wall)", ["batch", "ms per batch", "ns per (frame, state)"], [
    ["5 × (T = 150, C = 25, L = 16)", ms(ctc), perUnit(ctc, 5 * 150 * 33)],
  ]);

  const ops: Array<[string, "sdtw" | "sdtwSoft" | "sdtw101" | "sdtwDivergence" | "ctc"]> = [
    ["tfSoftDtwLoss γ=0.3, one-hot targets", "sdtw"],
    ["tfSoftDtwLoss γ=0.3, dense soft targets", "sdtwSoft"],
    ["tfSoftDtwLoss γ=0.3, [1,0,1], normalize n", "sdtw101"],
    ["tfSoftDtwLoss γ=0.3, divergence", "sdtwDivergence"],
    ["tfCtcLoss (logits), 16 labels", "ctc"],
  ];
  table(
    "tfjs ops (wasm backend): one tf.variableGrads step on predictions [5, 150, 25], 16 targets per item. CPU (wall)",
    ["op", "ms per step"],
    ops.map(([name, op]) => [name, ms(inChild({ kind: "tf", op }))]),
  );
}

if (process.argv.includes(CASE_FLAG)) {
  const c = JSON.parse(process.argv[process.argv.indexOf(CASE_FLAG) + 1]) as Case;
  console.log(JSON.stringify(await runCase(c)));
}

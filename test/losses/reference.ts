/**
 * Independent implementations for the tests, written straight from the papers with plain
 * Math.exp/Math.log, no tricks: a naive soft-DTW (Cuturi & Blondel 2017, Algorithms 1 and 2, with
 * the backward weights computed from D by exponentials), brute-force enumeration of every
 * alignment path (soft-DTW and CTC), a naive log-space CTC forward–backward (Graves et al. 2006,
 * α and β), and central finite differences.
 */

export interface StepWeights {
  wv: number;
  wh: number;
  wd: number;
}
export const UNIT: StepWeights = { wv: 1, wh: 1, wd: 1 };

/** softmin_γ of a list, by the textbook formula with the minimum factored out. */
export function softminList(values: number[], gamma: number): number {
  const m = Math.min(...values);
  if (m === Infinity) return Infinity;
  let s = 0;
  for (const v of values) s += Math.exp(-(v - m) / gamma);
  return m - gamma * Math.log(s);
}

/**
 * Naive soft-DTW: R is (M+2) × (N+2) with R(0,0) = 0 at the padded corner, following Alg. 1, and the
 * backward of Alg. 2 with F weights exp((R(i+1,j) − w·C(i+1,j) − R(i,j))/γ) (the correct form of the
 * report's eq. 2.7). `allowed(i, j)` restricts the cells (band); D is +∞ elsewhere.
 */
export function naiveSoftDtw(
  cost: number[][],
  gamma: number,
  w: StepWeights = UNIT,
  allowed: (i: number, j: number) => boolean = () => true,
): { value: number; grad: number[][] } {
  const M = cost.length;
  const N = cost[0].length;
  const R: number[][] = Array.from({ length: M + 2 }, () => new Array<number>(N + 2).fill(Infinity));
  const C: number[][] = Array.from({ length: M + 2 }, () => new Array<number>(N + 2).fill(0));
  for (let i = 1; i <= M; i++) for (let j = 1; j <= N; j++) C[i][j] = cost[i - 1][j - 1];
  for (let i = 1; i <= M; i++) {
    for (let j = 1; j <= N; j++) {
      if (!allowed(i - 1, j - 1)) continue;
      if (i === 1 && j === 1) {
        R[1][1] = C[1][1];
        continue;
      }
      R[i][j] = softminList([R[i - 1][j] + w.wv * C[i][j], R[i][j - 1] + w.wh * C[i][j], R[i - 1][j - 1] + w.wd * C[i][j]], gamma);
    }
  }
  const value = R[M][N];
  // Backward: E(i,j) = Σ over successors of E(succ)·∂R(succ)/∂R(i,j).
  const E: number[][] = Array.from({ length: M + 2 }, () => new Array<number>(N + 2).fill(0));
  const G: number[][] = Array.from({ length: M }, () => new Array<number>(N).fill(0));
  const weight = (ri: number, rj: number, pi: number, pj: number, step: number): number => {
    // ∂R(ri,rj)/∂R(pi,pj) = exp((R(ri,rj) − step·C(ri,rj) − R(pi,pj))/γ), 0 if either is outside.
    if (ri > M || rj > N || R[ri][rj] === Infinity || R[pi][pj] === Infinity) return 0;
    return Math.exp((R[ri][rj] - step * C[ri][rj] - R[pi][pj]) / gamma);
  };
  for (let i = M; i >= 1; i--) {
    for (let j = N; j >= 1; j--) {
      if (R[i][j] === Infinity) continue;
      if (i === M && j === N) E[i][j] = 1;
      else
        E[i][j] =
          E[i + 1][j] * weight(i + 1, j, i, j, w.wv) +
          E[i][j + 1] * weight(i, j + 1, i, j, w.wh) +
          E[i + 1][j + 1] * weight(i + 1, j + 1, i, j, w.wd);
      // ∂R(i,j)/∂C(i,j) = Σ_step w_step · p_step(i,j)
      let g = 1;
      if (!(i === 1 && j === 1)) {
        g =
          w.wv * weight(i, j, i - 1, j, w.wv) +
          w.wh * weight(i, j, i, j - 1, w.wh) +
          w.wd * weight(i, j, i - 1, j - 1, w.wd);
      }
      G[i - 1][j - 1] = E[i][j] * g;
    }
  }
  return { value, grad: G };
}

/** Every monotone path (0,0) → (M−1,N−1) with steps (1,0), (0,1), (1,1), as lists of [i, j, step]. */
export function allPaths(M: number, N: number): Array<Array<[number, number, "v" | "h" | "d" | "start"]>> {
  const out: Array<Array<[number, number, "v" | "h" | "d" | "start"]>> = [];
  const walk = (path: Array<[number, number, "v" | "h" | "d" | "start"]>): void => {
    const [i, j] = path[path.length - 1];
    if (i === M - 1 && j === N - 1) {
      out.push(path.slice());
      return;
    }
    if (i + 1 < M) walk([...path, [i + 1, j, "v"]]);
    if (j + 1 < N) walk([...path, [i, j + 1, "h"]]);
    if (i + 1 < M && j + 1 < N) walk([...path, [i + 1, j + 1, "d"]]);
  };
  walk([[0, 0, "start"]]);
  return out;
}

/** Soft-min over every allowed path of its weighted cost (value), and the gradient by the same sum. */
export function bruteForceSoftDtw(
  cost: number[][],
  gamma: number,
  w: StepWeights = UNIT,
  allowed: (i: number, j: number) => boolean = () => true,
): { value: number; grad: number[][]; paths: number } {
  const M = cost.length;
  const N = cost[0].length;
  const paths = allPaths(M, N).filter((p) => p.every(([i, j]) => allowed(i, j)));
  const stepWeight = { start: 1, v: w.wv, h: w.wh, d: w.wd };
  const costs = paths.map((p) => p.reduce((s, [i, j, step]) => s + stepWeight[step] * cost[i][j], 0));
  const value = softminList(costs, gamma);
  // ∂value/∂C(i,j) = Σ_paths P(path) · (weight with which the path counts C(i,j)), P = Gibbs.
  const grad = Array.from({ length: M }, () => new Array<number>(N).fill(0));
  paths.forEach((p, k) => {
    const prob = Math.exp(-(costs[k] - value) / gamma);
    for (const [i, j, step] of p) grad[i][j] += prob * stepWeight[step];
  });
  return { value, grad, paths: paths.length };
}

/** Hard DTW by brute force (minimum path cost). */
export function bruteForceDtw(cost: number[][], w: StepWeights = UNIT): number {
  const stepWeight = { start: 1, v: w.wv, h: w.wh, d: w.wd };
  let best = Infinity;
  for (const p of allPaths(cost.length, cost[0].length)) {
    best = Math.min(best, p.reduce((s, [i, j, step]) => s + stepWeight[step] * cost[i][j], 0));
  }
  return best;
}

/** log Σ exp over a list (−∞ for an empty or all −∞ list). */
export function logSumExp(values: number[]): number {
  const m = Math.max(...values);
  if (m === -Infinity || values.length === 0) return -Infinity;
  let s = 0;
  for (const v of values) s += Math.exp(v - m);
  return m + Math.log(s);
}

/** Collapse a frame path: merge repeats, then drop blanks (Graves et al. 2006, the map B). */
export function collapse(path: number[], blank: number): number[] {
  const out: number[] = [];
  let last = -1;
  for (const k of path) {
    if (k !== last && k !== blank) out.push(k);
    last = k;
  }
  return out;
}

/** CTC by enumerating all C^T frame paths: NLL and ∂NLL/∂logp(t,k) = −P(π_t = k | labels). */
export function bruteForceCtc(logp: number[][], labels: number[], blank: number): { value: number; grad: number[][] } {
  const T = logp.length;
  const C = logp[0].length;
  const scores: number[] = [];
  const hits: number[][] = [];
  const path = new Array<number>(T).fill(0);
  const total = C ** T;
  for (let code = 0; code < total; code++) {
    let x = code;
    for (let t = 0; t < T; t++) {
      path[t] = x % C;
      x = Math.floor(x / C);
    }
    const out = collapse(path, blank);
    if (out.length !== labels.length || out.some((k, i) => k !== labels[i])) continue;
    let s = 0;
    for (let t = 0; t < T; t++) s += logp[t][path[t]];
    scores.push(s);
    hits.push(path.slice());
  }
  const logP = logSumExp(scores);
  const grad = Array.from({ length: T }, () => new Array<number>(C).fill(0));
  if (logP === -Infinity) return { value: Infinity, grad };
  scores.forEach((s, n) => {
    const prob = Math.exp(s - logP);
    for (let t = 0; t < T; t++) grad[t][hits[n][t]] -= prob;
  });
  return { value: -logP, grad };
}

/** Naive log-space CTC forward–backward (α, β, Graves 2006 eqs. 6–16), plain exp/log. */
export function naiveCtc(logp: number[][], labels: number[], blank: number): { value: number; grad: number[][] } {
  const T = logp.length;
  const C = logp[0].length;
  const ext: number[] = [blank];
  for (const l of labels) ext.push(l, blank);
  const S = ext.length;
  const alpha = Array.from({ length: T }, () => new Array<number>(S).fill(-Infinity));
  const beta = Array.from({ length: T }, () => new Array<number>(S).fill(-Infinity));
  alpha[0][0] = logp[0][ext[0]];
  if (S > 1) alpha[0][1] = logp[0][ext[1]];
  for (let t = 1; t < T; t++) {
    for (let s = 0; s < S; s++) {
      const terms = [alpha[t - 1][s]];
      if (s >= 1) terms.push(alpha[t - 1][s - 1]);
      if (s >= 2 && ext[s] !== blank && ext[s] !== ext[s - 2]) terms.push(alpha[t - 1][s - 2]);
      alpha[t][s] = logp[t][ext[s]] + logSumExp(terms);
    }
  }
  // β_t(s) here excludes the emission at t: β_{T−1}(S−1) = β_{T−1}(S−2) = 0.
  beta[T - 1][S - 1] = 0;
  if (S > 1) beta[T - 1][S - 2] = 0;
  for (let t = T - 2; t >= 0; t--) {
    for (let s = 0; s < S; s++) {
      const terms = [beta[t + 1][s] + logp[t + 1][ext[s]]];
      if (s + 1 < S) terms.push(beta[t + 1][s + 1] + logp[t + 1][ext[s + 1]]);
      if (s + 2 < S && ext[s + 2] !== blank && ext[s + 2] !== ext[s]) terms.push(beta[t + 1][s + 2] + logp[t + 1][ext[s + 2]]);
      beta[t][s] = logSumExp(terms);
    }
  }
  const logP = logSumExp(S > 1 ? [alpha[T - 1][S - 1], alpha[T - 1][S - 2]] : [alpha[T - 1][0]]);
  const grad = Array.from({ length: T }, () => new Array<number>(C).fill(0));
  if (logP === -Infinity) return { value: Infinity, grad };
  for (let t = 0; t < T; t++) for (let s = 0; s < S; s++) grad[t][ext[s]] -= Math.exp(alpha[t][s] + beta[t][s] - logP);
  return { value: -logP, grad };
}

/**
 * Central finite differences of f at x (a flat copy of the same type is perturbed entry by entry:
 * a Float32Array input is perturbed in float32, as a tfjs op sees it).
 */
export function finiteDifferences<T extends Float64Array | Float32Array>(f: (x: T) => number, x: T, h = 1e-6): Float64Array {
  const g = new Float64Array(x.length);
  const y = x.slice() as T;
  for (let k = 0; k < x.length; k++) {
    y[k] = x[k] + h;
    const up = f(y);
    y[k] = x[k] - h;
    const down = f(y);
    y[k] = x[k];
    g[k] = (up - down) / (2 * h);
  }
  return g;
}

/** max |a − b| / max(|b|∞, floor): one relative error for a whole array. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-300): number {
  let scale = floor;
  for (let k = 0; k < b.length; k++) scale = Math.max(scale, Math.abs(b[k]));
  let err = 0;
  for (let k = 0; k < a.length; k++) err = Math.max(err, Math.abs(a[k] - b[k]));
  return err / scale;
}

export const flat = (m: number[][]): number[] => m.flat();

/** log-softmax of one row (max-shifted; plain JS, independent of the code under test). */
export function logSoftmaxRow(z: number[]): number[] {
  const m = Math.max(...z);
  const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
  return z.map((v) => v - lse);
}

/** Plain CTC value of arbitrary (unnormalised) log-scores by the α recursion (plain exp/log, T·S states). */
export function ctcForwardFree(scores: number[][], labels: number[], blank: number): number {
  const ext = [blank];
  for (const l of labels) ext.push(l, blank);
  const S = ext.length;
  let alpha = ext.map((k, s) => (s < 2 ? Math.exp(scores[0][k]) : 0));
  for (let t = 1; t < scores.length; t++) {
    alpha = ext.map((k, s) => {
      let a = alpha[s] + (s >= 1 ? alpha[s - 1] : 0);
      if (s >= 2 && k !== blank && ext[s - 2] !== k) a += alpha[s - 2];
      return a * Math.exp(scores[t][k]);
    });
  }
  return -Math.log(alpha[S - 1] + alpha[S - 2]);
}

/**
 * The soft-DTW loss (mean over B items) of predictions x [B][T][K] against one-hot-or-not targets
 * [B][M_b][K] on a hand-shaped squared cost C'(i, j) = r(b, i)·‖y_i − x_j‖² + a(b, i, j), with its
 * gradient ∂/∂x_j = Σ_i G'(i, j)·r(b, i)·2(x_j − y_i) (a is a constant) — the plain float64
 * reference of the cost-shaping options (diagonal prior, class weights, cost prior), on naiveSoftDtw.
 */
export function shapedSoftDtwReference(o: {
  x: Float32Array;
  dims: { B: number; T: number; K: number };
  targets: number[][][];
  gamma: number;
  rowWeight?: (b: number, i: number) => number;
  added: (b: number, i: number, j: number) => number;
}): { value: number; grad: Float64Array } {
  const { x, targets, gamma } = o;
  const { B, T, K } = o.dims;
  const r = o.rowWeight ?? (() => 1);
  const grad = new Float64Array(B * T * K);
  let total = 0;
  for (let b = 0; b < B; b++) {
    const xs = Array.from({ length: T }, (_, t) => Array.from(x.subarray((b * T + t) * K, (b * T + t + 1) * K)));
    const cost = targets[b].map((y, i) => xs.map((xj, j) => r(b, i) * xj.reduce((s, v, k) => s + (y[k] - v) ** 2, 0) + o.added(b, i, j)));
    const { value, grad: G } = naiveSoftDtw(cost, gamma);
    total += value / B;
    xs.forEach((xj, j) => xj.forEach((v, k) => (grad[(b * T + j) * K + k] = targets[b].reduce((s, y, i) => s + G[i][j] * r(b, i) * 2 * (v - y[k]), 0) / B)));
  }
  return { value: total, grad };
}

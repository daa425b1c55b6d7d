/**
 * Estimates of the time left, for the progress of `run` and `batch` (issue 19). Pure: every time
 * comes from the caller's clock (seconds), so tests drive it with a fake one.
 *
 * A run: seconds per epoch so far × the epochs left. With early stopping two figures: the epochs
 * left until `stopBy` (where the run stops if the validation loss does not improve any more: the
 * likely end once it has flattened) and until `training.epochs` (the most it can take).
 *
 * A batch: work is counted in lane-seconds and shared by the `jobs` lanes.
 *  - A finished run took what it took.
 *  - A running run: its seconds per epoch × the epochs to its expected end (`stopBy` with early
 *    stopping, else `epochs`).
 *  - A waiting run: its expected cost (order.ts, relative units) × the seconds per unit that the
 *    finished runs of its row took; before any run of its row finished, those of its method's
 *    finished runs (`kind`), then those of all finished runs; before any run finished, the running
 *    runs' projected seconds per unit. Early stopping enters through these measured rates: runs
 *    that stopped early took fewer seconds per unit.
 *  - The time left is the lane-seconds left ÷ jobs, but never less than the longest running run's
 *    own remainder (a lane cannot share it).
 */

export interface RunEtaInput {
  elapsedSec: number;
  /** Epochs done (≥ 1). */
  epoch: number;
  epochs: number;
  stopBy?: number;
}

export interface RunEta {
  /** Seconds to the expected end (stopBy with early stopping, else the last epoch). */
  expectedSec: number;
  /** Seconds to the last epoch (the most it can take). */
  atMostSec: number;
}

export function runEta(p: RunEtaInput): RunEta {
  const perEpoch = p.elapsedSec / Math.max(1, p.epoch);
  const end = Math.max(p.epoch, Math.min(p.stopBy ?? p.epochs, p.epochs));
  return { expectedSec: perEpoch * (end - p.epoch), atMostSec: perEpoch * (p.epochs - p.epoch) };
}

export interface PlannedRun {
  key: string;
  /** Runs of one row share their measured rate. */
  group: string;
  /**
   * Runs of one method (loss and targets) share theirs too: a waiting run whose row has no finished
   * run yet takes the rate of finished runs of its method, before that of all finished runs (the
   * per-method factors of order.ts are rough, and the rates measured here correct them).
   */
  kind?: string;
  /** Expected cost in relative units (order.ts). */
  cost: number;
}

export interface BatchStatus {
  done: number;
  total: number;
  running: number;
  elapsedSec: number;
  /** null until something has been measured. */
  leftSec: number | null;
}

export interface BatchEta {
  start(key: string): void;
  epoch(key: string, p: { epoch: number; epochs: number; stopBy?: number }): void;
  finish(key: string): void;
  status(): BatchStatus;
}

interface RunState {
  plan: PlannedRun;
  startedSec?: number;
  /** Seconds the run took (finished runs). */
  tookSec?: number;
  last?: { epoch: number; epochs: number; stopBy?: number; atSec: number };
}

export function createBatchEta(runs: readonly PlannedRun[], opts: { jobs: number; now: () => number }): BatchEta {
  const startedSec = opts.now();
  const state = new Map<string, RunState>(runs.map((plan) => [plan.key, { plan }]));
  const get = (key: string) => {
    const s = state.get(key);
    if (!s) throw new Error(`unknown run ${key}`);
    return s;
  };
  return {
    start(key) {
      get(key).startedSec = opts.now();
    },
    epoch(key, p) {
      const s = get(key);
      s.startedSec ??= opts.now();
      s.last = { ...p, atSec: opts.now() };
    },
    finish(key) {
      const s = get(key);
      s.tookSec = opts.now() - (s.startedSec ?? opts.now());
    },
    status() {
      const all = [...state.values()];
      const done = all.filter((s) => s.tookSec !== undefined);
      const running = all.filter((s) => s.tookSec === undefined && s.startedSec !== undefined);
      const waiting = all.filter((s) => s.startedSec === undefined);
      const now = opts.now();
      const remainder = (s: RunState): number | null => {
        if (!s.last) return null;
        return runEta({ elapsedSec: s.last.atSec - s.startedSec!, epoch: s.last.epoch, epochs: s.last.epochs, stopBy: s.last.stopBy }).expectedSec - (now - s.last.atSec);
      };
      const rate = rateOf(done, running, remainder, now);
      const rateFor = (p: PlannedRun) => rate.byGroup.get(p.group) ?? (p.kind === undefined ? undefined : rate.byKind.get(p.kind)) ?? rate.global;
      const laneLeft = (s: RunState): number | null => {
        const left = s.startedSec === undefined ? null : remainder(s);
        if (left !== null) return Math.max(0, left);
        const r = rateFor(s.plan);
        if (r === null) return null;
        // not started, or no epoch yet (features): its expected seconds, less any already spent
        return Math.max(0, s.plan.cost * r - (s.startedSec === undefined ? 0 : now - s.startedSec));
      };
      const runningLeft = running.map(laneLeft);
      const waitingLeft = waiting.map(laneLeft);
      const parts = [...runningLeft, ...waitingLeft];
      const leftSec = parts.includes(null)
        ? null
        : Math.max((parts as number[]).reduce((a, b) => a + b, 0) / Math.max(1, opts.jobs), ...(runningLeft as number[]), 0);
      return { done: done.length, total: all.length, running: running.length, elapsedSec: now - startedSec, leftSec };
    },
  };
}

/** Seconds per cost unit: per group and overall from finished runs, else from the running runs' projections. */
function rateOf(
  done: RunState[],
  running: RunState[],
  remainder: (s: RunState) => number | null,
  now: number,
): { byGroup: Map<string, number>; byKind: Map<string, number>; global: number | null } {
  const ratesBy = (keyOf: (p: PlannedRun) => string | undefined): Map<string, number> => {
    const sums = new Map<string, { sec: number; cost: number }>();
    for (const s of done) {
      const key = keyOf(s.plan);
      if (key === undefined) continue;
      const g = sums.get(key) ?? { sec: 0, cost: 0 };
      g.sec += s.tookSec!;
      g.cost += s.plan.cost;
      sums.set(key, g);
    }
    return new Map([...sums].map(([key, g]) => [key, g.sec / g.cost]));
  };
  const byGroup = ratesBy((p) => p.group);
  const byKind = ratesBy((p) => p.kind);
  if (done.length > 0) {
    const sec = done.reduce((a, s) => a + s.tookSec!, 0);
    const cost = done.reduce((a, s) => a + s.plan.cost, 0);
    return { byGroup, byKind, global: sec / cost };
  }
  const projected = running
    .map((s) => ({ s, left: remainder(s) }))
    .filter((x) => x.left !== null)
    .map(({ s, left }) => ({ sec: now - s.startedSec! + Math.max(0, left!), cost: s.plan.cost }));
  if (projected.length === 0) return { byGroup, byKind, global: null };
  return { byGroup, byKind, global: projected.reduce((a, p) => a + p.sec, 0) / projected.reduce((a, p) => a + p.cost, 0) };
}

/** 75 → "1m15s", 3725 → "1h02m", 9 → "9s". */
export function formatDuration(sec: number): string {
  const s = Math.max(0, Math.round(sec));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** "12/30 runs · 4m10s elapsed · about 6m20s left" (or "estimating" before anything is measured). */
export function formatBatchStatus(s: BatchStatus): string {
  const left = s.leftSec === null ? "estimating time left" : `about ${formatDuration(s.leftSec)} left`;
  return `${s.done}/${s.total} runs · ${formatDuration(s.elapsedSec)} elapsed · ${left}`;
}

/**
 * The distortion sweep (configs/distortion.yaml): a score against the boundary jitter σ of the
 * training labels, one line per loss, the mean over seeds as a dot with its 95 % confidence
 * interval as a bar (no bar for a single seed). One panel per score (test F1, minor recall).
 */
import { BASE_CONFIG, ROW_SCHEME, type LayerPanel, type UnitPanel, type VegaLiteSpec } from "./common.js";

export const SWEEP_METRICS = ["test F1", "minor recall"] as const;

export interface SweepScore {
  /** The line: a loss as the table names it, e.g. "Soft-DTW (uniform)". */
  loss: string;
  jitterSec: number;
  metric: (typeof SWEEP_METRICS)[number];
  mean: number;
  /** Half-width of the 95 % CI; NaN for a single seed. */
  ci95: number;
  n: number;
}

export interface SweepPoint extends SweepScore {
  lo: number | null;
  hi: number | null;
}

/**
 * The plotted points: finite means only, in the given order; throws on a duplicate (loss, σ,
 * metric). Both scores are fractions, so the interval is clipped to [0, 1] (with two or three
 * seeds t·sd/√n easily passes 1, and would squash the lines).
 */
export function sweepPoints(scores: readonly SweepScore[]): SweepPoint[] {
  const seen = new Set<string>();
  for (const s of scores) {
    const key = `${s.loss}\u0000${s.jitterSec}\u0000${s.metric}`;
    if (seen.has(key)) throw new Error(`two rows of "${s.loss}" at jitter ${s.jitterSec} s (${s.metric})`);
    seen.add(key);
  }
  return scores
    .filter((s) => Number.isFinite(s.mean) && Number.isFinite(s.jitterSec))
    .map((s) => {
      const has = Number.isFinite(s.ci95);
      return { ...s, lo: has ? Math.max(0, s.mean - s.ci95) : null, hi: has ? Math.min(1, s.mean + s.ci95) : null };
    });
}

export function distortionFigure(scores: readonly SweepScore[]): VegaLiteSpec {
  const points = sweepPoints(scores);
  if (points.length === 0) throw new Error("no finite scores to plot");
  const losses = [...new Set(points.map((p) => p.loss))];
  const x = { field: "jitterSec", type: "quantitative" as const, title: "boundary jitter σ of the training labels (s)" };
  const color = { field: "loss", type: "nominal" as const, title: "loss", sort: losses, scale: { scheme: ROW_SCHEME }, legend: { labelLimit: 480 } };
  const line: UnitPanel = {
    mark: { type: "line", point: { filled: true, size: 60 } },
    encoding: {
      x,
      y: { field: "mean", type: "quantitative", title: "mean over seeds (bar: 95 % CI)", scale: { zero: false } },
      color,
      tooltip: [{ field: "loss" }, { field: "metric" }, { field: "jitterSec", title: "σ (s)" }, { field: "mean", format: ".3f" }, { field: "ci95", format: ".3f" }, { field: "n" }],
    },
  };
  const ci: UnitPanel = {
    transform: [{ filter: "datum.lo !== null" }],
    mark: { type: "rule", strokeWidth: 2, opacity: 0.6 },
    encoding: { x, y: { field: "lo", type: "quantitative" }, y2: { field: "hi" }, color },
  };
  // As in the scores chart: an all-filtered CI layer makes vega warn, so draw it only when used.
  const layer = points.some((p) => p.lo !== null) ? [ci, line] : [line];
  const panel: LayerPanel = { width: 320, height: 220, layer };
  const metrics = SWEEP_METRICS.filter((m) => points.some((p) => p.metric === m));
  return {
    config: BASE_CONFIG,
    title: "Scores against the timing error of the training labels",
    data: { values: points },
    facet: { column: { field: "metric", type: "nominal", title: null, sort: metrics } },
    spec: panel,
    resolve: { scale: { y: "independent" } },
  };
}

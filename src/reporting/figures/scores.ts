/**
 * Batch overview (Table 4.1 as a chart): test F1, majmin accuracy and minor recall per batch row,
 * the mean over seeds as a dot with its 95 % confidence interval as a bar (no bar for a single
 * seed). Minor recall is there so that a collapsed minor template shows at a glance.
 */
import { BASE_CONFIG, type LayerPanel, type UnitPanel, type VegaLiteSpec } from "./common.js";

const METRICS = ["test F1", "majmin", "minor recall"] as const;

export interface RowScore {
  row: string;
  metric: (typeof METRICS)[number];
  mean: number;
  /** Half-width of the 95 % CI; NaN for a single seed. */
  ci95: number;
  n: number;
}

export interface ScorePoint extends RowScore {
  lo: number | null;
  hi: number | null;
}

export function scorePoints(scores: readonly RowScore[]): ScorePoint[] {
  return scores
    .filter((s) => Number.isFinite(s.mean))
    .map((s) => {
      const has = Number.isFinite(s.ci95);
      return { ...s, lo: has ? s.mean - s.ci95 : null, hi: has ? s.mean + s.ci95 : null };
    });
}

export function scoresFigure(scores: readonly RowScore[]): VegaLiteSpec {
  const points = scorePoints(scores);
  if (points.length === 0) throw new Error("no finite scores to plot");
  const rows = [...new Set(points.map((p) => p.row))];
  const y = { field: "row", type: "nominal" as const, title: "batch row", sort: rows };
  const colour = { field: "metric", type: "nominal" as const, title: "score", scale: { domain: [...METRICS], range: ["#31688e", "#e66101", "#5e3c99"] } };
  const yOffset = { field: "metric", type: "nominal" as const, sort: [...METRICS] };
  const ci: UnitPanel = {
    transform: [{ filter: "datum.lo !== null" }],
    mark: { type: "rule", strokeWidth: 2 },
    encoding: { y, yOffset, x: { field: "lo", type: "quantitative" }, x2: { field: "hi" }, color: colour },
  };
  const dot: UnitPanel = {
    mark: { type: "point", filled: true, size: 70 },
    encoding: {
      y,
      yOffset,
      x: { field: "mean", type: "quantitative", title: "score (mean over seeds, bar: 95 % CI)", scale: { zero: false } },
      color: colour,
      shape: { field: "metric", type: "nominal", scale: { domain: [...METRICS], range: ["circle", "square", "triangle-up"] } },
      tooltip: [{ field: "row" }, { field: "metric" }, { field: "mean", format: ".3f" }, { field: "ci95", format: ".3f" }, { field: "n" }],
    },
  };
  // A layer whose filter leaves no data makes vega warn about an infinite extent: draw the CI
  // bars only when some row has two or more seeds.
  const anyCi = points.some((p) => p.lo !== null);
  const layered: LayerPanel = { width: 520, height: { step: 34 }, data: { values: points }, layer: anyCi ? [ci, dot] : [dot] };
  return { config: BASE_CONFIG, title: "Test scores per batch row", ...layered };
}

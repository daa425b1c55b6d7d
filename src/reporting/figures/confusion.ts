/**
 * The 25 × 25 confusion matrix of the test frames: rows = reference class, columns = estimated
 * class, in the order C…B, Cm…Bm, N (index 24); a sevenths context model's is 61 × 61 (N at 60). Colour is the frame count on a square-root
 * scale (the diagonal would otherwise hide every confusion); zero cells are white and non-zero counts
 * are written in.
 */
import { BASE_CONFIG, classLabelsOf, type LayerPanel, type UnitPanel, type VegaLiteSpec } from "./common.js";

export interface ConfusionCell {
  reference: string;
  estimate: string;
  refIndex: number;
  estIndex: number;
  count: number;
  /** The count as text; "" for zero cells. */
  label: string;
  /** Whether the cell is dark enough to need white text. */
  dark: boolean;
}

export function confusionCells(matrix: readonly (readonly number[])[]): ConfusionCell[] {
  const labels = classLabelsOf(matrix.length);
  if (matrix.some((row) => row.length !== matrix.length)) throw new Error(`confusion matrix must be square, got ${matrix.length} rows`);
  const max = Math.max(1, ...matrix.flat());
  return matrix.flatMap((row, refIndex) =>
    row.map((count, estIndex) => ({
      reference: labels[refIndex],
      estimate: labels[estIndex],
      refIndex,
      estIndex,
      count,
      label: count > 0 ? String(count) : "",
      dark: Math.sqrt(count / max) > 0.55,
    })),
  );
}

export function confusionFigure(matrix: readonly (readonly number[])[]): VegaLiteSpec {
  const cells = confusionCells(matrix);
  const total = cells.reduce((s, c) => s + c.count, 0);
  const correct = cells.filter((c) => c.refIndex === c.estIndex).reduce((s, c) => s + c.count, 0);
  const labels = classLabelsOf(matrix.length);
  const x = { field: "estimate", type: "ordinal" as const, title: "estimated chord", sort: [...labels], axis: { orient: "top" as const, labelAngle: -90, labelAlign: "left" as const, labelBaseline: "middle" as const } };
  const y = { field: "reference", type: "ordinal" as const, title: "reference chord", sort: [...labels] };
  const heat: UnitPanel = {
    mark: { type: "rect", stroke: "#eeeeee", strokeWidth: 0.5, aria: false },
    encoding: {
      x,
      y,
      // Zero cells white, so the few confusions stand out; magma (reversed) for the counts.
      color: {
        condition: { test: "datum.count === 0", value: "white" },
        field: "count",
        type: "quantitative",
        title: "frames",
        scale: { type: "sqrt", scheme: "magma", reverse: true, domainMin: 0 },
      },
    },
  };
  const text: UnitPanel = {
    mark: { type: "text", fontSize: 9, aria: false },
    encoding: {
      x,
      y,
      text: { field: "label" },
      color: { field: "dark", type: "nominal", legend: null, scale: { domain: [false, true], range: ["black", "white"] } },
    },
  };
  const layered: LayerPanel = { width: 575, height: 575, data: { values: cells }, layer: [heat, text], resolve: { scale: { color: "independent" } } };
  return {
    config: BASE_CONFIG,
    title: `Confusion matrix of the test frames (${correct} of ${total} on the diagonal)`,
    ...layered,
  };
}

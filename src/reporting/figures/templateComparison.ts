/**
 * Batch view of Figure 4.3: the learned major and minor 12-vectors of each batch row (one line
 * per row, its first completed run) over pitch classes C…B, with the binary-triad
 * initialisation as a grey dashed line.
 */
import { BASE_CONFIG, PITCH_CLASSES, ROW_SCHEME, type LayerPanel, type UnitPanel, type VegaLiteSpec } from "./common.js";

export interface RowTemplates {
  row: string;
  major: number[];
  minor: number[];
}

export interface TemplatePoint {
  row: string;
  quality: "major" | "minor";
  pitch: string;
  pitchIndex: number;
  weight: number;
}

export function templatePoints(rows: readonly RowTemplates[]): TemplatePoint[] {
  return rows.flatMap((r) =>
    (["major", "minor"] as const).flatMap((quality) =>
      r[quality].map((weight, pitchIndex) => ({ row: r.row, quality, pitch: PITCH_CLASSES[pitchIndex], pitchIndex, weight })),
    ),
  );
}

const INIT: Record<"major" | "minor", number[]> = {
  major: [1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0],
  minor: [1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0],
};

function qualityPanel(quality: "major" | "minor", points: TemplatePoint[], rows: string[]): LayerPanel {
  const x = { field: "pitch", type: "ordinal" as const, title: "pitch class", sort: [...PITCH_CLASSES], axis: { labelAngle: 0 } };
  const init: UnitPanel = {
    data: { values: INIT[quality].map((weight, i) => ({ pitch: PITCH_CLASSES[i], weight })) },
    mark: { type: "line", color: "#999999", strokeDash: [4, 3], strokeWidth: 1.2 },
    encoding: { x, y: { field: "weight", type: "quantitative" } },
  };
  const learned: UnitPanel = {
    data: { values: points.filter((p) => p.quality === quality) },
    mark: { type: "line", point: true, strokeWidth: 1.8 },
    encoding: {
      x,
      y: { field: "weight", type: "quantitative", title: "weight" },
      color: { field: "row", type: "nominal", title: "batch row", scale: { domain: rows, scheme: ROW_SCHEME } },
    },
  };
  return { title: `${quality} (C-rooted)`, width: 320, height: 200, layer: [init, learned] };
}

export function templateComparisonFigure(rows: readonly RowTemplates[]): VegaLiteSpec {
  if (rows.length === 0) throw new Error("templateComparisonFigure needs at least one row");
  const points = templatePoints(rows);
  const labels = rows.map((r) => r.row);
  return {
    config: BASE_CONFIG,
    title: "Learned templates per batch row (grey dashed: binary-triad initialisation)",
    resolve: { scale: { color: "shared", y: "shared" } },
    hconcat: [qualityPanel("major", points, labels), qualityPanel("minor", points, labels)],
  };
}

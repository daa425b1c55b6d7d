/**
 * The soft alignment learned by soft-DTW: E = ∂softDTW/∂C (M targets × N frames, the expected
 * alignment matrix of Cuturi & Blondel 2017) of one validation segment at chosen epochs, one
 * heatmap per epoch with the hard DTW path drawn over it (white halo, black core).
 *
 * Cells below 0.2 % of the largest value are not drawn as marks (the panel background has the
 * colour of 0), which keeps long soft targets (75 × 150) to a few thousand SVG elements.
 */
import type { Scale } from "vega-lite/types_unstable/scale.js";
import type { AlignmentRecord } from "../../training/types.js";
import { BASE_CONFIG, HEATMAP_SCHEME, VIRIDIS_ZERO, classLabel, type LayerPanel, type UnitPanel, type VegaLiteSpec } from "./common.js";

/**
 * One entry of artifacts.json → alignments: the record training writes, read with `which` as any
 * label (panels of equal epochs are merged into "best, last").
 */
export type AlignmentData = Omit<AlignmentRecord, "which"> & { which: string };

export interface AlignmentCell {
  i: number;
  i2: number;
  j: number;
  j2: number;
  e: number;
}

export interface PathPoint {
  step: number;
  i: number;
  j: number;
}

const DRAW_FRACTION = 0.002;

export function checkAlignment(a: AlignmentData): void {
  if (a.E.length !== a.rows * a.cols) {
    throw new Error(`alignment at epoch ${a.epoch}: E has ${a.E.length} values, expected rows × cols = ${a.rows} × ${a.cols}`);
  }
  if (a.targets.length !== a.rows) throw new Error(`alignment at epoch ${a.epoch}: ${a.targets.length} targets for ${a.rows} rows`);
}

export function alignmentCells(a: AlignmentData): AlignmentCell[] {
  const cells: AlignmentCell[] = [];
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) cells.push({ i, i2: i + 1, j, j2: j + 1, e: a.E[i * a.cols + j] });
  }
  return cells;
}

export function pathPoints(a: AlignmentData): PathPoint[] {
  return a.path.map(([i, j], step) => ({ step, i, j }));
}

/**
 * Vega expression naming the chord at target position ⌊value⌋ (labels sit at cell centres). The
 * targets soft-DTW aligns are major/minor classes for both model families (a context run aligns
 * its labels' major/minor view: training/batches.ts prepareSet), so they are named in `majmin`.
 */
function targetLabelExpr(targets: readonly number[]): string {
  const names = targets.map((c) => `'${classLabel(c, "majmin")}'`).join(",");
  return `[${names}][floor(datum.value)]`;
}

function pathLayer(points: PathPoint[], colour: string, width: number): UnitPanel {
  return {
    data: { values: points },
    transform: [{ calculate: "datum.j + 0.5", as: "x" }, { calculate: "datum.i + 0.5", as: "y" }],
    mark: { type: "line", color: colour, strokeWidth: width, interpolate: "linear" },
    encoding: {
      x: { field: "x", type: "quantitative" },
      y: { field: "y", type: "quantitative" },
      order: { field: "step", type: "quantitative" },
    },
  };
}

function alignmentPanel(a: AlignmentData, maxE: number): LayerPanel {
  checkAlignment(a);
  const height = Math.min(300, Math.max(140, 12 * a.rows));
  // At most one label per 12 px; vega's own overlap removal is too eager for these labels.
  const every = Math.ceil((a.rows * 12) / height);
  const tickValues = a.targets.map((_, i) => i + 0.5).filter((_, i) => i % every === 0);
  // E is 1 at both corners and spreads thinly over long targets: a square-root scale keeps the
  // interior visible.
  const colourScale: Scale = { type: "sqrt", scheme: HEATMAP_SCHEME, domain: [0, maxE] };
  const heat: UnitPanel = {
    data: { values: alignmentCells(a) },
    transform: [{ filter: `datum.e >= ${maxE * DRAW_FRACTION}` }],
    mark: { type: "rect", strokeWidth: 0.4, aria: false },
    encoding: {
      x: { field: "j", type: "quantitative", title: `frame (N = ${a.cols})`, scale: { domain: [0, a.cols], nice: false } },
      x2: { field: "j2" },
      y: {
        field: "i",
        type: "quantitative",
        title: `target position (M = ${a.rows})`,
        scale: { domain: [0, a.rows], nice: false },
        axis: { values: tickValues, labelExpr: targetLabelExpr(a.targets), labelFontSize: 10, labelOverlap: false },
      },
      y2: { field: "i2" },
      color: { field: "e", type: "quantitative", title: "∂softDTW/∂C", scale: colourScale },
      // A hairline in the fill colour closes the anti-aliasing seams between adjacent cells.
      stroke: { field: "e", type: "quantitative", scale: colourScale, legend: null },
    },
  };
  return {
    title: `epoch ${a.epoch} (${a.which})`,
    width: 280,
    height,
    view: { fill: VIRIDIS_ZERO, stroke: null },
    layer: [heat, pathLayer(pathPoints(a), "white", 3), pathLayer(pathPoints(a), "black", 1.2)],
  };
}

const WHICH_ORDER = ["first", "best", "last", "epoch"];

/**
 * One panel per epoch, in epoch order: when the best epoch is also the last (or the first),
 * the runner records the same matrix twice; draw it once, titled "best, last".
 */
export function mergeSameEpoch(alignments: readonly AlignmentData[]): AlignmentData[] {
  const byEpoch = new Map<number, AlignmentData[]>();
  for (const a of alignments) byEpoch.set(a.epoch, [...(byEpoch.get(a.epoch) ?? []), a]);
  const rank = (w: string) => (WHICH_ORDER.includes(w) ? WHICH_ORDER.indexOf(w) : WHICH_ORDER.length);
  return [...byEpoch.entries()]
    .sort(([x], [y]) => x - y)
    .map(([, same]) => ({ ...same[0], which: [...new Set(same.map((a) => a.which))].sort((x, y) => rank(x) - rank(y)).join(", ") }));
}

/** All alignments must belong to one segment; panels are drawn in the order given. */
export function alignmentFigure(alignments: readonly AlignmentData[]): VegaLiteSpec {
  if (alignments.length === 0) throw new Error("alignmentFigure needs at least one alignment");
  const maxE = Math.max(...alignments.map((a) => a.E.reduce((m, x) => (x > m ? x : m), 0)), 1e-12);
  const first = alignments[0];
  return {
    config: BASE_CONFIG,
    title: `Soft alignment ∂softDTW/∂C with the hard DTW path — ${first.song}, segment ${first.segment}`,
    columns: 3,
    resolve: { scale: { color: "shared" } },
    concat: alignments.map((a) => alignmentPanel(a, maxE)),
  };
}

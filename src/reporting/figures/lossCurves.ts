/**
 * Figure 4.1 of the study: training and validation loss per epoch, with the epoch of the best
 * validation loss (metrics.bestEpoch, the weights that were kept) marked by a vertical rule.
 *
 * One run: train solid, validation dashed. Several runs (a batch): one colour per run label,
 * still solid/dashed by split; runs are grouped into one panel per loss kind because BCE
 * (≈1) and soft-DTW (≈100) losses do not share a useful y scale.
 */
import { BASE_CONFIG, ROW_SCHEME, finiteOrNull, type LayerPanel, type UnitPanel, type VegaLiteSpec } from "./common.js";

/** history.csv, one row per epoch. */
export interface HistoryRow {
  epoch: number;
  trainLoss: number;
  valLoss: number;
  valF?: number;
  seconds?: number;
}

export interface LossCurveRun {
  /** Legend label and colour, e.g. the batch row ("soft16-uniform"); seeds of a row share it. */
  label: string;
  /** Unique id of the run (one line per id); defaults to the label. */
  id?: string;
  /** Loss kind (bce | softDtw | ctc); panels group by it. */
  lossKind?: string;
  history: HistoryRow[];
  bestEpoch?: number;
}

export interface LossPoint {
  run: string;
  id: string;
  epoch: number;
  split: "train" | "validation";
  loss: number | null;
}

export interface BestEpochMark {
  run: string;
  epoch: number;
  label: string;
}

export function lossValues(run: LossCurveRun): LossPoint[] {
  const base = { run: run.label, id: run.id ?? run.label };
  return run.history.flatMap((h) => [
    { ...base, epoch: h.epoch, split: "train" as const, loss: finiteOrNull(h.trainLoss) },
    { ...base, epoch: h.epoch, split: "validation" as const, loss: finiteOrNull(h.valLoss) },
  ]);
}

export function bestEpochMarks(runs: readonly LossCurveRun[]): BestEpochMark[] {
  return runs
    .filter((r) => r.bestEpoch !== undefined && Number.isFinite(r.bestEpoch))
    .map((r) => ({ run: r.label, epoch: r.bestEpoch as number, label: `best epoch ${r.bestEpoch}` }));
}

const LOSS_TITLES: Record<string, string> = { bce: "binary cross-entropy", softDtw: "soft-DTW loss", ctc: "CTC loss" };

export function lossTitle(kind: string | undefined): string {
  return kind === undefined ? "loss" : (LOSS_TITLES[kind] ?? `${kind} loss`);
}

interface PanelOptions {
  colourBy: "split" | "run";
  runLabels: string[];
  title?: string;
  yTitle: string;
}

function lossPanel(runs: readonly LossCurveRun[], opts: PanelOptions): LayerPanel {
  const colour =
    opts.colourBy === "split"
      ? { field: "split", type: "nominal" as const, title: "split", scale: { domain: ["train", "validation"], range: ["#31688e", "#e66101"] } }
      : { field: "run", type: "nominal" as const, title: "run", scale: { domain: opts.runLabels, scheme: ROW_SCHEME } };
  const curves: UnitPanel = {
    data: { values: runs.flatMap(lossValues) },
    mark: { type: "line", strokeWidth: 1.6 },
    encoding: {
      x: { field: "epoch", type: "quantitative", title: "epoch", axis: { tickMinStep: 1, format: "d" } },
      y: { field: "loss", type: "quantitative", title: opts.yTitle, scale: { zero: false } },
      color: colour,
      strokeDash: { field: "split", type: "nominal", title: "split", scale: { domain: ["train", "validation"], range: [[1, 0], [5, 3]] } },
      detail: { field: "id", type: "nominal" },
    },
  };
  const marks = bestEpochMarks(runs);
  const rule: UnitPanel = {
    data: { values: marks },
    mark: { type: "rule", strokeWidth: 1.2, strokeDash: [2, 2] },
    encoding: {
      x: { field: "epoch", type: "quantitative" },
      ...(opts.colourBy === "run" ? { color: { field: "run", type: "nominal" as const } } : { color: { value: "#333333" } }),
    },
  };
  const label: UnitPanel = {
    data: { values: marks },
    mark: { type: "text", align: "left", baseline: "top", dx: 4, dy: 4, y: 0, fontSize: 11, color: "#333333" },
    encoding: { x: { field: "epoch", type: "quantitative" }, text: { field: "label" } },
  };
  const layer = opts.colourBy === "split" ? [curves, rule, label] : [curves, rule];
  return { ...(opts.title ? { title: opts.title } : {}), width: 560, height: 240, layer };
}

export function lossCurvesFigure(runs: readonly LossCurveRun[]): VegaLiteSpec {
  if (runs.length === 0) throw new Error("lossCurvesFigure needs at least one run");
  const title = "Training and validation loss (dotted rule: best validation epoch)";
  if (runs.length === 1) {
    const panel = lossPanel(runs, { colourBy: "split", runLabels: [runs[0].label], yTitle: lossTitle(runs[0].lossKind) });
    return { config: BASE_CONFIG, title, ...panel };
  }
  const runLabels = [...new Set(runs.map((r) => r.label))];
  const kinds = [...new Set(runs.map((r) => r.lossKind ?? "loss"))];
  const panels = kinds.map((kind) =>
    lossPanel(
      runs.filter((r) => (r.lossKind ?? "loss") === kind),
      { colourBy: "run", runLabels, title: lossTitle(kind === "loss" ? undefined : kind), yTitle: lossTitle(kind === "loss" ? undefined : kind) },
    ),
  );
  return {
    config: BASE_CONFIG,
    title,
    resolve: { scale: { color: "shared", strokeDash: "shared", y: "independent" } },
    vconcat: panels,
  };
}

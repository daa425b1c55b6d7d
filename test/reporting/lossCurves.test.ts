import { describe, expect, it } from "vitest";
import { lossCurvesFigure, type HistoryRow, type LossCurveRun } from "../../src/reporting/figures/lossCurves.js";
import { renderSvg } from "../../src/reporting/render.js";
import { dataWith, markCount, svgTexts } from "./specData.js";

function history(epochs: number, scale: number): HistoryRow[] {
  return Array.from({ length: epochs }, (_, k) => ({ epoch: k + 1, trainLoss: scale * (2 - k / epochs), valLoss: scale * (2.1 - k / epochs), valF: 0.5, seconds: k }));
}

describe("lossCurvesFigure (study Figure 4.1)", () => {
  it("plots train and validation loss per epoch as given", () => {
    const h = history(12, 1);
    const spec = lossCurvesFigure([{ label: "run", history: h, bestEpoch: 7 }]);
    const values = dataWith(spec, "split");
    expect(values.filter((v) => v.split === "train").map((v) => v.loss)).toEqual(h.map((r) => r.trainLoss));
    expect(values.filter((v) => v.split === "validation").map((v) => v.loss)).toEqual(h.map((r) => r.valLoss));
  });

  it("marks the best epoch at metrics.bestEpoch", async () => {
    const spec = lossCurvesFigure([{ label: "run", history: history(12, 1), bestEpoch: 7 }]);
    expect(dataWith(spec, "label")).toEqual([{ run: "run", epoch: 7, label: "best epoch 7" }]);
    const svg = await renderSvg(spec);
    expect(svgTexts(svg)).toContain("best epoch 7");
    expect(markCount(svg, "rule")).toBe(1);
  });

  it("turns non-finite losses into gaps (null), not zeros", () => {
    const h = history(3, 1);
    h[1].valLoss = NaN;
    const values = dataWith(lossCurvesFigure([{ label: "r", history: h }]), "split");
    expect(values.find((v) => v.split === "validation" && v.epoch === 2)?.loss).toBeNull();
  });

  it("overlays a batch: one colour per row, one line per run, one panel per loss kind", async () => {
    const runs: LossCurveRun[] = [
      { label: "bce", id: "bce/s0", lossKind: "bce", history: history(10, 1), bestEpoch: 4 },
      { label: "bce", id: "bce/s1", lossKind: "bce", history: history(10, 1), bestEpoch: 5 },
      { label: "sdtw", id: "sdtw/s0", lossKind: "softDtw", history: history(10, 100), bestEpoch: 9 },
    ];
    const spec = lossCurvesFigure(runs) as { vconcat: { layer: { encoding: { color: { scale: { domain: string[] } } } }[] }[] };
    expect(spec.vconcat).toHaveLength(2);
    expect(spec.vconcat[0].layer[0].encoding.color.scale.domain).toEqual(["bce", "sdtw"]);
    expect(new Set(dataWith(spec, "split", "binary cross-entropy").map((v) => v.id))).toEqual(new Set(["bce/s0", "bce/s1"]));
    expect(dataWith(spec, "label", "soft-DTW").map((m) => m.epoch)).toEqual([9]);
    const svg = await renderSvg(lossCurvesFigure(runs));
    const texts = svgTexts(svg);
    for (const t of ["epoch", "binary cross-entropy", "soft-DTW loss", "bce", "sdtw"]) expect(texts).toContain(t);
    expect(markCount(svg, "rule")).toBe(3);
  });
});

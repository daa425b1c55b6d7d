import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import { distortionFigure, sweepPoints, type SweepScore } from "../../src/reporting/figures/distortion.js";
import { sweepScores } from "../../src/reporting/figureSet.js";
import { readBatchDir } from "../../src/reporting/readBatch.js";
import { renderSvg } from "../../src/reporting/render.js";
import { buildBatchReport } from "../../src/reporting/index.js";
import { compareCsv, pairedComparisons } from "../../src/experiment/compare.js";
import { parseCompareCsv } from "../../src/reporting/table.js";
import type { RunSummary } from "../../src/experiment/table.js";
import { dataWith, markCount, svgTexts } from "./specData.js";
import { tempDir, writeBatchDir } from "./fixtures.js";

const score = (loss: string, jitterSec: number, mean: number, ci95 = 0.01, metric: SweepScore["metric"] = "test F1"): SweepScore => ({
  loss, jitterSec, metric, mean, ci95, n: 3,
});

describe("distortionFigure (F against boundary jitter, one line per loss)", () => {
  const scores = [
    score("BCE", 0, 0.9), score("BCE", 1, 0.7), score("BCE", 2, 0.5, NaN),
    score("Soft-DTW (uniform)", 0, 0.88), score("Soft-DTW (uniform)", 1, 0.87), score("Soft-DTW (uniform)", 2, NaN),
    score("BCE", 0, 0.6, 0.05, "minor recall"),
  ];

  it("plots every finite mean at its σ, with the CI as [mean − ci95, mean + ci95]", () => {
    const points = dataWith(distortionFigure(scores), "jitterSec");
    expect(points.map((p) => [p.loss, p.metric, p.jitterSec, p.mean])).toEqual([
      ["BCE", "test F1", 0, 0.9], ["BCE", "test F1", 1, 0.7], ["BCE", "test F1", 2, 0.5],
      ["Soft-DTW (uniform)", "test F1", 0, 0.88], ["Soft-DTW (uniform)", "test F1", 1, 0.87],
      ["BCE", "minor recall", 0, 0.6],
    ]);
    expect(points[1]).toMatchObject({ lo: 0.69, hi: 0.71 });
    expect(points[2]).toMatchObject({ lo: null, hi: null });
  });

  it("clips the interval to the range of a fraction, [0, 1]", () => {
    const [p] = sweepPoints([score("CTC", 1, 0.6, 0.7, "minor recall")]);
    expect([p.mean, p.lo, p.hi]).toEqual([0.6, 0, 1]);
  });

  it("refuses two rows of one loss at the same σ (the lines would zigzag)", () => {
    expect(() => sweepPoints([score("BCE", 1, 0.7), score("BCE", 1, 0.8)])).toThrow(/two rows of "BCE" at jitter 1 s/);
    expect(() => distortionFigure([score("BCE", 1, NaN)])).toThrow(/no finite scores/);
  });

  it("renders one panel per score with a line per loss and a CI bar per point that has one", async () => {
    const svg = await renderSvg(distortionFigure(scores));
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(["test F1", "minor recall", "BCE", "Soft-DTW (uniform)", "boundary jitter σ of the training labels (s)"]));
    expect(markCount(svg, "rule")).toBe(5);
  });
});

describe("the sweep in a batch report", () => {
  it("takes σ from each row's config and draws the figure only when rows differ in σ", async () => {
    const dir = writeBatchDir(join(tempDir(), "batch"));
    // The fixture's two rows have no distortion: no sweep.
    expect(sweepScores(readBatchDir(dir))).toEqual([]);
    for (const [run, jitter] of [["bce-strong/20261125-101530-123-s0", 0.5], ["sdtw-16-uniform/20261125-101532-123-s0", 1]] as const) {
      const file = join(dir, run, "config.json");
      const config = JSON.parse(readFileSync(file, "utf8"));
      writeFileSync(file, JSON.stringify({ ...config, distortion: { ...config.distortion, jitterSec: jitter } }));
    }
    const sweep = sweepScores(readBatchDir(dir));
    expect(sweep.filter((s) => s.metric === "test F1").map((s) => [s.loss, s.jitterSec, s.mean])).toEqual([
      ["Binary cross-entropy", 0.5, 0.765],
      ["Soft-DTW (uniform)", 1, 0.761],
    ]);
    const report = await buildBatchReport(dir);
    expect(report.figures.map((f) => f.name)).toContain("distortion");
  }, 60_000);
});

describe("sweepScores: one line per loss", () => {
  const stat = (mean: number) => ({ mean, sd: NaN, ci95: NaN, n: 1 });
  const tableRow = (row: string, loss: string, f: number) => ({
    row, loss, padding: "", targetLength: "150", originalLength: "150", seeds: 1, folds: 0, runs: 1, failed: 0,
    testF1: stat(f), testPrecision: stat(f), testRecall: stat(f), majmin: stat(f), majorRecall: stat(f), minorRecall: stat(f / 2), minorShare: stat(0),
    bestEpoch: stat(1), seconds: stat(1),
  });
  const batchRun = (row: string, jitterSec: number, offsetSec: number) => ({ row, files: { config: { distortion: { jitterSec, offsetSec } } } });

  it("names the offset where one loss has rows with different offsets (a clean reference row)", () => {
    const batch = {
      table: [tableRow("clean", "bce", 0.9), tableRow("j0", "bce", 0.92), tableRow("j1", "bce", 0.8), tableRow("c1", "ctc", 0.85)],
      runs: [batchRun("clean", 0, 0), batchRun("j0", 0, 0.3), batchRun("j1", 1, 0.3), batchRun("c1", 1, 0.3)],
    } as unknown as Parameters<typeof sweepScores>[0];
    const f1 = sweepScores(batch).filter((s) => s.metric === "test F1");
    expect(f1.map((s) => [s.loss, s.jitterSec, s.mean])).toEqual([
      ["Binary cross-entropy, offset 0 s", 0, 0.9],
      ["Binary cross-entropy, offset 0.3 s", 0, 0.92],
      ["Binary cross-entropy, offset 0.3 s", 1, 0.8],
      ["CTC", 1, 0.85],
    ]);
    expect(() => distortionFigure(sweepScores(batch))).not.toThrow();
  });
});

describe("paired comparisons in the batch report", () => {
  const run = (row: string, seed: number, f: number): RunSummary => ({
    row, slug: row, seed, fold: null, dir: "", status: "COMPLETED", loss: "bce", padding: "", targetLength: 150, originalLength: 150,
    testF1: f, testPrecision: f, testRecall: f, majmin: f, majorRecall: f, minorRecall: f, minorShare: 0, bestEpoch: 1, seconds: 1,
    stoppedEpoch: 1, mirEvalSevenths: NaN, mirEvalMajmin: NaN, frameSevenths: NaN, recall7: NaN, recallMaj7: NaN, recallMin7: NaN, recallN: NaN, degenerate: false, reasons: [], stoppedEarly: false,
  });

  // The page shows compare.csv's values (4 decimals) to 3 decimals.
  const csv3 = (x: number) => Number(x.toFixed(4)).toFixed(3);

  it("reads compare.csv back as written and shows it with the interval", async () => {
    const runs = [0.02, 0.04, 0.03, 0.05].flatMap((d, seed) => [run("bce-strong", seed, 0.8 + d), run("sdtw-16-uniform", seed, 0.8)]);
    const comparisons = pairedComparisons(runs, [{ a: "bce-strong", b: "sdtw-16-uniform" }]);
    const lines = parseCompareCsv(compareCsv(comparisons));
    const half = (3.182 * Math.sqrt(0.0005 / 3)) / 2;
    expect(lines[0]).toMatchObject({ a: "bce-strong", b: "sdtw-16-uniform", metric: "test_f1", pairs: 4, diff: 0.035, unpaired: 0 });
    expect(lines[0].lo).toBeCloseTo(0.035 - half, 4);

    const dir = writeBatchDir(join(tempDir(), "batch"));
    writeFileSync(join(dir, "compare.csv"), compareCsv(comparisons));
    const { html } = await buildBatchReport(dir);
    expect(html).toContain("<h2>Paired comparisons</h2>");
    expect(html).toContain(
      `<td>bce-strong</td><td>sdtw-16-uniform</td><td>test_f1</td><td>4</td><td>0.835</td><td>0.800</td><td><strong>+0.035</strong></td><td>[+${csv3(0.035 - half)}, +${csv3(0.035 + half)}]</td>`,
    );
  }, 60_000);

  it("says so when the plan asks for comparisons but compare.csv is missing", () => {
    const dir = writeBatchDir(join(tempDir(), "batch"));
    const plan = JSON.parse(readFileSync(join(dir, "batch.json"), "utf8"));
    writeFileSync(join(dir, "batch.json"), JSON.stringify({ ...plan, compare: [{ a: "bce-strong", b: "sdtw-16-uniform" }] }));
    expect(readBatchDir(dir).problems).toContain("batch.json asks for paired comparisons but compare.csv is missing (run chordtrain collect)");
  });
});

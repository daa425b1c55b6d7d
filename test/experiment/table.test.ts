import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { aggregate, degenerateLines, degenerateMarkdown, describe as describeStat, runsCsv, tableCsv, tableMarkdown, type PlannedRow, type RunSummary } from "../../src/experiment/table.js";
import { runSummary } from "../helpers/runSummary.js";

const run = (row: string, seed: number, f: number, status = "COMPLETED"): RunSummary =>
  runSummary(row, seed, f, { status, minorRecall: f / 2, bestEpoch: 10 * (seed + 1) });

const planned = (row: string, seeds: number[], loss = "softDtw"): PlannedRow => ({
  row,
  loss,
  padding: loss === "softDtw" ? "uniform" : "",
  targetLength: loss === "softDtw" ? 16 : 150,
  originalLength: 150,
  seeds,
});

describe("describe (mean, sd, 95 % CI)", () => {
  it("matches hand-computed values", () => {
    const s = describeStat([0.7, 0.8, 0.9]);
    expect(s.mean).toBeCloseTo(0.8, 12);
    expect(s.sd).toBeCloseTo(0.1, 12);
    expect(s.ci95).toBeCloseTo((4.303 * 0.1) / Math.sqrt(3), 12);
    expect(Number.isNaN(describeStat([0.5]).sd)).toBe(true);
  });
});

describe("aggregate / tableCsv / tableMarkdown", () => {
  const runs = [run("a", 0, 0.7), run("a", 1, 0.9), run("b", 0, 0.5), run("b", 1, 0, "FAILED")];
  const rows = aggregate(runs, [planned("b", [0, 1]), planned("a", [0, 1])]);

  it("keeps the row order, averages completed runs and counts failures", () => {
    expect(rows.map((r) => r.row)).toEqual(["b", "a"]);
    expect(rows[1].testF1.mean).toBeCloseTo(0.8, 12);
    expect(rows[1].bestEpoch.mean).toBe(15);
    expect(rows[0].failed).toBe(1);
    expect(rows[0].seeds).toEqual([0]);
  });

  it("writes the required CSV columns", () => {
    const records = parse(tableCsv(rows), { columns: true }) as Record<string, string>[];
    for (const col of ["row", "target_length", "original_length", "loss", "padding", "test_f1", "test_precision", "test_recall", "majmin", "best_epoch", "seconds", "test_f1_sd", "test_f1_ci95"]) {
      expect(Object.keys(records[0])).toContain(col);
    }
    expect(Number(records[1].test_f1)).toBeCloseTo(0.8, 4);
    expect(Number(records[1].test_f1_sd)).toBeCloseTo(Math.sqrt(0.02), 4);
    expect(records[0].test_f1_sd).toBe("");
  });

  it("shows ± CI in Markdown only with several seeds", () => {
    expect(tableMarkdown(rows)).toMatch(/\| a \| 16\/150 \| Soft-DTW \(uniform\) \| 0\.800 ± 1\.271 \|/);
    expect(tableMarkdown(aggregate([run("c", 0, 0.5)], [planned("c", [0])]))).not.toMatch(/±/);
  });
});

describe("the vocabulary columns", () => {
  // Sevenths: mir_eval sevenths 0.5 and 0.7 (mean 0.6, sd √0.02, CI t(0.975, 1)·sd/√2 = 12.7062·0.1);
  // dChord on the study protocol: no vocabulary scores at all.
  const runs = [
    runSummary("sevenths", 0, 0.6, { mirEvalSevenths: 0.5, mirEvalMajmin: 0.8, frameSevenths: 0.4, recall7: 0.3, recallMaj7: 0.2, recallMin7: NaN, recallN: 0.9 }),
    runSummary("sevenths", 1, 0.6, { mirEvalSevenths: 0.7, mirEvalMajmin: 0.9, frameSevenths: 0.6, recall7: 0.5, recallMaj7: 0.4, recallMin7: 0.1, recallN: 0.7 }),
    runSummary("dchord", 0, 0.6),
  ];
  const rows = aggregate(runs, [planned("sevenths", [0, 1]), planned("dchord", [0])]);

  it("table.csv: mean, sd and CI of each, after every older column; empty for a row without them", () => {
    const lines = parse(tableCsv(rows), { columns: false }) as string[][];
    const header = lines[0];
    expect(header.slice(header.indexOf("collapsed") + 1)).toEqual([
      "mireval_sevenths", "mireval_majmin", "frame_sevenths",
      "mireval_sevenths_sd", "mireval_sevenths_ci95", "mireval_majmin_sd", "mireval_majmin_ci95", "frame_sevenths_sd", "frame_sevenths_ci95",
      "recall_7", "recall_maj7", "recall_min7", "recall_n",
      "recall_7_sd", "recall_7_ci95", "recall_maj7_sd", "recall_maj7_ci95", "recall_min7_sd", "recall_min7_ci95", "recall_n_sd", "recall_n_ci95",
    ]);
    const cell = (k: number, c: string) => lines[k][header.indexOf(c)];
    expect(Number(cell(1, "mireval_sevenths"))).toBeCloseTo(0.6, 4);
    expect(Number(cell(1, "mireval_majmin"))).toBeCloseTo(0.85, 4);
    expect(Number(cell(1, "frame_sevenths"))).toBeCloseTo(0.5, 4);
    expect(Number(cell(1, "mireval_sevenths_sd"))).toBeCloseTo(Math.sqrt(0.02), 4);
    expect(Number(cell(1, "mireval_sevenths_ci95"))).toBeCloseTo(12.7062 * 0.1, 3);
    // per-class recall: 7 (0.3, 0.5), maj7 (0.2, 0.4), N (0.9, 0.7); min7 known on one run only (no interval)
    expect(Number(cell(1, "recall_7"))).toBeCloseTo(0.4, 4);
    expect(Number(cell(1, "recall_maj7"))).toBeCloseTo(0.3, 4);
    expect(Number(cell(1, "recall_min7"))).toBeCloseTo(0.1, 4);
    expect(cell(1, "recall_min7_sd")).toBe("");
    expect(Number(cell(1, "recall_n"))).toBeCloseTo(0.8, 4);
    expect(Number(cell(1, "recall_n_sd"))).toBeCloseTo(Math.sqrt(0.02), 4);
    for (const c of ["mireval_sevenths", "mireval_majmin", "frame_sevenths", "mireval_sevenths_sd", "recall_7", "recall_n"]) expect(cell(2, c)).toBe("");
  });

  it("runs.csv: each run's values at the end, empty where unknown", () => {
    const records = parse(runsCsv(runs), { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0]).slice(-8)).toEqual(["health", "mireval_sevenths", "mireval_majmin", "frame_sevenths", "recall_7", "recall_maj7", "recall_min7", "recall_n"]);
    expect(records.map((r) => [r.mireval_sevenths, r.mireval_majmin, r.frame_sevenths])).toEqual([["0.5", "0.8", "0.4"], ["0.7", "0.9", "0.6"], ["", "", ""]]);
    expect(records.map((r) => [r.recall_7, r.recall_maj7, r.recall_min7, r.recall_n])).toEqual([["0.3", "0.2", "", "0.9"], ["0.5", "0.4", "0.1", "0.7"], ["", "", "", ""]]);
  });

  it("table.md: a column only for the scores some row has, so tables without them are unchanged", () => {
    const md = tableMarkdown(rows).split("\n");
    expect(md[0]).toContain("| Minor share | mir_eval sevenths | mir_eval majmin | frame sevenths | 7 recall | maj7 recall | min7 recall | N recall | Best epoch |");
    expect(md[2]).toMatch(/^\| sevenths \|.*\| 0\.600 ± 1\.271 \| 0\.850 ± 0\.635 \| 0\.500 ± 1\.271 \| 0\.400 ± 1\.271 \| 0\.300 ± 1\.271 \| 0\.100 \| 0\.800 ± 1\.271 \|/);
    expect(md[3]).toMatch(/\| – \| – \| – \| – \| – \| – \| – \| 10 \|/);
    const onlyMirEval = aggregate([runSummary("d", 0, 0.6, { mirEvalSevenths: 0.5 })], [planned("d", [0])]);
    expect(tableMarkdown(onlyMirEval).split("\n")[0]).toContain("| Minor share | mir_eval sevenths | Best epoch |");
    const none = aggregate([runSummary("d", 0, 0.6)], [planned("d", [0])]);
    expect(tableMarkdown(none).split("\n")[0]).toContain("| Minor share | Best epoch |");
  });
});

describe("per-quality columns and the folds axis", () => {
  const withQuality = (row: string, seed: number, fold: number | null, minorRecall: number): RunSummary => ({
    ...run(row, seed, 0.8),
    fold,
    majorRecall: 0.9,
    minorRecall,
    minorShare: minorRecall / 10,
  });

  it("averages minor recall over seeds × folds and counts both axes", () => {
    const runs = [withQuality("a", 0, 0, 0), withQuality("a", 1, 0, 0.2), withQuality("a", 0, 1, 0.4), withQuality("a", 1, 1, 0.6)];
    const [row] = aggregate(runs, [{ ...planned("a", [0, 1]), folds: [0, 1, 2] }]);
    expect([row.seeds, row.folds, row.runs, row.missing]).toEqual([[0, 1], [0, 1], 4, 2]);
    expect(row.minorRecall.mean).toBeCloseTo(0.3, 12);
    expect(row.minorRecall.n).toBe(4);
    const csv = parse(tableCsv([row]), { columns: true }) as Record<string, string>[];
    expect(csv[0]).toMatchObject({ seeds: "2", folds: "2", runs: "4", major_recall: "0.9", minor_recall: "0.3", minor_share: "0.03" });
    expect(Number(csv[0].minor_recall_sd)).toBeCloseTo(Math.sqrt(0.2 / 3), 4);
    expect(tableMarkdown([row])).toMatch(/\| 0\.900 ± [0-9.]+ \| 0\.300 ± [0-9.]+ \| 0\.030 ± [0-9.]+ \| .* \| 2 \(2 missing\) \| 2 \| [^|]+ \| [^|]+ \|$/m);
  });

  it("leaves unknown minor recall (no minor reference frames) out of the mean", () => {
    const [row] = aggregate([withQuality("a", 0, null, NaN), withQuality("a", 1, null, 0.5)], [planned("a", [0, 1])]);
    expect(row.minorRecall).toMatchObject({ mean: 0.5, n: 1 });
    expect(row.folds).toEqual([]);
    const csv = parse(tableCsv([row]), { columns: true }) as Record<string, string>[];
    expect(csv[0].folds).toBe("");
  });

  it("runs.csv has a line per run with its fold and per-quality recall", () => {
    const lines = parse(runsCsv([withQuality("a", 3, 2, 0.25), withQuality("b", 0, null, NaN)]), { columns: true }) as Record<string, string>[];
    expect(lines.map((l) => [l.row, l.seed, l.fold, l.minor_recall, l.major_recall])).toEqual([
      ["a", "3", "2", "0.25", "0.9"],
      ["b", "0", "", "", "0.9"],
    ]);
  });
});

describe("degenerate runs and the stopped epoch", () => {
  const degenerate = (seed: number): RunSummary => ({ ...run("a", seed, 0.1), degenerate: true, reasons: [`predicts D#:maj on 100 % of test frames (seed ${seed})`] });
  const stopped = (seed: number, epoch: number | null): RunSummary => ({ ...run("a", seed, 0.8), stoppedEpoch: epoch ?? 200, stoppedEarly: epoch !== null });

  it("counts degenerate completed runs per row, keeps them in the mean, marks and names them", () => {
    const runs = [degenerate(0), run("a", 1, 0.9), { ...degenerate(2), status: "FAILED" }];
    const [row] = aggregate(runs, [planned("a", [0, 1, 2])]);
    // The failed one is not counted (it is not completed); the degenerate one is in the mean: (0.1 + 0.9)/2.
    expect(row.degenerate).toBe(1);
    expect(row.testF1.mean).toBeCloseTo(0.5, 12);
    expect((parse(tableCsv([row]), { columns: true }) as Record<string, string>[])[0].degenerate).toBe("1");
    expect(tableMarkdown([row])).toMatch(/^\| a ⚠ 1 of 2 DEGENERATE \| 16\/150 \|/m);
    expect(degenerateMarkdown(runs)).toBe(
      "\n**DEGENERATE: 1 model(s)** (docs/degenerate-models.md; their scores are in the means above):\n" +
        "- a, seed 0: `/r/a/0`: predicts D#:maj on 100 % of test frames (seed 0)\n",
    );
    expect(degenerateLines(runs)).toEqual(["DEGENERATE: /r/a/0: predicts D#:maj on 100 % of test frames (seed 0)"]);
    const lines = parse(runsCsv(runs), { columns: true }) as Record<string, string>[];
    expect(lines.map((l) => [l.degenerate, l.health])).toEqual([
      ["1", "predicts D#:maj on 100 % of test frames (seed 0)"],
      ["0", ""],
      ["1", "predicts D#:maj on 100 % of test frames (seed 2)"],
    ]);
  });

  it("a table without degenerate runs has no marker and no list", () => {
    const runs = [run("a", 0, 0.7), run("a", 1, 0.9)];
    expect(tableMarkdown(aggregate(runs, [planned("a", [0, 1])]))).not.toMatch(/DEGENERATE/);
    expect(degenerateMarkdown(runs)).toBe("");
  });

  it("stopped_epoch: the mean of the epoch each run stopped at; table.md shows it only when some run stopped early", () => {
    const [row] = aggregate([stopped(0, 40), stopped(1, null), stopped(2, 60)], [planned("a", [0, 1, 2])]);
    // (40 + 200 + 60) / 3 = 100
    expect(row.stoppedEpoch.mean).toBeCloseTo(100, 12);
    expect(row.stoppedEarly).toBe(2);
    const csv = (parse(tableCsv([row]), { columns: true }) as Record<string, string>[])[0];
    expect(csv.stopped_epoch).toBe("100");
    // then the worst-case columns (worstCase.ts), then the vocabulary columns (9: runFolder/columns.ts)
    expect(Object.keys(csv).slice(-28, -26)).toEqual(["degenerate", "stopped_epoch"]);
    const md = tableMarkdown([row]);
    // the Stopped epoch cell comes just before the two worst-case cells (worstCase.ts)
    expect(md.split("\n")[0]).toMatch(/\| Stopped epoch \| [^|]+ \| [^|]+ \|$/);
    expect(md.split("\n")[2]).toMatch(/\| 100 \| [^|]+ \| [^|]+ \|$/);
    const [full] = aggregate([stopped(0, null)], [planned("a", [0])]);
    expect(tableMarkdown([full])).not.toMatch(/Stopped epoch/);
    expect(parse(runsCsv([stopped(0, 40)]), { columns: true })[0]).toMatchObject({ stopped_epoch: "40" });
  });
});

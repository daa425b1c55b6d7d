import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { aggregate, tableCsv, tableMarkdown, type RunSummary } from "../../src/experiment/table.js";
import { runSummary } from "../helpers/runSummary.js";

const run = (seed: number, f: number, minorRecall: number, status = "COMPLETED", fold: number | null = null): RunSummary =>
  runSummary("r", seed, f, { fold, dir: `/r/${seed}`, status, targetLength: 75, minorRecall });

describe("worst seed and collapsed runs", () => {
  // Seeds 0..4: F 0.90, 0.81 (no minor recognised), 0.88, 0.81 (tie, later: not picked), 0.95 (no minor frames in the reference).
  // A FAILED run with F 0 must not count as the worst.
  const runs = [run(0, 0.9, 0.5), run(1, 0.81, 0), run(2, 0.88, 0.4), run(3, 0.81, 0), run(4, 0.95, NaN), run(5, 0, 0, "FAILED")];
  const [row] = aggregate(runs, [{ row: "r", loss: "softDtw", padding: "uniform", targetLength: 75, originalLength: 150, seeds: [0, 1, 2, 3, 4, 5] }]);

  it("the worst run is the completed one with the lowest F (the first on ties); collapsed counts minor recall 0, not unknown", () => {
    expect(row.worstCase.worst).toEqual({ seed: 1, fold: null, testF1: 0.81, minorRecall: 0 });
    expect(row.worstCase.collapsed).toBe(2);
  });

  it("appends worst_f1, worst_seed, worst_fold, worst_minor_recall, collapsed after the existing CSV columns", () => {
    const text = tableCsv([row]);
    const header = text.split("\n")[0].split(",");
    // followed only by the vocabulary scores' 9 columns and the per-class recall's 12 (runFolder/columns.ts), added later
    const end = header.length - 21;
    expect(header[end]).toBe("mireval_sevenths");
    expect(header.slice(end - 5, end)).toEqual(["worst_f1", "worst_seed", "worst_fold", "worst_minor_recall", "collapsed"]);
    // after the scores' intervals and the degenerate and stopped_epoch columns
    expect(header.indexOf("minor_share_ci95")).toBe(end - 8);
    const [line] = parse(text, { columns: true }) as Record<string, string>[];
    expect(line).toMatchObject({ worst_f1: "0.81", worst_seed: "1", worst_fold: "", worst_minor_recall: "0", collapsed: "2" });
  });

  it("shows them as the last two Markdown cells", () => {
    expect(tableMarkdown([row])).toMatch(/\| 0\.810 \(s1, 0\.00\) \| 2 of 5 \|$/m);
  });

  it("a row without a completed run has no worst case", () => {
    const [empty] = aggregate([run(0, 0, 0, "FAILED")], [{ row: "r", loss: "softDtw", padding: "uniform", targetLength: 75, originalLength: 150, seeds: [0] }]);
    expect(empty.worstCase).toEqual({ worst: null, collapsed: 0 });
    const [line] = parse(tableCsv([empty]), { columns: true }) as Record<string, string>[];
    expect(line).toMatchObject({ worst_f1: "", worst_seed: "", collapsed: "" });
  });
});

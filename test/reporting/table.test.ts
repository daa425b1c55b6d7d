import { describe, expect, it } from "vitest";
import { describe as stats, parseTableCsv } from "../../src/reporting/table.js";
import { tableHeader, tableRows } from "../../src/reporting/pages.js";
import { TABLE_CSV } from "./fixtures.js";

describe("describe (mean, sample SD, 95 % CI half-width)", () => {
  it.each([
    { name: "empty", values: [], mean: NaN, sd: NaN, ci95: NaN },
    { name: "one value", values: [0.7], mean: 0.7, sd: NaN, ci95: NaN },
    // sd = √2/2, t(0.975, 1) = 12.706, ci = 12.706 · sd / √2 = 6.353
    { name: "two values", values: [1, 2], mean: 1.5, sd: Math.SQRT1_2, ci95: 6.353 },
    // sd = 1, t(0.975, 2) = 4.303
    { name: "three values", values: [1, 2, 3], mean: 2, sd: 1, ci95: 4.303 / Math.sqrt(3) },
    { name: "ignores NaN", values: [1, NaN, 3, 2], mean: 2, sd: 1, ci95: 4.303 / Math.sqrt(3) },
  ])("$name", ({ values, mean, sd, ci95 }) => {
    const s = stats(values);
    for (const [got, want] of [[s.mean, mean], [s.sd, sd], [s.ci95, ci95]]) {
      if (Number.isNaN(want)) expect(got).toBeNaN();
      else expect(got).toBeCloseTo(want, 9);
    }
  });
});

describe("parseTableCsv", () => {
  it("reads the aggregated table chordtrain batch writes (means in bare columns)", () => {
    const [bce, sdtw] = parseTableCsv(TABLE_CSV);
    expect(bce).toMatchObject({ row: "bce-strong", targetLength: "150", originalLength: "150", loss: "bce", padding: "", seeds: 2, failed: 0 });
    expect(bce.testF1).toEqual({ mean: 0.765, sd: 0.004, ci95: 0.0359, n: 2 });
    expect(bce.bestEpoch.mean).toBe(50);
    expect(bce.seconds.mean).toBe(30.5);
    expect(sdtw).toMatchObject({ row: "sdtw-16-uniform", padding: "uniform", seeds: 1, failed: 1 });
    expect(sdtw.testF1.sd).toBeNaN();
  });

  it("prefers <score>_mean columns", () => {
    const [r] = parseTableCsv("row,test_f1,test_f1_mean,test_f1_sd,test_f1_ci95,seeds\nx,0.1,0.7,0.02,0.05,3\n");
    expect(r.testF1).toEqual({ mean: 0.7, sd: 0.02, ci95: 0.05, n: 3 });
  });

  it("aggregates per-run lines (a seed column) by row, leaving failed runs out of the scores", () => {
    const csv = [
      "row,seed,status,loss,padding,target_length,original_length,test_f1,majmin,best_epoch,seconds",
      "a,0,COMPLETED,softDtw,last,75,150,0.6,0.7,200,30",
      "a,1,COMPLETED,softDtw,last,75,150,0.7,0.8,180,32",
      "a,2,FAILED,softDtw,last,75,150,,,,",
      "b,0,COMPLETED,bce,,150,150,0.76,0.8,50,20",
    ].join("\n");
    const [a, b] = parseTableCsv(csv);
    expect(a).toMatchObject({ row: "a", loss: "softDtw", padding: "last", targetLength: "75", seeds: 2, failed: 1 });
    expect(a.testF1.mean).toBeCloseTo(0.65, 12);
    expect(a.testF1.sd).toBeCloseTo(Math.sqrt(0.005), 12);
    expect(a.bestEpoch.mean).toBe(190);
    expect(a.testPrecision.n).toBe(0);
    expect(b.testF1).toMatchObject({ mean: 0.76, n: 1 });
  });

  it("names the missing row column", () => {
    expect(() => parseTableCsv("name,test_f1\nx,0.5\n")).toThrow(/no "row" column \(columns: name, test_f1\)/);
  });
});

describe("the vocabulary columns (mir_eval sevenths and majmin, frame sevenths)", () => {
  it("read as unknown from a table.csv written before them", () => {
    const [bce] = parseTableCsv(TABLE_CSV);
    for (const s of [bce.mirEvalSevenths, bce.mirEvalMajmin, bce.frameSevenths]) expect(s.mean).toBeNaN();
  });

  it("read back with their intervals, and shown in the report's table only when some row has them", () => {
    const csv = `${TABLE_CSV.split("\n")[0]},mireval_sevenths,mireval_majmin,frame_sevenths,mireval_sevenths_sd,mireval_sevenths_ci95\n` +
      `${TABLE_CSV.split("\n")[1]},0.612,0.834,,0.01,0.0898\n`;
    const [row] = parseTableCsv(csv);
    expect(row.mirEvalSevenths).toEqual({ mean: 0.612, sd: 0.01, ci95: 0.0898, n: 2 });
    expect(row.mirEvalMajmin.mean).toBe(0.834);
    expect(row.frameSevenths.mean).toBeNaN();
    const header = tableHeader([row]);
    expect(header.slice(header.indexOf("frames estimated minor"), header.indexOf("best epoch"))).toEqual(["frames estimated minor", "mir_eval sevenths", "mir_eval majmin"]);
    const [cells] = tableRows([row]);
    expect(cells).toHaveLength(header.length);
    expect(cells[header.indexOf("mir_eval sevenths")]).toEqual({ html: expect.stringMatching(/^0\.612 ± 0\.010/) });
    const old = parseTableCsv(TABLE_CSV);
    expect(tableHeader(old)).not.toContain("mir_eval sevenths");
    expect(tableRows(old)[0]).toHaveLength(tableHeader(old).length);
  });
});

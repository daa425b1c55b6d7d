import { describe, expect, it } from "vitest";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseHistoryCsv, readRunDir } from "../../src/reporting/readRun.js";
import { readBatchDir } from "../../src/reporting/readBatch.js";
import { tempDir, writeBatchDir, writeRunDir } from "./fixtures.js";

describe("readRunDir", () => {
  it("reads every file of a completed soft-DTW run without problems", () => {
    const run = readRunDir(writeRunDir(join(tempDir(), "run")));
    expect(run.problems).toEqual([]);
    expect(run.record?.status).toBe("COMPLETED");
    expect(run.metrics?.bestEpoch).toBe(24);
    expect(run.history).toHaveLength(30);
    expect(run.weights?.templates).toHaveLength(24);
    expect(run.artifacts.alignments.map((a) => a.which)).toEqual(["first", "best", "last"]);
    expect(run.artifacts.test).toHaveLength(1);
    expect((run.config?.loss as { kind: string }).kind).toBe("softDtw");
  });

  it("reads a BCE run: no alignments, and that is not a problem", () => {
    const run = readRunDir(writeRunDir(join(tempDir(), "run"), { loss: "bce" }));
    expect(run.artifacts.alignments).toEqual([]);
    expect(run.problems).toEqual([]);
  });

  it("reads a FAILED run and lists the files it lacks", () => {
    const run = readRunDir(writeRunDir(join(tempDir(), "run"), { status: "FAILED" }));
    expect(run.record?.status).toBe("FAILED");
    expect(run.record?.error).toMatch(/training diverged/);
    expect(run.metrics).toBeNull();
    expect(run.problems).toEqual(expect.arrayContaining(["metrics.json is missing", "history.csv is missing", "weights.json is missing", "artifacts.json is missing"]));
  });

  it("keeps the good parts of a partly malformed artifacts.json and names the bad ones", () => {
    const dir = writeRunDir(join(tempDir(), "run"));
    const art = JSON.parse(readFileSync(join(dir, "artifacts.json"), "utf8"));
    art.alignments[1].E = "oops";
    art.targetsExample.strong = null;
    writeFileSync(join(dir, "artifacts.json"), JSON.stringify(art));
    writeFileSync(join(dir, "metrics.json"), "{ not json");
    const run = readRunDir(dir);
    expect(run.artifacts.alignments.map((a) => a.which)).toEqual(["first", "last"]);
    expect(run.artifacts.targetsExample).toBeNull();
    expect(run.artifacts.classDistribution).not.toBeNull();
    expect(run.problems.some((p) => p.startsWith("artifacts.json alignments[1] does not match the run-directory contract: E:"))).toBe(true);
    expect(run.problems.some((p) => p.startsWith("artifacts.json targetsExample does not match") && p.includes("strong"))).toBe(true);
    expect(run.problems.some((p) => p.startsWith("metrics.json is not valid JSON"))).toBe(true);
  });
});

describe("parseHistoryCsv", () => {
  it("reads numbers and turns empty cells into NaN", () => {
    const rows = parseHistoryCsv("epoch,train_loss,val_loss,val_f,seconds\n1,2.5,2.6,0.4,0.1\n2,2.0,,0.5,0.2\n");
    // an older history.csv: the appended columns (val_chord_loss, …) read as NaN
    expect(rows[0]).toEqual({ epoch: 1, trainLoss: 2.5, valLoss: 2.6, valF: 0.4, seconds: 0.1, valChordLoss: NaN, trainMinorShare: NaN, impliedMinorShare: NaN, valSequenceAccuracy: NaN, classBalance: NaN });
    expect(rows[1].valLoss).toBeNaN();
  });

  it("names a missing column", () => {
    expect(() => parseHistoryCsv("epoch,loss\n1,2\n")).toThrow(/no "train_loss" column/);
  });
});

describe("readBatchDir", () => {
  it("follows the plan: rows in order, each planned (row, seed) with its run, failed ones included", () => {
    const batch = readBatchDir(writeBatchDir(join(tempDir(), "batch")));
    expect(batch.name).toBe("padding-study");
    expect(batch.runs.map((r) => [r.row, r.seed, r.files.record?.status])).toEqual([
      ["bce-strong", 0, "COMPLETED"],
      ["bce-strong", 1, "COMPLETED"],
      ["sdtw-16-uniform", 0, "COMPLETED"],
      ["sdtw-16-uniform", 1, "FAILED"],
    ]);
    expect(batch.runs[0].relDir).toBe("bce-strong/20261125-101530-123-s0");
    expect(batch.table.map((r) => r.row)).toEqual(["bce-strong", "sdtw-16-uniform"]);
    expect(batch.problems).toEqual([]);
  });

  it("prefers an older COMPLETED run over a newer FAILED retry, and lists planned runs with no folder", () => {
    const dir = writeBatchDir(join(tempDir(), "batch"));
    writeRunDir(join(dir, "bce-strong", "20261126-000000-000-s0"), { loss: "bce", seed: 0, name: "bce-strong", row: "bce-strong", status: "FAILED" });
    const plan = JSON.parse(readFileSync(join(dir, "batch.json"), "utf8"));
    plan.items.push({ row: "bce-strong", slug: "bce-strong", seed: 2, configHash: "abcdef0123456789" });
    writeFileSync(join(dir, "batch.json"), JSON.stringify(plan));
    const batch = readBatchDir(dir);
    expect(batch.runs[0].relDir).toBe("bce-strong/20261125-101530-123-s0");
    expect(batch.missing).toEqual([{ row: "bce-strong", seed: 2, fold: null }]);
  });

  it("builds the table from the runs when table.csv is missing, and says so", () => {
    const batch = readBatchDir(writeBatchDir(join(tempDir(), "batch"), { table: false }));
    expect(batch.problems).toEqual(["table.csv is missing", "the results table below was built from the run directories instead of table.csv"]);
    const [bce, sdtw] = batch.table;
    expect(bce.testF1.mean).toBeCloseTo((0.768 + 0.762) / 2, 12);
    expect(bce.seeds).toBe(2);
    expect(sdtw).toMatchObject({ seeds: 1, failed: 1, loss: "softDtw", padding: "uniform", targetLength: "16" });
  });

  it("finds the runs without batch.json", () => {
    const dir = writeBatchDir(join(tempDir(), "batch"));
    rmSync(join(dir, "batch.json"));
    const batch = readBatchDir(dir);
    expect(batch.runs.map((r) => `${r.row}/${r.seed}`).sort()).toEqual(["bce-strong/0", "bce-strong/1", "sdtw-16-uniform/0", "sdtw-16-uniform/1"]);
    expect(batch.problems).toContain("batch.json is missing");
  });

  it("accepts run folders directly below the batch folder", () => {
    const dir = join(tempDir(), "flat");
    mkdirSync(dir);
    writeRunDir(join(dir, "a-s0"), { name: "a", seed: 0 });
    writeRunDir(join(dir, "b-s0"), { name: "b", seed: 0, loss: "bce" });
    expect(readBatchDir(dir).runs.map((r) => r.row)).toEqual(["a", "b"]);
  });
});

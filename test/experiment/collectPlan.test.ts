/**
 * Every planned row has its line in table.csv / table.md, with the loss, padding and lengths of
 * the plan (not of some run), empty scores without a completed run, and failed/missing counts.
 * The run folders are planted by hand, so the expected table is known without running anything.
 */
import { describe, expect, it } from "vitest";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { collect, type BatchPlan } from "../../src/experiment/collect.js";
import { readBatchDir } from "../../src/reporting/readBatch.js";
import { tmpFolder } from "../helpers/tmp.js";

const plan: BatchPlan = {
  name: "t",
  file: "t.yaml",
  rows: [
    { row: "BCE", slug: "bce", loss: "bce", padding: "", targetLength: 150, originalLength: 150 },
    { row: "CTC", slug: "ctc", loss: "ctc", padding: "", targetLength: "reduced", originalLength: 150 },
    { row: "Soft-DTW 16", slug: "sdtw16", loss: "softDtw", padding: "uniform", targetLength: 16, originalLength: 150 },
  ],
  seeds: [0, 1],
  items: ["bce", "ctc", "sdtw16"].flatMap((slug, k) =>
    [0, 1].map((seed) => ({ row: ["BCE", "CTC", "Soft-DTW 16"][k], slug, seed, configHash: `h-${slug}` })),
  ),
};

function plantRun(dir: string, slug: string, runId: string, record: object, f?: number): void {
  const runDir = join(dir, slug, runId);
  mkdirSync(runDir, { recursive: true });
  writeFileSync(join(runDir, "run.json"), JSON.stringify({ name: slug, runId, configHash: `h-${slug}`, timings: { totalSec: 10 }, ...record }));
  if (f !== undefined) {
    const scores = { precision: f, recall: f, f, majmin: f, tp: 0, fp: 0, fn: 0, frames: 1 };
    writeFileSync(
      join(runDir, "metrics.json"),
      JSON.stringify({ test: scores, bestEpoch: 3, loss: "bce", padding: "", targetLength: 150, originalLength: 150 }),
    );
  }
}

describe("collect: every planned row", () => {
  const dir = tmpFolder();
  writeFileSync(join(dir, "batch.json"), JSON.stringify(plan));
  plantRun(dir, "bce", "a0", { seed: 0, status: "COMPLETED" }, 0.6);
  plantRun(dir, "bce", "a1", { seed: 1, status: "COMPLETED" }, 0.8);
  // CTC: seed 0 failed, seed 1 completed but with another config (a stale run does not count).
  plantRun(dir, "ctc", "b0", { seed: 0, status: "FAILED", error: "boom" });
  plantRun(dir, "ctc", "b1", { seed: 1, status: "COMPLETED", configHash: "old" }, 0.9);
  // Soft-DTW 16: no run at all.
  const c = collect(dir);
  const table = parse(readFileSync(join(dir, "table.csv"), "utf8"), { columns: true }) as Record<string, string>[];

  it("writes one line per planned row, in plan order", () => {
    expect(table.map((r) => r.row)).toEqual(["BCE", "CTC", "Soft-DTW 16"]);
    expect(c.rows.map((r) => r.row)).toEqual(["BCE", "CTC", "Soft-DTW 16"]);
  });

  it("takes loss, padding and lengths from the plan, not from a run", () => {
    const pick = (r: Record<string, string>) => [r.loss, r.padding, r.target_length, r.original_length];
    expect(table.map(pick)).toEqual([
      ["bce", "", "150", "150"],
      ["ctc", "", "reduced", "150"],
      ["softDtw", "uniform", "16", "150"],
    ]);
  });

  it("averages completed runs only; empty scores and counts for the others", () => {
    expect(Number(table[0].test_f1)).toBeCloseTo(0.7, 10);
    expect([table[0].seeds, table[0].failed, table[0].missing]).toEqual(["2", "0", "0"]);
    expect([table[1].seeds, table[1].failed, table[1].missing, table[1].test_f1, table[1].majmin]).toEqual(["0", "1", "1", "", ""]);
    expect([table[2].seeds, table[2].failed, table[2].missing, table[2].test_f1]).toEqual(["0", "0", "2", ""]);
  });

  it("shows every row in table.md with its planned loss and what it lacks", () => {
    const md = readFileSync(join(dir, "table.md"), "utf8");
    expect(md).toMatch(/\| CTC \| reduced\/150 \| CTC \| – \|.*\| 0 \(\+1 failed, 1 missing\) \|/);
    expect(md).toMatch(/\| Soft-DTW 16 \| 16\/150 \| Soft-DTW \(uniform\) \| – \|.*\| 0 \(2 missing\) \|/);
  });

  it("gives the report every planned row with its planned loss", () => {
    const report = readBatchDir(dir);
    expect(report.problems).toEqual([]);
    expect(report.table.map((r) => [r.row, r.loss, r.targetLength, r.failed])).toEqual([
      ["BCE", "bce", "150", 0],
      ["CTC", "ctc", "reduced", 1],
      ["Soft-DTW 16", "softDtw", "16", 0],
    ]);
    expect(report.table.slice(1).every((r) => !Number.isFinite(r.testF1.mean))).toBe(true);
  });

  it("lists the planned runs without a completed run", () => {
    expect(c.missing).toEqual([
      { row: "CTC", seed: 0 },
      { row: "CTC", seed: 1 },
      { row: "Soft-DTW 16", seed: 0 },
      { row: "Soft-DTW 16", seed: 1 },
    ]);
  });
});

/** One finder of run folders for collect and the report; batch.json is checked before it is used. */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { findRunFolders } from "../../src/runFolder/index.js";
import { collect } from "../../src/experiment/collect.js";
import { findRunDirs } from "../../src/reporting/readBatch.js";
import { tmpFolder } from "../helpers/tmp.js";

const record = (name: string, seed: number) => JSON.stringify({ status: "FAILED", error: "x", runId: `r${seed}`, name, seed, configHash: "h" });

describe("findRunFolders", () => {
  it("finds runs at depth 2 and 1, skips figures/, hidden folders and run.json files that are not records", () => {
    const dir = tmpFolder({
      "a/20260101-000000-000-s0/run.json": record("a", 0),
      "a/20260101-000000-000-s1/run.json": record("a", 1),
      "20260101-000000-000-s2/run.json": record("b", 2),
      "figures/x/run.json": record("f", 3),
      ".hidden/y/run.json": record("h", 4),
      "c/broken/run.json": "{ not json",
      "c/wrong/run.json": JSON.stringify({ seed: 1 }), // no status
    });
    const found = findRunFolders(dir);
    expect(found.map((f) => f.dir)).toEqual([
      join(dir, "20260101-000000-000-s2"),
      join(dir, "a/20260101-000000-000-s0"),
      join(dir, "a/20260101-000000-000-s1"),
    ]);
    expect(found[1].record).toMatchObject({ status: "FAILED", name: "a", seed: 0 });
    // The report and collect see the same runs.
    expect(findRunDirs(dir).map((f) => f.dir)).toEqual(found.map((f) => f.dir));
  });
});

describe("collect", () => {
  it("refuses a batch.json that is not a plan, naming the file and the field", () => {
    const dir = tmpFolder({ "batch.json": JSON.stringify({ name: "x", rows: 3 }) });
    expect(() => collect(dir)).toThrow(`${join(dir, "batch.json")}: not a batch plan: rows: `);
    const notJson = tmpFolder({ "batch.json": "{" });
    expect(() => collect(notJson)).toThrow("not a batch plan: not JSON");
  });
});

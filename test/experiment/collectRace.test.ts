/**
 * Two shards collecting at once: a run that completes while one shard is writing its table must
 * not be lost from that table. The other shard's run is planted exactly between this collect's
 * reading of the runs and its writing of table.md (through a wrapped writeFileAtomic).
 */
import { describe, expect, it, vi } from "vitest";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { tmpFolder } from "../helpers/tmp.js";

const meanwhile: { action?: () => void } = {};
vi.mock("../../src/util/atomicWrite.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/util/atomicWrite.js")>();
  return {
    ...real,
    writeFileAtomic: (path: string, content: string | Uint8Array) => {
      real.writeFileAtomic(path, content);
      if (path.endsWith("table.md") && meanwhile.action) {
        const action = meanwhile.action;
        meanwhile.action = undefined;
        action();
      }
    },
  };
});

const { collect } = await import("../../src/experiment/collect.js");

function plantCompleted(dir: string, slug: string, f: number): void {
  const runDir = join(dir, slug, "r0");
  mkdirSync(runDir, { recursive: true });
  const scores = { precision: f, recall: f, f, majmin: f };
  writeFileSync(join(runDir, "metrics.json"), JSON.stringify({ test: scores, bestEpoch: 1, loss: "bce", padding: "", targetLength: 50, originalLength: 50 }));
  writeFileSync(join(runDir, "run.json"), JSON.stringify({ status: "COMPLETED", name: slug, seed: 0, configHash: `h-${slug}`, runId: "r0", timings: {} }));
}

describe("collect while another shard finishes", () => {
  it("writes the table again when a run changed while it was being written", () => {
    const dir = tmpFolder();
    const rows = ["a", "b"].map((r) => ({ row: r, slug: r, loss: "bce", padding: "", targetLength: 50, originalLength: 50 }));
    const items = ["a", "b"].map((r) => ({ row: r, slug: r, seed: 0, configHash: `h-${r}` }));
    writeFileSync(join(dir, "batch.json"), JSON.stringify({ name: "x", file: "x.yaml", rows, seeds: [0], items }));
    plantCompleted(dir, "a", 0.5);
    meanwhile.action = () => plantCompleted(dir, "b", 0.7); // the other shard's run lands now

    const c = collect(dir);
    expect(meanwhile.action).toBeUndefined(); // the race did happen
    const table = parse(readFileSync(join(dir, "table.csv"), "utf8"), { columns: true }) as Record<string, string>[];
    expect(table.map((r) => [r.row, r.seeds, r.missing, r.test_f1])).toEqual([
      ["a", "1", "0", "0.5"],
      ["b", "1", "0", "0.7"],
    ]);
    expect(c.missing).toEqual([]);
  });
});

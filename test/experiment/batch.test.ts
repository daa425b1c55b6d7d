/**
 * Interruption and resume of a batch: finished runs stay, the interrupted one is FAILED, nothing
 * after it starts, and the rerun does exactly the rest. In process (AbortController) and with a
 * real SIGINT to the real executable.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadBatch } from "../../src/config/load.js";
import { runBatch } from "../../src/experiment/batch.js";
import { findRuns } from "../../src/experiment/collect.js";
import { silentProgress } from "../../src/util/progress.js";
import { makeTinyCorpus } from "../helpers/corpus.js";
import { tmpFolder } from "../helpers/tmp.js";

let work: string;
let batchFile: string;

beforeAll(async () => {
  const corpus = await makeTinyCorpus({ songs: 3, seconds: 30, seed: 2 });
  work = tmpFolder();
  batchFile = join(work, "b.yaml");
  writeFileSync(
    batchFile,
    [
      "name: b",
      "base:",
      `  data: { dir: ${JSON.stringify(corpus)}, cacheDir: ${JSON.stringify(join(work, "cache"))} }`,
      "  dataset: { segmentLength: 50, segmentHop: 50 }",
      "  report: { enabled: false }",
      "  training: { epochs: 4 }",
      "rows:",
      "  - { row: one, set: { loss.kind: bce } }",
      "  - { row: two, set: { loss.kind: softDtw, targets.kind: soft } }",
      "  - { row: three, set: { loss.kind: ctc } }",
    ].join("\n"),
  );
}, 120_000);

const statuses = (dir: string) =>
  Object.fromEntries(findRuns(dir).map((r) => [r.record.name, [r.record.status, r.record.error ?? ""]]));

describe("runBatch interruption", () => {
  it("keeps finished runs, marks the interrupted one FAILED, and resumes with the rest", async () => {
    const batch = loadBatch(batchFile, { out: join(work, "inproc") });
    const controller = new AbortController();
    const first = await runBatch(batch, {
      signal: controller.signal,
      progressFor: (item) => ({
        ...silentProgress,
        epoch: (p) => void (item.row === "two" && p.epoch === 2 && controller.abort()),
      }),
    });
    expect(first.interrupted).toBe(true);
    expect(statuses(first.dir)).toEqual({ one: ["COMPLETED", ""], two: ["FAILED", "interrupted"] });
    expect(first.collected.missing.map((m) => m.row)).toEqual(["two", "three"]);

    const second = await runBatch(batch, {});
    expect([second.ran, second.skipped, second.interrupted]).toEqual([2, 1, false]);
    expect(second.collected.rows.map((r) => r.row)).toEqual(["one", "two", "three"]);
    expect(second.collected.missing).toEqual([]);
  });

  it("a real SIGINT to the executable exits 130 with finished runs intact", async () => {
    const out = join(work, "sigint");
    const child = spawn(process.execPath, ["bin/chordtrain.js", "batch", "-c", batchFile, "--out", out, "--epochs", "40"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        // Interrupt once the second row is training.
        if (/\[two\] epoch/.test(stderr) && !child.killed) child.kill("SIGINT");
      });
      child.on("exit", (c) => resolve(c));
    });
    expect(code).toBe(130);
    expect(stderr).toMatch(/chordtrain: interrupted: finished runs are kept/);
    const s = statuses(join(out, "b"));
    expect(s.one).toEqual(["COMPLETED", ""]);
    expect(s.two).toEqual(["FAILED", "interrupted"]);
    expect(s.three).toBeUndefined();
    const run = findRuns(join(out, "b")).find((r) => r.record.name === "one")!;
    expect(JSON.parse(readFileSync(join(run.dir, "metrics.json"), "utf8")).test.f).toBeGreaterThan(0);
  }, 120_000);
});

describe("runBatch status", () => {
  it("hands out the status as a function read when shown: after each run it counts that run, after each epoch the runs before", async () => {
    const batch = loadBatch(batchFile, { out: join(work, "status") });
    const seen: string[] = [];
    let unread = 0;
    await runBatch(batch, {
      onStatus(status, event) {
        // the epochs' statuses are left unread, as under -q; the runs' are read at once
        if (event === "epoch") unread++;
        else seen.push(`${status().done}/${status().total}`);
      },
    });
    // 3 rows × 4 epochs, one at a time: done goes 1, 2, 3 of 3 (hand-counted from the batch file)
    expect(seen).toEqual(["1/3", "2/3", "3/3"]);
    expect(unread).toBe(12);
  }, 120_000);
});

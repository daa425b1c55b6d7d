/**
 * The batch runner under the faults a cluster user meets, with real processes (the CLI from the
 * sources, through tsx): a `kill -9` mid-row, then collect and rerun; and two `--shard` processes
 * writing one batch folder at the same time.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { collect, findRuns } from "../../src/experiment/collect.js";
import { readRunDir } from "../../src/reporting/readRun.js";
import { makeTinyCorpus } from "../helpers/corpus.js";
import { tmpFolder } from "../helpers/tmp.js";

let work: string;
let corpus: string;

beforeAll(async () => {
  corpus = await makeTinyCorpus({ songs: 3, seconds: 30, seed: 3 });
  work = tmpFolder();
}, 120_000);

/** Epochs of the rows killed mid-training. */
const EPOCHS = 400;

function writeBatch(name: string, epochs: number, rows: string[]): string {
  const file = join(work, `${name}.yaml`);
  writeFileSync(
    file,
    [
      `name: ${name}`,
      "base:",
      `  data: { dir: ${JSON.stringify(corpus)}, cacheDir: ${JSON.stringify(join(work, "cache"))} }`,
      "  dataset: { segmentLength: 50, segmentHop: 50 }",
      "  report: { enabled: false }",
      `  training: { epochs: ${epochs} }`,
      "rows:",
      ...rows.map((r) => `  - ${r}`),
    ].join("\n"),
  );
  return file;
}

/** `chordtrain <args>` as a separate process, from src/ (dist/ may be stale while developing). */
function chordtrain(args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exited };
}

/** run.json files below a batch folder, read raw (no judging, no rewriting). */
function rawRuns(dir: string): { dir: string; record: Record<string, any> }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((row) => readdirSync(join(dir, row.name)).map((run) => join(dir, row.name, run)))
    .filter((d) => existsSync(join(d, "run.json")))
    .map((d) => ({ dir: d, record: JSON.parse(readFileSync(join(d, "run.json"), "utf8")) }));
}

const historyLines = (runDir: string) =>
  existsSync(join(runDir, "history.csv")) ? readFileSync(join(runDir, "history.csv"), "utf8").trim().split("\n") : [];

describe("kill -9 of chordtrain batch mid-row", () => {
  it("collect shows no RUNNING run, the table has every row, the rerun completes every row", async () => {
    // Enough epochs that the 25 ms poll sees the row mid-training (the js engine runs an epoch of
    // this small corpus in a few milliseconds).
    const file = writeBatch("killed", EPOCHS, ["{ row: first, set: { loss.kind: bce } }", "{ row: second, set: { loss.kind: softDtw, targets.kind: soft } }"]);
    const out = join(work, "killed-out");
    const dir = join(out, "killed");
    const { child, exited } = chordtrain(["batch", "-c", file, "--out", out]);
    // SIGKILL once the first row has written two epochs of its history, i.e. mid-row.
    let victim: { dir: string; record: Record<string, any> } | undefined;
    const poll = setInterval(() => {
      victim = rawRuns(dir).find((r) => r.record.status === "RUNNING" && historyLines(r.dir).length >= 3);
      if (victim) {
        clearInterval(poll);
        child.kill("SIGKILL");
      }
    }, 25);
    const killed = await exited;
    clearInterval(poll);
    expect(killed.signal).toBe("SIGKILL");
    expect(victim?.record.process.pid).toBe(child.pid);

    // What SIGKILL leaves: run.json still RUNNING, with the process and a heartbeat refreshed by epochs.
    const left = JSON.parse(readFileSync(join(victim!.dir, "run.json"), "utf8"));
    expect(left.status).toBe("RUNNING");
    expect(Date.parse(left.heartbeatAt)).toBeGreaterThan(Date.parse(left.startedAt));
    // history.csv survived the crash: a header and whole lines for epochs 1..k, no partial line.
    const history = historyLines(victim!.dir);
    expect(history[0]).toBe("epoch,train_loss,val_loss,val_f,seconds,val_chord_loss,train_minor_share,implied_minor_share,val_sequence_accuracy,class_balance");
    const epochs = history.slice(1).map((l) => l.split(","));
    // …written while training: the kill came before the last of its epochs.
    expect(epochs.length).toBeGreaterThanOrEqual(2);
    expect(epochs.length).toBeLessThan(EPOCHS);
    epochs.forEach((fields, k) => {
      expect(fields).toHaveLength(10);
      expect(Number(fields[0])).toBe(k + 1);
      expect(fields.every((x) => x !== "")).toBe(true);
      expect(fields.slice(0, 5).every((x) => Number.isFinite(Number(x)))).toBe(true);
    });

    // The report reader shows it FAILED even before anyone rewrites it.
    expect(readRunDir(victim!.dir).record?.status).toBe("FAILED");
    const c = collect(dir);
    expect(c.runs.filter((r) => r.status === "RUNNING")).toEqual([]);
    expect(c.runs.find((r) => r.dir === victim!.dir)?.status).toBe("FAILED");
    const rewritten = JSON.parse(readFileSync(join(victim!.dir, "run.json"), "utf8"));
    expect([rewritten.status, rewritten.error]).toEqual(["FAILED", "abandoned: the process is gone"]);
    const table = parse(readFileSync(join(dir, "table.csv"), "utf8"), { columns: true }) as Record<string, string>[];
    expect(table.map((r) => [r.row, r.loss, r.target_length, r.test_f1, Number(r.failed) + Number(r.missing)])).toEqual([
      ["first", "bce", "50", "", 1],
      ["second", "softDtw", "16", "", 1],
    ]);

    const rerun = await chordtrain(["batch", "-c", file, "--out", out]).exited;
    expect(rerun.code, rerun.stderr).toBe(0);
    const after = rawRuns(dir);
    expect(after.filter((r) => r.record.status === "RUNNING")).toEqual([]);
    const completed = after.filter((r) => r.record.status === "COMPLETED").map((r) => r.record.name).sort();
    expect(completed).toEqual(["first", "second"]);
    const final = parse(readFileSync(join(dir, "table.csv"), "utf8"), { columns: true }) as Record<string, string>[];
    expect(final.map((r) => [r.row, r.seeds, r.failed, r.missing])).toEqual([
      ["first", "1", "0", "0"],
      ["second", "1", "0", "0"],
    ]);
  }, 300_000);
});

describe("kill -9 of chordtrain batch --jobs 2 (its worker processes survive it)", () => {
  it("the orphaned workers stop their runs as FAILED: interrupted and exit", async () => {
    const file = writeBatch("orphans", EPOCHS, ["{ row: p, set: { loss.kind: bce } }", "{ row: q, set: { loss.kind: bce, training.learningRate: 0.05 } }"]);
    const dir = join(work, "orphans-out", "orphans");
    const { child, exited } = chordtrain(["batch", "-c", file, "--out", join(work, "orphans-out"), "--jobs", "2"]);
    const poll = setInterval(() => {
      if (rawRuns(dir).some((r) => r.record.status === "RUNNING" && historyLines(r.dir).length >= 3)) {
        clearInterval(poll);
        child.kill("SIGKILL");
      }
    }, 25);
    expect((await exited).signal).toBe("SIGKILL");
    clearInterval(poll);
    const workers = [...new Set(rawRuns(dir).map((r) => r.record.process.pid as number))];
    expect(workers).not.toContain(child.pid); // the runs belong to the workers
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let waited = 0; workers.some(alive) && waited < 30_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    expect(workers.filter(alive)).toEqual([]);
    const runs = rawRuns(dir);
    expect(runs.map((r) => [r.record.status, r.record.error])).toEqual(runs.map(() => ["FAILED", "interrupted"]));
  }, 300_000);
});

describe("two --shard processes on one batch folder at the same time", () => {
  it("every planned run completes exactly once, each shard runs its own rows", async () => {
    const rows = ["a", "b", "c", "d"].map((r) => `{ row: ${r}, set: { loss.kind: bce } }`);
    const file = writeBatch("sharded", 2, rows);
    const out = join(work, "sharded-out");
    const dir = join(out, "sharded");
    const shards = [0, 1].map((i) => chordtrain(["batch", "-c", file, "--out", out, "--seeds", "0,1", "--shard", `${i}/2`, "--json"]));
    const results = await Promise.all(shards.map((s) => s.exited));
    results.forEach((r) => expect(r.code, r.stderr).toBe(0));

    // Items in plan order: (a,0) (a,1) (b,0) (b,1) …; shard i runs positions i, i+2, …
    const runs = rawRuns(dir);
    const key = (r: { record: Record<string, any> }) => `${r.record.name}/${r.record.seed}`;
    const planned = ["a", "b", "c", "d"].flatMap((row) => [`${row}/0`, `${row}/1`]);
    expect(runs.map(key).sort()).toEqual(planned);
    expect(runs.every((r) => r.record.status === "COMPLETED")).toBe(true);
    for (const [i, s] of shards.entries()) {
      const mine = runs.filter((r) => r.record.process.pid === s.child.pid).map(key).sort();
      expect(mine).toEqual(planned.filter((_, position) => position % 2 === i));
      expect(JSON.parse(results[i].stdout).ran).toBe(4);
    }
    // Whichever shard wrote the table last, it has every run (or a fresh collect does the same).
    const table = parse(readFileSync(join(dir, "table.csv"), "utf8"), { columns: true }) as Record<string, string>[];
    expect(table.map((r) => [r.row, r.seeds, r.missing])).toEqual(["a", "b", "c", "d"].map((r) => [r, "2", "0"]));
    expect(findRuns(dir)).toHaveLength(8);
  }, 300_000);
});

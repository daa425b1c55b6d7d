/**
 * A degenerate model is impossible to miss (issue 16, item 4): a planted constant prediction
 * (every frame D#:maj, the CTC failure seen at scale) goes through the real run → metrics.json →
 * collect → report path, and shows up in the CLI's exit summary, table.md, runs.csv, table.csv
 * and both report pages; `--fail-on-degenerate` exits 3. A run folder written before metrics.json
 * had `health` is judged again from its confusion matrix.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { makeTinyCorpus } from "../helpers/corpus.js";
import { tmpFolder, writeLines } from "../helpers/tmp.js";
import { cli, quickRunArgs } from "../helpers/cli.js";

const D_SHARP_MAJOR = 3;
const plant = { constant: true };
// The model's frame classes, replaced by one class everywhere while `plant.constant` is set.
vi.mock("../../src/model/predict.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/model/predict.js")>();
  return {
    ...real,
    predictClasses: (...args: Parameters<typeof real.predictClasses>) => {
      const classes = real.predictClasses(...args);
      return plant.constant ? classes.map((c) => c.fill(D_SHARP_MAJOR)) : classes;
    },
  };
});

let corpus: string;
let work: string;

const common = () => [...quickRunArgs(corpus, work, 2), "--set", "report.png=false"];

const ALARM = /DEGENERATE: (\S+): .*test F 0\.\d{3} is not above the constant-class baseline 0\.\d{3}/;

beforeAll(async () => {
  corpus = await makeTinyCorpus({ songs: 3, seconds: 30, seed: 5 });
  work = tmpFolder();
}, 120_000);

describe("chordtrain run with a degenerate model", () => {
  it("ends its summary with a DEGENERATE line, exits 0, and its report shows the alarm", async () => {
    const r = await cli(["run", ...common(), "--out", join(work, "run"), "--set", "report.enabled=true"]);
    expect(r.err).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n");
    const dir = lines[0];
    expect(lines.at(-1)).toMatch(ALARM);
    expect(ALARM.exec(lines.at(-1)!)![1]).toBe(dir);
    const metrics = JSON.parse(readFileSync(join(dir, "metrics.json"), "utf8"));
    expect(metrics.health.degenerate).toBe(true);
    expect(metrics.health.test.dominant).toEqual({ class: D_SHARP_MAJOR, share: 1 });
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toContain("DEGENERATE MODEL");
    expect(html).toContain("is not above the constant-class baseline");
  }, 120_000);

  it("--fail-on-degenerate exits 3 after writing the run", async () => {
    const r = await cli(["run", ...common(), "--out", join(work, "run-fail"), "--fail-on-degenerate", "--set", "report.enabled=false"]);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(ALARM);
    expect(r.err).toContain("chordtrain: the trained model is degenerate (--fail-on-degenerate)");
  }, 120_000);

  it("a model that is not planted prints no alarm and exits 0 with --fail-on-degenerate", async () => {
    plant.constant = false;
    try {
      const r = await cli(["run", ...common(), "--out", join(work, "run-ok"), "--fail-on-degenerate", "--set", "report.enabled=false", "--set", "training.epochs=20"]);
      expect(r.code).toBe(0);
      expect(r.out).not.toContain("DEGENERATE");
      const dir = r.out.split("\n")[0];
      expect(JSON.parse(readFileSync(join(dir, "metrics.json"), "utf8")).health).toMatchObject({ degenerate: false, reasons: [] });
    } finally {
      plant.constant = true;
    }
  }, 120_000);
});

describe("chordtrain batch with degenerate models", () => {
  let batchDir: string;
  let out: string;

  beforeAll(async () => {
    const file = writeLines(work, "deg.yaml", ["name: deg", "base:", "  split: { protocol: study, testSegment: 0 }", "  report: { enabled: true, png: false }", "rows:", "  - row: BCE", "    set: { loss.kind: bce }"]);
    const r = await cli(["batch", "-c", file, ...common(), "--out", join(work, "batch"), "--seeds", "0,1"]);
    expect(r.err).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    out = r.out;
    batchDir = join(work, "batch", "deg");
  }, 240_000);

  it("the exit summary names each degenerate run on its own DEGENERATE line", () => {
    const alarms = out.split("\n").filter((l) => l.startsWith("DEGENERATE: "));
    expect(alarms).toHaveLength(2);
    for (const a of alarms) expect(a).toMatch(ALARM);
  });

  it("table.md marks the row and names the runs under the table", () => {
    const md = readFileSync(join(batchDir, "table.md"), "utf8");
    expect(md).toContain("| BCE ⚠ 2 of 2 DEGENERATE |");
    expect(md).toContain("**DEGENERATE: 2 model(s)**");
    expect(md).toMatch(/- BCE, seed 0: `[^`]+`: .*is not above the constant-class baseline/);
    expect(md).toMatch(/- BCE, seed 1: `[^`]+`: /);
  });

  it("table.csv counts them and runs.csv flags each with its reasons", () => {
    const table = parse(readFileSync(join(batchDir, "table.csv"), "utf8"), { columns: true }) as Record<string, string>[];
    expect(table[0]).toMatchObject({ row: "BCE", runs: "2", degenerate: "2", stopped_epoch: "2" });
    const runs = parse(readFileSync(join(batchDir, "runs.csv"), "utf8"), { columns: true }) as Record<string, string>[];
    expect(runs.map((r) => r.degenerate)).toEqual(["1", "1"]);
    for (const r of runs) expect(r.health).toMatch(/is not above the constant-class baseline/);
  });

  it("the batch report shows the alarm naming the runs", () => {
    const html = readFileSync(join(batchDir, "report.html"), "utf8");
    expect(html).toContain("2 DEGENERATE model(s)");
    expect(html).toContain("⚠ 2 of 2 DEGENERATE");
  });

  it("a run written before metrics.json had `health` is judged again from its confusion matrix", async () => {
    const runs = parse(readFileSync(join(batchDir, "runs.csv"), "utf8"), { columns: true }) as Record<string, string>[];
    for (const { dir } of runs) {
      const path = join(dir, "metrics.json");
      const { health: _health, ...older } = JSON.parse(readFileSync(path, "utf8"));
      writeFileSync(path, JSON.stringify(older));
    }
    const c = await cli(["collect", batchDir]);
    expect(c.code).toBe(0);
    expect(c.out).toContain("| BCE ⚠ 2 of 2 DEGENERATE |");
    const again = parse(readFileSync(join(batchDir, "runs.csv"), "utf8"), { columns: true }) as Record<string, string>[];
    expect(again.map((r) => r.degenerate)).toEqual(["1", "1"]);
    const report = await cli(["report", runs[0].dir]);
    expect(report.code).toBe(0);
    expect(readFileSync(join(runs[0].dir, "report.html"), "utf8")).toContain("decided from the recorded confusion matrix");
  }, 120_000);
});

/**
 * End to end through the CLI, in process (commander with exitOverride), on a tiny generated
 * corpus with few epochs: run, batch (resume, shard, collect, --jobs 2 gives the same numbers),
 * stats, config, and the one-line errors.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { makeTinyCorpus } from "../helpers/corpus.js";
import { tmpFolder, writeLines } from "../helpers/tmp.js";
import { cli, quickRunArgs } from "../helpers/cli.js";

let corpus: string;
let work: string;

const common = () => [...quickRunArgs(corpus, work, 3), "--set", "report.png=false"];

const writeBatch = (name: string, rows: string): string =>
  writeLines(work, `${name}.yaml`, [`name: ${name}`, "base:", "  split: { protocol: study, testSegment: 0 }", "  report: { enabled: false }", "rows:", rows]);

const runDirs = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((row) => readdirSync(join(dir, row.name)).map((run) => join(dir, row.name, run)));

beforeAll(async () => {
  corpus = await makeTinyCorpus({ songs: 3, seconds: 30, seed: 1 });
  work = tmpFolder();
}, 120_000);

describe("chordtrain run", () => {
  it("writes a complete run directory", async () => {
    const r = await cli(["run", ...common(), "--out", join(work, "runs"), "--set", "targets.kind=soft", "--set", "loss.kind=softDtw", "--set", "report.enabled=true"]);
    expect(r.err).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const dir = r.out.split("\n")[0];
    for (const f of ["config.json", "run.json", "metrics.json", "history.csv", "weights.json", "weights.csv", "artifacts.json", "report.html"]) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    const run = JSON.parse(readFileSync(join(dir, "run.json"), "utf8"));
    expect(run.status).toBe("COMPLETED");
    expect(run.versions.node).toBe(process.version);
    const history = readFileSync(join(dir, "history.csv"), "utf8").trim().split("\n");
    expect(history[0]).toBe("epoch,train_loss,val_loss,val_f,seconds,val_chord_loss,train_minor_share,implied_minor_share,val_sequence_accuracy,class_balance");
    expect(history).toHaveLength(4);
    const metrics = JSON.parse(readFileSync(join(dir, "metrics.json"), "utf8"));
    expect(metrics.test.f).toBeGreaterThanOrEqual(0);
    expect(metrics.test.f).toBeLessThanOrEqual(1);
    expect(metrics.confusion).toHaveLength(25);
    expect(metrics.val.frames).toBeGreaterThan(0); // validation scores are filled, not null
    expect(metrics.val.f).toBeGreaterThanOrEqual(0);
    const weights = JSON.parse(readFileSync(join(dir, "weights.json"), "utf8"));
    expect(weights.templates).toHaveLength(24);
    const labs = readdirSync(join(dir, "predictions"));
    expect(labs.length).toBeGreaterThan(0);
    expect(readFileSync(join(dir, "predictions", labs[0]), "utf8")).toMatch(/^\d+\.\d{6} \d+\.\d{6} [A-G]#?:(maj|min)\n/);
  });

  it("never overwrites: a second run gets a new directory", async () => {
    const a = await cli(["run", ...common(), "--out", join(work, "twice"), "-q"]);
    const b = await cli(["run", ...common(), "--out", join(work, "twice"), "-q"]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.out.split("\n")[0]).not.toBe(b.out.split("\n")[0]);
  });
});

describe("chordtrain batch", () => {
  const rows = [
    "  - row: BCE",
    "    set: { targets.kind: strong, loss.kind: bce }",
    "  - row: SDTW 16",
    "    set: { targets.kind: soft, targets.softLength: 16, loss.kind: softDtw }",
    "  - row: CTC",
    "    set: { targets.kind: soft, targets.padding: none, loss.kind: ctc }",
  ].join("\n");

  it("runs every row, prints the table, writes table.csv, and resumes without rerunning", async () => {
    const file = writeBatch("t1", rows);
    const out = join(work, "b1");
    const first = await cli(["batch", "-c", file, ...common(), "--out", out, "-q"]);
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/\| BCE \| 150\/150|\| BCE \| 50\/50/);
    const table = parse(readFileSync(join(out, "t1", "table.csv"), "utf8"), { columns: true }) as Record<string, string>[];
    expect(table.map((r) => [r.row, r.loss])).toEqual([["BCE", "bce"], ["SDTW 16", "softDtw"], ["CTC", "ctc"]]);
    expect(table.every((r) => Number(r.test_f1) >= 0 && Number(r.test_f1) <= 1)).toBe(true);

    const again = await cli(["batch", "-c", file, ...common(), "--out", out, "--json"]);
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.out);
    expect([summary.ran, summary.skipped]).toEqual([0, 3]);
    expect(runDirs(join(out, "t1"))).toHaveLength(3);

    // A changed config is not "the same run": the row runs again.
    const changed = await cli(["batch", "-c", file, ...common(), "--out", out, "--json", "--set", "loss.gamma=0.5"]);
    expect(JSON.parse(changed.out).ran).toBe(3);
  });

  it("shards, collects, and gives the same numbers with --jobs 2", async () => {
    const file = writeBatch("t2", rows);
    const sharded = join(work, "sharded");
    for (const shard of ["0/2", "1/2"]) {
      const r = await cli(["batch", "-c", file, ...common(), "--out", sharded, "--shard", shard, "-q"]);
      expect(r.code).toBe(0);
    }
    const collected = await cli(["collect", join(sharded, "t2"), "--json"]);
    expect(JSON.parse(collected.out).missing).toEqual([]);

    const parallel = join(work, "parallel");
    const p = await cli(["batch", "-c", file, ...common(), "--out", parallel, "--jobs", "2", "-q"]);
    expect(p.code).toBe(0);
    const weightsOf = (root: string) =>
      runDirs(join(root, "t2"))
        .sort()
        .map((d) => readFileSync(join(d, "weights.json"), "utf8") + readFileSync(join(d, "metrics.json"), "utf8"));
    expect(weightsOf(parallel)).toEqual(weightsOf(sharded));
  }, 180_000);
});

describe("chordtrain stats and config", () => {
  it("stats prints class distributions and splits as JSON", async () => {
    const r = await cli(["stats", ...common(), "--json"]);
    expect(r.code).toBe(0);
    const stats = JSON.parse(r.out);
    const strong = stats.classDistribution.strong;
    expect(strong.major + strong.minor + strong.noChord).toBe(strong.total);
    expect(stats.splits.test.segments).toBe(1);
  });

  it("config schema is JSON Schema and config show resolves overrides", async () => {
    const schema = JSON.parse((await cli(["config", "schema"])).out);
    expect(schema.properties.loss.properties.gamma.type).toBe("number");
    const shown = JSON.parse((await cli(["config", "show", "-c", "configs/softdtw.yaml", "--seed", "9"])).out);
    expect([shown.seed, shown.loss.kind, shown.targets.softLength]).toEqual([9, "softDtw", 75]);
  });
});

describe("errors", () => {
  it("bad config: one line naming file and line, exit 1, no stack", async () => {
    const dir = tmpFolder({ "bad.yaml": "seed: 0\ntargets:\n  padding: middle\n" });
    const r = await cli(["run", "-c", join(dir, "bad.yaml")]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^chordtrain: .*bad\.yaml:3: targets\.padding: .*got "middle"\n$/);
  });

  it("missing data folder and unknown --set key", async () => {
    const missing = await cli(["run", "--data", join(work, "nope"), "--epochs", "1", "--out", join(work, "err")]);
    expect(missing.code).toBe(1);
    const errors = missing.err.trim().split("\n").filter((l) => l.startsWith("chordtrain:"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/nope/);
    expect(missing.err).not.toMatch(/\n\s+at /); // no stack trace
    const unknown = await cli(["run", "--set", "training.epoch=3"]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/unknown config key "training\.epoch"/);
  });

  it("usage errors come from commander with a non-zero code", async () => {
    const r = await cli(["batch"]);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/--config/);
  });
});

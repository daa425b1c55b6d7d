import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadBatch, loadConfig, slugify } from "../../src/config/load.js";
import { ConfigSchema } from "../../src/config/schema.js";
import { tmpFolder } from "../helpers/tmp.js";
import { inputErrorOf } from "../helpers/errors.js";

describe("loadConfig", () => {
  it("fills every default from the schema when no file is given", () => {
    expect(loadConfig(undefined)).toEqual(ConfigSchema.parse({}));
  });

  it("reads YAML and JSON and merges an extends chain (child wins)", () => {
    const dir = tmpFolder({
      "base.yaml": "seed: 3\nloss:\n  kind: softDtw\n  gamma: 0.5\n",
      "child.yaml": "extends: base.yaml\nloss:\n  gamma: 0.1\n",
      "c.json": '{ "extends": "child.yaml", "name": "j" }',
    });
    const c = loadConfig(join(dir, "c.json"));
    expect([c.seed, c.loss.kind, c.loss.gamma, c.name]).toEqual([3, "softDtw", 0.1, "j"]);
  });

  it("names file, line and key path of a bad value", () => {
    const dir = tmpFolder({ "x.yaml": "name: x\nloss:\n  kind: sdtw\n" });
    const e = inputErrorOf(() => loadConfig(join(dir, "x.yaml")));
    expect(e.message).toMatch(/x\.yaml:3: loss\.kind: .*"bce".*got "sdtw"/);
    expect(e.message.split("\n")).toHaveLength(1);
  });

  it("rejects a misspelt key with its location", () => {
    const dir = tmpFolder({ "x.yaml": "training:\n  epoch: 5\n" });
    expect(inputErrorOf(() => loadConfig(join(dir, "x.yaml"))).message).toMatch(/x\.yaml:2: training: unknown key "epoch"/);
  });

  it("reports YAML syntax errors with their line", () => {
    const dir = tmpFolder({ "x.yaml": "seed: 1\nloss: [1\n" });
    expect(inputErrorOf(() => loadConfig(join(dir, "x.yaml"))).message).toMatch(/x\.yaml:\d+: invalid YAML/);
  });

  it("detects extends loops and missing files", () => {
    const dir = tmpFolder({ "a.yaml": "extends: b.yaml\n", "b.yaml": "extends: a.yaml\n" });
    expect(inputErrorOf(() => loadConfig(join(dir, "a.yaml"))).message).toMatch(/loops back/);
    expect(inputErrorOf(() => loadConfig(join(dir, "none.yaml"))).message).toMatch(/none\.yaml: config file not found/);
  });

  it("applies command-line values over the file", () => {
    const dir = tmpFolder({ "x.yaml": "seed: 1\ntraining:\n  epochs: 50\ndata:\n  dir: a\n" });
    const c = loadConfig(join(dir, "x.yaml"), {
      seed: 7,
      epochs: 3,
      data: "songs",
      out: "o",
      set: ["loss.stepWeights=[1,0,1]", "loss.kind=softDtw", "report.enabled=false"],
    });
    expect([c.seed, c.training.epochs, c.data.dir, c.out, c.loss.kind, c.report.enabled]).toEqual([
      7, 3, "songs", "o", "softDtw", false,
    ]);
    expect(c.loss.stepWeights).toEqual([1, 0, 1]);
  });

  it("refuses --set of a key that does not exist, and malformed --set", () => {
    expect(inputErrorOf(() => loadConfig(undefined, { set: ["loss.gama=1"] })).message).toMatch(
      /--set loss\.gama=1: unknown config key "loss\.gama" \(known under loss: kind, gamma/,
    );
    expect(inputErrorOf(() => loadConfig(undefined, { set: ["seed.x=1"] })).message).toMatch(/"seed" has no sub-keys/);
    expect(inputErrorOf(() => loadConfig(undefined, { set: ["loss.gamma"] })).message).toMatch(/key\.path=value/);
    expect(inputErrorOf(() => loadConfig(undefined, { set: ["loss.gamma=abc"] })).message).toMatch(
      /^command line: loss\.gamma: expected number, got "abc"/,
    );
  });
});

describe("loadBatch", () => {
  const files = {
    "base.yaml": "seed: 0\ntraining:\n  epochs: 100\n",
    "b.yaml": [
      "name: tbl",
      "base: base.yaml",
      "rows:",
      "  - row: BCE 150/150",
      "    set: { loss.kind: bce, training.epochs: 20 }",
      "  - row: Soft 16",
      "    set: { targets: { kind: soft, softLength: 16 }, loss.kind: softDtw }",
    ].join("\n"),
  };

  it("expands rows × seeds with base < row < command line", () => {
    const dir = tmpFolder(files);
    const b = loadBatch(join(dir, "b.yaml"), { out: "res" }, [1, 2]);
    expect(b.items.map((i) => [i.slug, i.seed, i.config.training.epochs, i.config.out])).toEqual([
      ["bce-150-150", 1, 20, "res/tbl"],
      ["bce-150-150", 2, 20, "res/tbl"],
      ["soft-16", 1, 100, "res/tbl"],
      ["soft-16", 2, 100, "res/tbl"],
    ]);
    expect(b.items[2].config.targets.kind).toBe("soft");
    const short = loadBatch(join(dir, "b.yaml"), { epochs: 2 });
    expect(short.items.map((i) => i.config.training.epochs)).toEqual([2, 2]);
  });

  it("rejects an unknown key in a row, naming the row", () => {
    const dir = tmpFolder({ "b.yaml": "rows:\n  - row: r1\n    set: { loss.gama: 1 }\n" });
    expect(inputErrorOf(() => loadBatch(join(dir, "b.yaml"))).message).toMatch(/row "r1": loss\.gama: unknown config key/);
  });

  it("rejects rows that would share a folder", () => {
    const dir = tmpFolder({ "b.yaml": "rows:\n  - row: A b\n  - row: a-B\n" });
    expect(inputErrorOf(() => loadBatch(join(dir, "b.yaml"))).message).toMatch(/share the folder name "a-b"/);
  });

  it("the shipped Table 4.1 batch has the study's five rows plus CTC", () => {
    const b = loadBatch("configs/table4_1.yaml");
    expect(
      b.items.map((i) => [i.config.loss.kind, i.config.targets.kind, i.config.targets.softLength, i.config.targets.padding]),
    ).toEqual([
      ["bce", "strong", 16, "uniform"],
      ["softDtw", "soft", 16, "uniform"],
      ["softDtw", "soft", 75, "uniform"],
      ["softDtw", "soft", 16, "last"],
      ["softDtw", "soft", 75, "last"],
      ["ctc", "soft", 16, "none"],
    ]);
    expect(b.items.every((i) => i.config.split.testSong === "ballad_in_c" && i.config.training.epochs === 200)).toBe(true);
  });
});

describe("slugify", () => {
  it.each([
    ["BCE 150/150", "bce-150-150"],
    ["Soft-DTW (uniform) 16", "soft-dtw-uniform-16"],
    ["γ=0.1", "0.1"],
    ["///", "row"],
  ])("%s → %s", (row, slug) => expect(slugify(row)).toBe(slug));
});

describe("loadBatch with an inline base that extends a file", () => {
  it("merges the file under the inline keys", () => {
    const dir = tmpFolder({
      "base.yaml": "seed: 4\nsplit:\n  testSong: a\n",
      "b.yaml": "base:\n  extends: base.yaml\n  split: { protocol: songs, testSongs: [a] }\nrows:\n  - row: r\n",
    });
    const c = loadBatch(join(dir, "b.yaml")).items[0].config;
    expect([c.seed, c.split.protocol, c.split.testSong, c.split.testSongs]).toEqual([4, "songs", "a", ["a"]]);
  });
});

describe("every shipped config", () => {
  it.each(readdirSync("configs").filter((f) => f.endsWith(".yaml")))("%s loads and validates", (name) => {
    const file = join("configs", name);
    const isBatch = /^rows:/m.test(readFileSync(file, "utf8"));
    const configs = isBatch ? loadBatch(file).items.map((i) => i.config) : [loadConfig(file)];
    expect(configs.length).toBeGreaterThan(0);
    // The built-in corpus, or (configs/formats.yaml) the trees scripts/make-format-corpus.sh makes from it.
    for (const c of configs) {
      const paths = [c.data.manifest, c.data.audioDir, c.data.annotationDir].filter((p) => p !== undefined);
      // (configs/generalization*.yaml: the manifests scripts/make-generalization-corpora.sh writes,
      // into data/generalization-manifests, or data/heldout-manifests for the held-out plan seeds,
      // or data/heldout<seed>-manifests where a batch reads several plan seeds at once)
      if (paths.length > 0) for (const p of paths) expect(p).toMatch(/^data\/(formats|generalization-manifests|heldout[123]?-manifests)\//);
      else expect(c.data.dir).toMatch(/^data\/(synth|formats\/|generalization$|heldout$)/);
    }
  });
});

describe("loadBatch: folds axis and paired comparisons", () => {
  const rows = ["rows:", "  - row: BCE", "    set: { loss.kind: bce }", "  - row: SDTW", "    set: { loss.kind: softDtw, targets.kind: soft }"];

  it("runs every row on each fold (split.fold set, one folder per row and fold)", () => {
    const dir = tmpFolder({
      "b.yaml": ["name: loso", "base: { split: { protocol: leave-one-song-out } }", "seeds: [0, 1]", "folds: [2, 0]", ...rows].join("\n"),
    });
    const b = loadBatch(join(dir, "b.yaml"));
    expect(b.items.map((i) => [i.row, i.fold, i.seed, i.slug, i.config.split.fold, i.config.name])).toEqual([
      ["BCE", 2, 0, "bce-fold2", 2, "bce-fold2"],
      ["BCE", 2, 1, "bce-fold2", 2, "bce-fold2"],
      ["BCE", 0, 0, "bce-fold0", 0, "bce-fold0"],
      ["BCE", 0, 1, "bce-fold0", 0, "bce-fold0"],
      ["SDTW", 2, 0, "sdtw-fold2", 2, "sdtw-fold2"],
      ["SDTW", 2, 1, "sdtw-fold2", 2, "sdtw-fold2"],
      ["SDTW", 0, 0, "sdtw-fold0", 0, "sdtw-fold0"],
      ["SDTW", 0, 1, "sdtw-fold0", 0, "sdtw-fold0"],
    ]);
    expect(b.folds).toEqual([2, 0]);
    expect(b.rows).toEqual([{ row: "BCE", slug: "bce" }, { row: "SDTW", slug: "sdtw" }]);
  });

  it("refuses folds on a protocol without folds, naming the line", () => {
    const dir = tmpFolder({ "b.yaml": ["name: x", "folds: [0, 1]", ...rows].join("\n") });
    const e = inputErrorOf(() => loadBatch(join(dir, "b.yaml")));
    expect(e.message).toBe(`${join(dir, "b.yaml")}:2: folds: needs split.protocol "leave-one-song-out", row "BCE" has "study"`);
  });

  it("keeps the compare entries and rejects an unknown row name in one line with its place", () => {
    const good = tmpFolder({ "b.yaml": [...rows, "compare:", "  - { a: SDTW, b: BCE }"].join("\n") });
    expect(loadBatch(join(good, "b.yaml")).compare).toEqual([{ a: "SDTW", b: "BCE" }]);
    const bad = tmpFolder({ "b.yaml": [...rows, "compare:", "  - { a: SDTW, b: BCE }", "  - a: SDTW", "    b: BCE clean"].join("\n") });
    const e = inputErrorOf(() => loadBatch(join(bad, "b.yaml")));
    expect(e.message).toBe(`${join(bad, "b.yaml")}:9: compare[1].b: no row named "BCE clean" (rows: "BCE", "SDTW")`);
    const self = tmpFolder({ "b.yaml": [...rows, "compare:", "  - { a: BCE, b: BCE }"].join("\n") });
    expect(inputErrorOf(() => loadBatch(join(self, "b.yaml"))).message).toMatch(/:7: compare\[0\]: a row compared with itself \("BCE"\)$/);
    const typo = tmpFolder({ "b.yaml": [...rows, "compare:", "  - { a: BCE, c: SDTW }"].join("\n") });
    expect(inputErrorOf(() => loadBatch(join(typo, "b.yaml"))).message.split("\n")).toHaveLength(1);
  });
});

describe("a batch row's method: file", () => {
  const files = {
    "common.yaml": "training: { epochs: 7, batchSize: 3 }\nloss: { gamma: 0.2 }\ndata: { dir: from-method }\n",
    "weak.yaml": "extends: common.yaml\ntargets: { kind: soft, softLength: 9, padding: uniform }\nloss: { kind: softDtw, stepWeights: [5, 1, 1] }\n",
    "b.yaml": [
      "name: m",
      "base:",
      "  data: { dir: corpus }",
      "  split: { protocol: songs, testSongs: [x] }",
      "  loss: { kind: softDtw, classBalance: 1 }",
      "  training: { learningRate: 0.5 }",
      "rows:",
      "  - row: plain",
      "  - row: weak",
      "    method: weak.yaml",
      "  - row: weak fast",
      "    method: weak.yaml",
      "    set: { training.epochs: 2 }",
    ].join("\n"),
  };

  it("runs the file's model/features/targets/loss/training on the batch's data and split; set applies on top", () => {
    const dir = tmpFolder(files);
    const [plain, weak, fast] = loadBatch(join(dir, "b.yaml")).items.map((i) => i.config);
    const own = loadConfig(join(dir, "weak.yaml"));
    for (const c of [weak, fast]) {
      expect([c.model, c.features, c.targets, c.loss]).toEqual([own.model, own.features, own.targets, own.loss]);
      // the batch's data and split, not the method file's data.dir
      expect([c.data.dir, c.split.protocol, c.split.testSongs]).toEqual(["corpus", "songs", ["x"]]);
    }
    expect(weak.training).toEqual(own.training);
    expect([fast.training.epochs, fast.training.batchSize]).toEqual([2, 3]);
    // the batch base's loss and training do not leak into a method row (they do reach a plain row)
    expect([weak.loss.classBalance, weak.training.learningRate]).toEqual([ConfigSchema.parse({}).loss.classBalance, ConfigSchema.parse({}).training.learningRate]);
    expect([plain.loss.classBalance, plain.training.learningRate, plain.loss.stepWeights]).toEqual([1, 0.5, ConfigSchema.parse({}).loss.stepWeights]);
  });

  it("names the batch file and line of a missing or wrong method file", () => {
    const missing = tmpFolder({ "b.yaml": "rows:\n  - row: a\n  - row: b\n    method: nope.yaml\n" });
    const e = inputErrorOf(() => loadBatch(join(missing, "b.yaml")));
    expect(e.message).toBe(`${join(missing, "b.yaml")}:4: rows[1].method: config file not found: ${join(missing, "nope.yaml")}`);
    const batch = tmpFolder({ "inner.yaml": "rows:\n  - row: x\n", "b.yaml": "rows:\n  - row: b\n    method: inner.yaml\n" });
    expect(inputErrorOf(() => loadBatch(join(batch, "b.yaml"))).message).toMatch(/b\.yaml:3: rows\[0\]\.method: .*inner\.yaml is a batch file/);
  });

  it("a bad value in the method file is reported in that file", () => {
    const dir = tmpFolder({ "w.yaml": "loss:\n  kind: sdtw\n", "b.yaml": "rows:\n  - row: b\n    method: w.yaml\n" });
    expect(inputErrorOf(() => loadBatch(join(dir, "b.yaml"))).message).toMatch(/w\.yaml:2: loss\.kind: /);
  });
});

describe("the generalisation benchmark's shipped rows", () => {
  it.each(["configs/generalization.yaml", "configs/generalization-shipped-configs.yaml"])("%s runs configs/softdtw.yaml and configs/ctc.yaml as they ship, on 14 cells", (file) => {
    const items = loadBatch(file).items;
    for (const [suffix, shipped] of [[" · softdtw.yaml", "configs/softdtw.yaml"], [" · ctc.yaml", "configs/ctc.yaml"]] as const) {
      const own = loadConfig(shipped);
      const rows = items.filter((i) => i.row.endsWith(suffix));
      expect(new Set(rows.map((i) => i.row)).size).toBe(14);
      for (const { config: c } of rows) {
        expect([c.model, c.features, c.targets, c.loss, c.training]).toEqual([own.model, own.features, own.targets, own.loss, own.training]);
        expect(c.data.dir === "data/generalization" || c.data.manifest?.startsWith("data/generalization-manifests/")).toBe(true);
      }
    }
  });
});

describe("a batch file given to run, a run config given to batch", () => {
  it("says which command each file is for, naming the file (and the rows: line)", () => {
    const dir = tmpFolder({ "b.yaml": "name: t\nseeds: [0]\nrows:\n  - row: r\n", "c.yaml": "loss: { kind: bce }\n" });
    const asRun = inputErrorOf(() => loadConfig(join(dir, "b.yaml")));
    expect(asRun.message).toBe(`${join(dir, "b.yaml")}:3: a batch file (it has "rows:"), not a run config: run it with "chordtrain batch -c ${join(dir, "b.yaml")}"`);
    const asBatch = inputErrorOf(() => loadBatch(join(dir, "c.yaml")));
    expect(asBatch.message).toMatch(/c\.yaml: not a batch file \(no "rows:"\): a run config runs with "chordtrain run -c .*c\.yaml"/);
    expect(asBatch.message.split("\n")).toHaveLength(1);
  });
});

describe("a bad value in a batch row's set", () => {
  it("is reported at the row in the batch file, not in the base file that has the same section", () => {
    const dir = tmpFolder({
      "base.yaml": "split:\n  protocol: songs\n  testSongs: [a]\n",
      "b.yaml": ["base: base.yaml", "rows:", "  - row: good", "  - row: bad", "    set:", "      split: { protocol: songz }", "  - row: typo", "    set: { split: { tesSongs: [b] } }"].join("\n"),
    });
    const e = inputErrorOf(() => loadBatch(join(dir, "b.yaml")));
    expect(e.message).toMatch(new RegExp(`^${join(dir, "b.yaml")}:6: rows\\[1\\] \\("bad"\\): split\\.protocol: .*got "songz"$`));
    const typo = tmpFolder({ "base.yaml": "split:\n  protocol: songs\n", "b.yaml": ["base: base.yaml", "rows:", "  - row: typo", "    set: { split: { tesSongs: [b] } }"].join("\n") });
    expect(inputErrorOf(() => loadBatch(join(typo, "b.yaml"))).message).toBe(`${join(typo, "b.yaml")}:4: rows[0] ("typo"): split: unknown key "tesSongs"`);
    // a bad value that comes from the base file is still reported there
    const fromBase = tmpFolder({ "base.yaml": "split:\n  protocol: songz\n", "b.yaml": "base: base.yaml\nrows:\n  - row: r\n    set: { split: { testSongs: [a] } }\n" });
    expect(inputErrorOf(() => loadBatch(join(fromBase, "b.yaml"))).message).toMatch(/base\.yaml:2: split\.protocol: .*got "songz"/);
  });
});

/**
 * End to end on a tiny generated corpus: a planted minor-chord collapse becomes visible (run
 * notes, progress, metrics.json, table.csv), paired comparisons land in compare.csv and table.md,
 * and a leave-one-song-out batch with a folds axis gives one table row per strategy, paired by
 * (seed, fold).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { makeTinyCorpus } from "../helpers/corpus.js";
import { tmpFolder, writeLines } from "../helpers/tmp.js";
import { cli, quickRunArgs } from "../helpers/cli.js";

let corpus: string;
let work: string;

const TEST_SONG = "ballad_in_c";
const VAL_SONG = "sunrise_in_a";

const common = (epochs: number) => quickRunArgs(corpus, work, epochs);

const runDirsOf = (batchDir: string, slug: string) => readdirSync(join(batchDir, slug)).map((r) => join(batchDir, slug, r));
const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8"));
const csv = (file: string) => parse(readFileSync(file, "utf8"), { columns: true }) as Record<string, string>[];

beforeAll(async () => {
  corpus = await makeTinyCorpus({ songs: 3, seconds: 30, seed: 1 });
  work = tmpFolder();
  // The plant: no minor chord in any training or validation label (minor, dim and hdim chords
  // become the major chord of their root), so BCE drives the minor template down; the test
  // song keeps its minor chords.
  for (const lab of readdirSync(corpus).filter((f) => f.endsWith(".lab") && !f.startsWith(TEST_SONG))) {
    const text = readFileSync(join(corpus, lab), "utf8");
    writeFileSync(join(corpus, lab), text.replace(/:(min|dim|hdim)[^\s]*/g, ""));
  }
}, 120_000);

describe("a planted minor collapse", () => {
  it("is named in the run's notes and progress, with the reference minor frames counted from the test labels", async () => {
    const file = writeLines(work, "collapse.yaml", [
      "name: collapse",
      `base: { split: { protocol: songs, testSongs: [${TEST_SONG}], valSongs: [${VAL_SONG}] }, report: { enabled: false } }`,
      "seeds: [0, 1]",
      "rows:",
      "  - row: BCE",
      "    set: { loss.kind: bce }",
      "  - row: BCE slow",
      "    set: { loss.kind: bce, training.learningRate: 0.01 }",
      "compare:",
      "  - { a: BCE, b: BCE slow }",
    ]);
    const out = join(work, "out");
    const r = await cli(["batch", "-c", file, ...common(20), "--out", out]);
    expect(r.code).toBe(0);
    const batchDir = join(out, "collapse");

    const perRun: Record<string, { seed: number; f: number; minor: number; sevenths: number }[]> = { BCE: [], "BCE slow": [] };
    for (const [row, slug] of [["BCE", "bce"], ["BCE slow", "bce-slow"]] as const) {
      for (const dir of runDirsOf(batchDir, slug)) {
        const record = readJson(join(dir, "run.json"));
        const metrics = readJson(join(dir, "metrics.json"));
        const test = readJson(join(dir, "artifacts.json")).test as { reference: number[]; estimate: number[] }[];
        // Counted here from the frames, independently of the evaluation code.
        const refMinor = test.flatMap((t) => t.reference).filter((c) => c >= 12).length;
        const estMinor = test.flatMap((t) => t.estimate).filter((c) => c >= 12).length;
        expect(refMinor).toBeGreaterThan(0);
        const warning = `warning: no minor chord predicted on the test set (${refMinor} reference minor frames)`;
        expect(record.notes.includes(warning)).toBe(estMinor === 0);
        if (estMinor === 0) expect(r.err).toContain(warning);
        expect(metrics.test.minorShare).toBeCloseTo(estMinor / test.flatMap((t) => t.reference).length, 12);
        if (row === "BCE") {
          expect(estMinor).toBe(0); // the plant took: lr 0.1 for 20 epochs without a minor label
          expect(metrics.test.minorRecall).toBe(0);
        }
        perRun[row].push({ seed: record.seed, f: metrics.test.f, minor: metrics.test.minorRecall, sevenths: metrics.mirEval.total.sevenths });
      }
    }

    const table = csv(join(batchDir, "table.csv"));
    expect(table.map((t) => [t.row, t.minor_recall, t.runs])).toEqual([["BCE", "0", "2"], expect.arrayContaining(["BCE slow"])]);

    // compare.csv: BCE − BCE slow, paired by seed, recomputed from the runs' metrics.json.
    const bySeed = (row: string) => Object.fromEntries(perRun[row].map((p) => [p.seed, p.f]));
    const a = bySeed("BCE");
    const b = bySeed("BCE slow");
    const diffs = [0, 1].map((s) => a[s] - b[s]);
    const mean = (diffs[0] + diffs[1]) / 2;
    const sd = Math.abs(diffs[0] - diffs[1]) / Math.SQRT2;
    const compare = csv(join(batchDir, "compare.csv"));
    // the songs protocol scores whole songs with mir_eval too, so its sevenths and majmin are compared
    expect(compare.map((c) => c.metric)).toEqual(["test_f1", "majmin", "minor_recall", "mireval_sevenths", "mireval_majmin"]);
    const sevenths = (row: string) => Object.fromEntries(perRun[row].map((p) => [p.seed, p.sevenths]));
    const sevenDiff = ([0, 1].map((s) => sevenths("BCE")[s] - sevenths("BCE slow")[s]) as number[]).reduce((x, y) => x + y) / 2;
    expect(Number(compare[3].diff)).toBeCloseTo(sevenDiff, 4);
    expect(compare[0]).toMatchObject({ a: "BCE", b: "BCE slow", pairs: "2", unpaired: "0" });
    expect(Number(compare[0].diff)).toBeCloseTo(mean, 4);
    expect(Number(compare[0].diff_ci95)).toBeCloseTo((12.706 * sd) / Math.SQRT2, 3);
    expect(readFileSync(join(batchDir, "table.md"), "utf8")).toContain("| BCE | BCE slow | test_f1 | 2 |");
  }, 300_000);
});

describe("a leave-one-song-out batch with a folds axis", () => {
  it("runs each row on every fold, aggregates a row over its folds and pairs by (seed, fold)", async () => {
    const file = writeLines(work, "loso.yaml", [
      "name: loso",
      "base: { split: { protocol: leave-one-song-out }, report: { enabled: false } }",
      "folds: [0, 1, 2]",
      "rows:",
      "  - row: BCE",
      "    set: { loss.kind: bce }",
      "  - row: CTC",
      "    set: { loss.kind: ctc, targets.kind: soft, targets.padding: none }",
      "compare:",
      "  - { a: CTC, b: BCE }",
    ]);
    const out = join(work, "out");
    const r = await cli(["batch", "-c", file, ...common(2), "--out", out, "-q"]);
    expect(r.code).toBe(0);
    const batchDir = join(out, "loso");
    expect(readdirSync(batchDir).filter((d) => d.includes("fold")).sort()).toEqual([
      "bce-fold0", "bce-fold1", "bce-fold2", "ctc-fold0", "ctc-fold1", "ctc-fold2",
    ]);
    const f = (slug: string) => readJson(join(runDirsOf(batchDir, slug)[0], "metrics.json")).test.f as number;
    for (const k of [0, 1, 2]) expect(readJson(join(runDirsOf(batchDir, `bce-fold${k}`)[0], "config.json")).split.fold).toBe(k);

    const table = csv(join(batchDir, "table.csv"));
    expect(table.map((t) => [t.row, t.seeds, t.folds, t.runs])).toEqual([["BCE", "1", "3", "3"], ["CTC", "1", "3", "3"]]);
    expect(Number(table[0].test_f1)).toBeCloseTo((f("bce-fold0") + f("bce-fold1") + f("bce-fold2")) / 3, 4);
    const runs = csv(join(batchDir, "runs.csv"));
    expect(runs.map((l) => [l.row, l.fold])).toEqual([["BCE", "0"], ["BCE", "1"], ["BCE", "2"], ["CTC", "0"], ["CTC", "1"], ["CTC", "2"]]);

    const diffs = [0, 1, 2].map((k) => f(`ctc-fold${k}`) - f(`bce-fold${k}`));
    const [c] = csv(join(batchDir, "compare.csv"));
    expect(c).toMatchObject({ a: "CTC", b: "BCE", metric: "test_f1", pairs: "3" });
    expect(Number(c.diff)).toBeCloseTo((diffs[0] + diffs[1] + diffs[2]) / 3, 4);
  }, 300_000);
});

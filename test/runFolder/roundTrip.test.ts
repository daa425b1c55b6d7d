/**
 * The run-folder format round-trips: what the writers of a real tiny batch write (run.json,
 * metrics.json, weights.json, artifacts.json, history.csv, batch.json, table.csv, runs.csv) is
 * what the readers' schemas (src/runFolder/) read back, key for key. A writer that renames,
 * adds or drops a field, or changes its type, makes the read value differ from the written one.
 * The batch has two dChord rows on the study protocol (no whole-song mir_eval scores) and a
 * context network with the sevenths vocabulary tested on a whole song (metrics.json `mirEval`
 * and `test.vocabulary`), so the vocabulary columns are read back both empty and filled.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import { loadBatch } from "../../src/config/load.js";
import { runBatch } from "../../src/experiment/batch.js";
import type { Collected } from "../../src/experiment/collect.js";
import {
  AlignmentSchema, BatchPlanSchema, ClassDistributionSchema, MetricsSchema, ModelFileSchema, RunRecordSchema,
  STAT_COLUMNS, VOCABULARY_COLUMNS, TargetsExampleSchema, parseCompareCsv, TestSegmentSchema, WeightsSchema, historyCsv, parseHistoryCsv,
} from "../../src/runFolder/index.js";
import { ContextModelFileSchema, CONTEXT_MODEL_FILE_FORMAT } from "../../src/config/schema.js";
import { readRunDir } from "../../src/reporting/readRun.js";
import { readBatchDir } from "../../src/reporting/readBatch.js";
import { aggregateRunLines, parseTableCsv } from "../../src/reporting/table.js";
import { parse } from "csv-parse/sync";
import { makeTinyCorpus } from "../helpers/corpus.js";
import { tmpFolder } from "../helpers/tmp.js";
import { canonicalJson } from "../../src/util/canonicalJson.js";

let dir: string;
let collected: Collected;
const json = (path: string) => JSON.parse(readFileSync(path, "utf8")) as unknown;

/**
 * The schema reads `value` back unchanged, key order aside (unknown keys would be dropped,
 * renamed ones missing); `diff` names the first key that differs.
 */
function roundTrip(schema: z.ZodType, value: unknown): { ok: boolean; diff?: string } {
  const r = schema.safeParse(value);
  if (!r.success) return { ok: false, diff: `${r.error.issues[0]?.path.join(".")}: ${r.error.issues[0]?.message}` };
  if (canonicalJson(r.data) === canonicalJson(value)) return { ok: true };
  const a = r.data as Record<string, unknown>;
  const b = value as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])];
  return { ok: false, diff: keys.find((k) => canonicalJson(a?.[k]) !== canonicalJson(b?.[k])) };
}

beforeAll(async () => {
  const corpus = await makeTinyCorpus({ songs: 3, seconds: 30, seed: 2 });
  const work = tmpFolder();
  const file = join(work, "rt.yaml");
  writeFileSync(
    file,
    [
      "name: rt",
      "base:",
      "  split: { protocol: study, testSegment: 0 }",
      "  dataset: { segmentLength: 50, segmentHop: 50 }",
      "  report: { enabled: false }",
      "rows:",
      "  - row: BCE",
      "    set: { targets.kind: strong, loss.kind: bce }",
      "  - row: CTC",
      "    set: { targets.kind: soft, targets.padding: none, loss.kind: ctc }",
      "  - row: Sevenths",
      "    set:",
      "      targets.kind: strong",
      "      loss.kind: bce",
      "      model.context: { radius: 1, hidden: [8], vocabulary: sevenths }",
      "      training.engine: tfjs",
      "      dataset.trimNoChord: false",
      "      split: { protocol: songs, testSongs: [ballad_in_c], valSongs: [sunrise_in_a] }",
      "compare:",
      "  - { a: BCE, b: CTC }",
    ].join("\n"),
  );
  const batch = loadBatch(file, { data: corpus, out: join(work, "out"), epochs: 2, set: [`data.cacheDir=${join(work, "cache")}`] }, [0, 1]);
  const result = await runBatch(batch);
  expect(result.failed).toEqual([]);
  dir = result.dir;
  collected = result.collected;
}, 240_000);

describe("each run folder's files read back as written", () => {
  it("run.json, metrics.json, weights.json, artifacts.json: every key survives the readers' schemas", () => {
    expect(collected.runs).toHaveLength(6);
    for (const run of collected.runs) {
      expect(roundTrip(RunRecordSchema, json(join(run.dir, "run.json"))), `${run.dir}/run.json`).toMatchObject({ ok: true });
      const metrics = json(join(run.dir, "metrics.json")) as Record<string, unknown>;
      expect(roundTrip(MetricsSchema, metrics), `${run.dir}/metrics.json`).toMatchObject({ ok: true });
      expect(metrics.health).toMatchObject({ degenerate: expect.any(Boolean) });
      const weights = json(join(run.dir, "weights.json")) as Record<string, unknown>;
      if (weights.format === CONTEXT_MODEL_FILE_FORMAT) {
        expect(roundTrip(ContextModelFileSchema, weights), `${run.dir}/weights.json`).toMatchObject({ ok: true });
      } else {
        expect(roundTrip(ModelFileSchema, weights), `${run.dir}/weights.json`).toMatchObject({ ok: true });
        expect(WeightsSchema.safeParse(weights).success).toBe(true);
      }
      const artifacts = json(join(run.dir, "artifacts.json")) as Record<string, unknown[]> & Record<string, unknown>;
      expect(Object.keys(artifacts).sort()).toEqual(["alignments", "classDistribution", "frameRateHz", "targetsExample", "test"]);
      for (const a of artifacts.alignments) expect(roundTrip(AlignmentSchema, a)).toMatchObject({ ok: true });
      for (const t of artifacts.test) expect(roundTrip(TestSegmentSchema, t)).toMatchObject({ ok: true });
      expect(roundTrip(ClassDistributionSchema, artifacts.classDistribution)).toMatchObject({ ok: true });
      if (artifacts.targetsExample !== null) expect(roundTrip(TargetsExampleSchema, artifacts.targetsExample)).toMatchObject({ ok: true });
    }
  });

  it("history.csv: parsed and written again gives the same text", () => {
    for (const run of collected.runs) {
      const text = readFileSync(join(run.dir, "history.csv"), "utf8");
      const rows = parseHistoryCsv(text);
      expect(rows).toHaveLength(2);
      expect(historyCsv(rows)).toBe(text);
    }
  });

  it("the report reads every run folder without a problem", () => {
    for (const run of collected.runs) expect(readRunDir(run.dir).problems).toEqual([]);
  });

  it("a writer that renames a field no longer round-trips (the check above can fail)", () => {
    const metrics = json(join(collected.runs[0].dir, "metrics.json")) as Record<string, unknown>;
    const { bestEpoch, ...rest } = metrics;
    expect(roundTrip(MetricsSchema, { ...rest, best_epoch: bestEpoch }).ok).toBe(false);
    const record = json(join(collected.runs[0].dir, "run.json")) as Record<string, unknown>;
    expect(roundTrip(RunRecordSchema, { ...record, seed: String(record.seed) }).ok).toBe(false);
  });
});

describe("the batch folder's files read back as written", () => {
  it("batch.json survives the readers' schema", () => {
    expect(roundTrip(BatchPlanSchema, json(join(dir, "batch.json")))).toMatchObject({ ok: true });
  });

  it("table.csv and runs.csv: the reader gets the writer's means (to the 4 decimals written) and counts", () => {
    const fromTable = parseTableCsv(readFileSync(join(dir, "table.csv"), "utf8"));
    const fromRuns = aggregateRunLines(parse(readFileSync(join(dir, "runs.csv"), "utf8"), { columns: true }) as Record<string, string>[]);
    const header = readFileSync(join(dir, "table.csv"), "utf8").split("\n")[0].split(",");
    expect(fromTable.map((r) => r.row)).toEqual(["BCE", "CTC", "Sevenths"]);
    for (const read of [fromTable, fromRuns]) {
      collected.rows.forEach((written, k) => {
        expect(read[k]).toMatchObject({ row: written.row, runs: written.runs, failed: written.failed, degenerate: written.degenerate });
        for (const [column, key] of STAT_COLUMNS) {
          expect(header, column).toContain(column);
          // Unknown (e.g. no mir_eval on the study protocol) is written empty and read as unknown.
          expect(Number.isFinite(read[k][key].mean), `${written.row} ${column} known`).toBe(Number.isFinite(written[key].mean));
          if (!Number.isFinite(written[key].mean)) continue;
          // Written rounded to 4 decimals (seconds 2, best/stopped epoch 1 in table.csv, 0 in runs.csv).
          expect(Math.abs(read[k][key].mean - written[key].mean), `${written.row} ${column}`).toBeLessThanOrEqual((key === "seconds" ? 0.005 : key.endsWith("Epoch") ? 0.5 : 5e-5) + 1e-9);
        }
      });
    }
  });

  it("the vocabulary columns follow every older column and hold each run's metrics.json scores, empty where it has none", () => {
    // The columns of table.csv and runs.csv before the vocabulary scores, as older batches have them (docs/ARCHITECTURE.md).
    const scores = ["test_f1", "test_precision", "test_recall", "majmin", "major_recall", "minor_recall", "minor_share"];
    const oldTable = [
      "row", "target_length", "original_length", "loss", "padding", "seeds", "failed", "missing", "folds", "runs", ...scores, "best_epoch", "seconds",
      ...scores.flatMap((c) => [`${c}_sd`, `${c}_ci95`]), "degenerate", "stopped_epoch", "worst_f1", "worst_seed", "worst_fold", "worst_minor_recall", "collapsed",
    ];
    const oldRuns = ["row", "seed", "fold", "status", "loss", "padding", "target_length", ...scores, "best_epoch", "seconds", "dir", "degenerate", "stopped_epoch", "health"];
    const added = ["mireval_sevenths", "mireval_majmin", "frame_sevenths"];
    const table = parse(readFileSync(join(dir, "table.csv"), "utf8"), { columns: false }) as string[][];
    const recall = ["recall_7", "recall_maj7", "recall_min7", "recall_n"];
    expect(table[0]).toEqual([...oldTable, ...added, ...added.flatMap((c) => [`${c}_sd`, `${c}_ci95`]), ...recall, ...recall.flatMap((c) => [`${c}_sd`, `${c}_ci95`])]);
    const runsCsv = parse(readFileSync(join(dir, "runs.csv"), "utf8"), { columns: true }) as Record<string, string>[];
    expect(Object.keys(runsCsv[0])).toEqual([...oldRuns, ...added, ...recall]);
    expect(VOCABULARY_COLUMNS.map(([c]) => c)).toEqual(added);

    // Each run's cells, straight from its metrics.json: mir_eval over the whole test song, and the
    // frame accuracy of the sevenths vocabulary; the study rows have neither.
    const four = (x: number | undefined) => (x === undefined ? "" : String(Number(x.toFixed(4))));
    const perRow = new Map<string, number[][]>();
    for (const line of runsCsv) {
      const m = json(join(line.dir, "metrics.json")) as { mirEval?: { total: Record<string, number> }; test: { vocabulary?: { accuracy: number } } };
      const expected = [m.mirEval?.total.sevenths, m.mirEval?.total.majmin, m.test.vocabulary?.accuracy];
      expect(added.map((c) => line[c]), `${line.row} seed ${line.seed}`).toEqual(expected.map(four));
      // the per-class recall, straight from metrics.json's vocabulary recall (null: no reference frame)
      const r = (m.test.vocabulary as { recall?: Record<string, number | null> } | undefined)?.recall;
      expect(recall.map((c) => line[c])).toEqual(["7", "maj7", "min7", "N"].map((q) => four(r?.[q] ?? undefined)));
      expect(expected.every((x) => x === undefined), line.row).toBe(line.row !== "Sevenths");
      perRow.set(line.row, [...(perRow.get(line.row) ?? []), expected as number[]]);
    }
    // table.csv: the mean over the row's two seeds
    for (const line of table.slice(1)) {
      const runs = perRow.get(line[0])!;
      const cells = added.map((c) => line[table[0].indexOf(c)]);
      if (line[0] !== "Sevenths") expect(cells).toEqual(["", "", ""]);
      else cells.forEach((cell, j) => expect(Math.abs(Number(cell) - (runs[0][j] + runs[1][j]) / 2)).toBeLessThanOrEqual(5e-5 + 1e-9));
    }
  });

  it("compare.csv: the reader gets the writer's paired differences (to the 4 decimals written)", () => {
    const lines = parseCompareCsv(readFileSync(join(dir, "compare.csv"), "utf8"));
    expect(lines.map((l) => [l.a, l.b, l.metric])).toEqual(collected.comparisons.map((c) => [c.a, c.b, c.metric]));
    expect(lines).toHaveLength(3);
    lines.forEach((l, k) => {
      const c = collected.comparisons[k];
      expect([l.pairs, l.unpaired]).toEqual([c.diff.n, c.unpaired]);
      for (const [read, written] of [[l.meanA, c.meanA], [l.meanB, c.meanB], [l.diff, c.diff.mean], [l.lo, c.diff.mean - c.diff.ci95], [l.hi, c.diff.mean + c.diff.ci95]]) {
        expect(Math.abs(read - written), `${c.metric}`).toBeLessThanOrEqual(5e-5 + 1e-9);
      }
    });
  });

  it("the batch report reads it without a problem", () => {
    expect(readBatchDir(dir).problems).toEqual([]);
  });
});

/**
 * Run and batch directories written in code, following docs/ARCHITECTURE.md (the run-directory
 * contract) and the batch files `chordtrain batch` writes (batch.json plan, table.csv).
 */
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigSchema } from "../../src/config/schema.js";

export const FRAME_RATE_HZ = 22050 / 2048;
export const MAJOR = [1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0];
export const MINOR = [1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0];

/** N ×5, C ×35, G ×30, Am ×35, F ×45 = 150 frames. */
export function strongSequence(): number[] {
  const runs: [number, number][] = [[-1, 5], [0, 35], [7, 30], [21, 35], [5, 45]];
  return runs.flatMap(([c, n]) => Array<number>(n).fill(c));
}

export function reduce(seq: readonly number[]): number[] {
  return seq.filter((c, i) => i === 0 || seq[i - 1] !== c);
}

export function pad(reduced: readonly number[], length: number, padding: "uniform" | "last"): number[] {
  const n = reduced.length;
  return Array.from({ length }, (_, j) => (padding === "uniform" ? reduced[Math.floor((j * n) / length)] : reduced[Math.min(j, n - 1)]));
}

export function rotate(v: readonly number[], k: number): number[] {
  return v.map((_, i) => v[(i - k + 12) % 12]);
}

export function templatesOf(major: readonly number[], minor: readonly number[]): number[][] {
  return [...Array.from({ length: 12 }, (_, k) => rotate(major, k)), ...Array.from({ length: 12 }, (_, k) => rotate(minor, k))];
}

export function alignmentFixture(epoch: number, which: string, rows = 16, cols = 150) {
  const E: number[] = [];
  const width = which === "first" ? 12 : 3;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const centre = ((i + 0.5) * cols) / rows;
      E.push(Number(Math.exp(-(((j - centre) / width) ** 2)).toFixed(4)));
    }
  }
  const path: [number, number][] = [];
  for (let j = 0; j < cols; j++) path.push([Math.min(rows - 1, Math.floor((j * rows) / cols)), j]);
  const targets = pad(reduce(strongSequence()), rows, "uniform");
  return { epoch, which, song: "val_song", segment: 2, rows, cols, E, path, targets };
}

export function confusionOf(reference: readonly number[], estimate: readonly number[]): number[][] {
  const m = Array.from({ length: 25 }, () => Array<number>(25).fill(0));
  const idx = (c: number) => (c < 0 ? 24 : c);
  reference.forEach((r, n) => m[idx(r)][idx(estimate[n])]++);
  return m;
}

export function testSegment() {
  const reference = strongSequence();
  // The estimate changes chord three frames late and calls the Am section C for 10 frames.
  const estimate = reference.map((_, n) => (n >= 3 ? reference[n - 3] : reference[0])).map((c, n) => (n >= 80 && n < 90 ? 0 : c));
  const chroma = reference.map((c) => {
    const t = c < 0 ? Array<number>(12).fill(0.1) : c < 12 ? rotate(MAJOR, c) : rotate(MINOR, c - 12);
    return t.map((x) => Number((0.05 + 0.8 * x).toFixed(3)));
  });
  return { song: "test_song", segment: 0, startSec: 12.5, chroma, reference, estimate };
}

export interface RunFixtureOptions {
  loss?: "bce" | "softDtw" | "ctc";
  status?: "COMPLETED" | "FAILED" | "RUNNING";
  seed?: number;
  name?: string;
  row?: string;
  epochs?: number;
  bestEpoch?: number;
  f?: number;
  /** Text injected into run.json notes and the error, to test escaping. */
  note?: string;
}

function write(dir: string, name: string, content: unknown): void {
  writeFileSync(join(dir, name), typeof content === "string" ? content : JSON.stringify(content));
}

function historyCsv(epochs: number, loss: string): string {
  const scale = loss === "bce" ? 1 : 100;
  const lines = Array.from({ length: epochs }, (_, k) => {
    const e = k + 1;
    const train = scale * (0.7 + 1.8 * Math.exp(-e / 6));
    const val = scale * (0.8 + 1.7 * Math.exp(-e / 6) + 0.004 * Math.max(0, e - 24));
    return `${e},${train.toFixed(5)},${val.toFixed(5)},${(0.5 + e / 100).toFixed(4)},${(0.02 * e).toFixed(3)}`;
  });
  return ["epoch,train_loss,val_loss,val_f,seconds", ...lines].join("\n") + "\n";
}

export function writeRunDir(dir: string, o: RunFixtureOptions = {}): string {
  const loss = o.loss ?? "softDtw";
  const status = o.status ?? "COMPLETED";
  const epochs = o.epochs ?? 30;
  const bestEpoch = o.bestEpoch ?? 24;
  mkdirSync(dir, { recursive: true });
  const config = ConfigSchema.parse({
    name: o.name ?? "fixture",
    seed: o.seed ?? 0,
    loss: { kind: loss },
    targets: loss === "bce" ? { kind: "strong" } : { kind: "soft", softLength: 16, padding: "uniform" },
    training: { epochs },
  });
  write(dir, "config.json", config);
  write(dir, "run.json", {
    status,
    ...(status === "FAILED" ? { error: `training diverged ${o.note ?? ""}`.trim() } : {}),
    runId: `20261125-101530-123-s${o.seed ?? 0}`,
    name: o.name ?? "fixture",
    ...(o.row ? { row: o.row } : {}),
    seed: o.seed ?? 0,
    configHash: "abcdef0123456789",
    startedAt: "2026-11-25T10:15:30.123Z",
    finishedAt: "2026-11-25T10:16:02.000Z",
    git: { commit: "0123456789abcdef0123456789abcdef01234567", dirty: true },
    versions: { node: "v20.20.0", chordtrain: "0.1.0", "@tensorflow/tfjs": "4.22.0", backend: "wasm" },
    timings: { loadSec: 1.2, trainSec: 28.5, evalSec: 0.4, totalSec: 31.9 },
    notes: o.note ? [o.note] : ["test song also appears in training"],
    parameters: 25,
  });
  if (status === "FAILED") return dir;
  writeCompletedFiles(dir, loss, epochs, bestEpoch, o.f ?? 0.761);
  return dir;
}

function writeCompletedFiles(dir: string, loss: string, epochs: number, bestEpoch: number, f: number): void {
  const test = testSegment();
  const scores = { precision: f + 0.01, recall: f - 0.01, f, tp: 114, fp: 36, fn: 36, majmin: f + 0.02, frames: 150 };
  write(dir, "metrics.json", {
    test: scores,
    perSong: { test_song: scores },
    val: { ...scores, f: f - 0.05 },
    confusion: confusionOf(test.reference, test.estimate),
    bestEpoch,
    epochs,
    targetLength: loss === "bce" ? 150 : 16,
    originalLength: 150,
    loss,
    padding: loss === "bce" ? "" : "uniform",
    counts: { train: 43, val: 12, test: 1, testFrames: 150 },
  });
  write(dir, "history.csv", historyCsv(epochs, loss));
  // BCE runs get a flatter third, so rows differ visibly in the batch template figure.
  const third = loss === "bce" ? 0.6 : 1;
  const major = [1.9, -0.3, 0.1, -0.2, 1.4 * third, 0.2, -0.4, 1.2, -0.1, 0.3, -0.2, 0.05];
  const minor = [1.1, -0.1, 0.2, 0.8 * third, 0.1, 0.15, -0.2, 0.9, 0.05, 0.1, -0.1, 0.0];
  write(dir, "weights.json", { gain: 10, logGain: Math.log(10), major, minor, templates: templatesOf(major, minor), initTemplates: templatesOf(MAJOR, MINOR) });
  const strong = strongSequence();
  const reduced = reduce(strong);
  const variants = [16, 75].flatMap((softLength) => (["uniform", "last"] as const).map((padding) => ({ padding, softLength, sequence: pad(reduced, softLength, padding) })));
  const counts = (major: number, minor: number, noChord: number) => ({ major, minor, noChord, total: major + minor + noChord });
  write(dir, "artifacts.json", {
    frameRateHz: FRAME_RATE_HZ,
    targetsExample: { song: "train_song", segment: 3, strong, reduced, variants },
    alignments: loss === "softDtw" ? [alignmentFixture(1, "first"), alignmentFixture(bestEpoch, "best"), alignmentFixture(epochs, "last")] : [],
    test: [test],
    classDistribution: {
      strong: counts(5843, 607, 0),
      softUnpadded: counts(316, 44, 0),
      soft: [
        { padding: "uniform", softLength: 16, counts: counts(613, 75, 0), truncatedSegments: 0 },
        { padding: "uniform", softLength: 75, counts: counts(2656, 344, 0), truncatedSegments: 0 },
      ],
    },
  });
}

export function tempDir(prefix = "chordtrain-report-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The table.csv `chordtrain batch` writes (aggregated, one line per row). */
export const TABLE_CSV = `row,target_length,original_length,loss,padding,seeds,failed,test_f1,test_precision,test_recall,majmin,best_epoch,seconds,test_f1_sd,test_f1_ci95,test_precision_sd,test_precision_ci95,test_recall_sd,test_recall_ci95,majmin_sd,majmin_ci95
bce-strong,150,150,bce,,2,0,0.765,0.77,0.76,0.78,50,30.5,0.004,0.0359,0.003,0.027,0.002,0.018,0.001,0.009
sdtw-16-uniform,16,150,softDtw,uniform,1,1,0.761,0.771,0.751,0.781,24,31.9,,,,,,,,
`;

/** A batch: 2 rows × 2 seeds, one run FAILED; batch.json as `chordtrain batch` writes it. */
export function writeBatchDir(dir: string, opts: { table?: boolean } = {}): string {
  mkdirSync(dir, { recursive: true });
  const rows = [{ row: "bce-strong", slug: "bce-strong" }, { row: "sdtw-16-uniform", slug: "sdtw-16-uniform" }];
  const items = rows.flatMap((r) => [0, 1].map((seed) => ({ ...r, seed, configHash: "abcdef0123456789" })));
  write(dir, "batch.json", { name: "padding-study", file: "configs/batch.yaml", rows, seeds: [0, 1], items });
  writeRunDir(join(dir, "bce-strong", "20261125-101530-123-s0"), { loss: "bce", seed: 0, name: "bce-strong", row: "bce-strong", bestEpoch: 20, f: 0.768 });
  writeRunDir(join(dir, "bce-strong", "20261125-101531-123-s1"), { loss: "bce", seed: 1, name: "bce-strong", row: "bce-strong", bestEpoch: 22, f: 0.762 });
  writeRunDir(join(dir, "sdtw-16-uniform", "20261125-101532-123-s0"), { loss: "softDtw", seed: 0, name: "sdtw-16-uniform", row: "sdtw-16-uniform", f: 0.761 });
  writeRunDir(join(dir, "sdtw-16-uniform", "20261125-101533-123-s1"), { loss: "softDtw", seed: 1, name: "sdtw-16-uniform", row: "sdtw-16-uniform", status: "FAILED", note: "<script>alert(1)</script>" });
  if (opts.table !== false) write(dir, "table.csv", TABLE_CSV);
  return dir;
}

/**
 * Early stopping through a whole run: metrics.json says where and why it stopped, history.csv
 * holds exactly the epochs run, weights.json holds the best epoch's weights (those of a fixed run
 * of as many epochs, which follows the same trajectory), and a rerun stops at the same epoch with
 * byte-identical weights.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigSchema, type Config } from "../../src/config/schema.js";
import { runExperiment } from "../../src/experiment/runExperiment.js";
import { makeTinyCorpus } from "../helpers/corpus.js";
import { tmpFolder } from "../helpers/tmp.js";

let corpus: string;
let cacheDir: string;
const configOf = (training: Record<string, unknown>): Config =>
  ConfigSchema.parse({
    name: "es",
    out: tmpFolder(),
    data: { dir: corpus, cacheDir },
    dataset: { segmentLength: 50, segmentHop: 50 },
    // a large step overshoots: the validation loss stops improving after a few epochs
    training: { epochs: 30, learningRate: 3, ...training },
    report: { enabled: false },
  });
const read = (dir: string, name: string) => readFileSync(join(dir, name), "utf8");

beforeAll(async () => {
  corpus = await makeTinyCorpus({ songs: 3, seconds: 30, seed: 4 });
  cacheDir = join(tmpFolder(), "cache");
}, 120_000);

describe("a run with early stopping", () => {
  it("records the stop in metrics.json and history.csv, keeps the best weights, and a rerun gives the same bits", async () => {
    const es = { earlyStopping: { patience: 2 } };
    const a = await runExperiment(configOf(es));
    const m = JSON.parse(read(a.dir, "metrics.json"));
    expect(m.stopReason).toBe("patience");
    expect(m.stoppedEpoch).toBeLessThan(30);
    expect(m.epochs).toBe(m.stoppedEpoch);
    const history = read(a.dir, "history.csv").trim().split("\n").slice(1);
    expect(history).toHaveLength(m.stoppedEpoch);
    // patience 2, no schedule: the best epoch is the one 2 before the stop, the lowest val_loss
    const valLoss = history.map((l) => Number(l.split(",")[2]));
    expect(m.bestEpoch).toBe(valLoss.indexOf(Math.min(...valLoss)) + 1);
    expect(m.bestEpoch).toBe(m.stoppedEpoch - 2);

    const fixed = await runExperiment(configOf({ epochs: m.stoppedEpoch }));
    const fm = JSON.parse(read(fixed.dir, "metrics.json"));
    expect([fm.stoppedEpoch, fm.stopReason, fm.bestEpoch]).toEqual([null, null, m.bestEpoch]);
    expect(read(fixed.dir, "weights.json")).toBe(read(a.dir, "weights.json"));

    const again = await runExperiment(configOf(es));
    expect(JSON.parse(read(again.dir, "metrics.json")).stoppedEpoch).toBe(m.stoppedEpoch);
    expect(read(again.dir, "weights.json")).toBe(read(a.dir, "weights.json"));
  }, 120_000);

  it("patience counted in updates: run.json says what it became in epochs, and the run stops as with that patience in epochs", async () => {
    const a = await runExperiment(configOf({ earlyStopping: { patienceUpdates: 7, minUpdates: 11 } }));
    const m = JSON.parse(read(a.dir, "metrics.json"));
    const perEpoch = Math.ceil(m.counts.train / 5); // batches of 5 (the default batchSize), the last may be short
    const patience = Math.max(1, Math.ceil(7 / perEpoch));
    const minEpochs = Math.ceil(11 / perEpoch);
    const notes: string[] = JSON.parse(read(a.dir, "run.json")).notes;
    expect(notes).toContain(
      `Early stopping counted in updates, at ${perEpoch} updates per epoch: patience ${patience} epochs (7 updates), not before epoch ${minEpochs} (11 updates).`,
    );
    const inEpochs = await runExperiment(configOf({ earlyStopping: { patience, minEpochs } }));
    const e = JSON.parse(read(inEpochs.dir, "metrics.json"));
    expect(m.stopReason).toBe("patience");
    expect([m.stoppedEpoch, m.bestEpoch]).toEqual([e.stoppedEpoch, e.bestEpoch]);
    expect(read(a.dir, "weights.json")).toBe(read(inEpochs.dir, "weights.json"));
    expect(JSON.parse(read(inEpochs.dir, "run.json")).notes.some((n: string) => n.startsWith("Early stopping counted"))).toBe(false);
  }, 120_000);
});

/**
 * What one run writes, checked against values derived here: metrics.json recomputed from the
 * written predictions/*.lab and the corpus's own (clean) reference .lab with label distortion on,
 * an exact .lab boundary from the frame arithmetic, the best epoch's weights (not the last), and
 * a report that fails to render leaving the run COMPLETED.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigSchema, type Config } from "../../src/config/schema.js";
import { labelToClass } from "../../src/annotations/reduce.js";
import type { TrainResult } from "../../src/training/index.js";
import { makeTinyCorpus } from "../helpers/corpus.js";
import { tmpFolder } from "../helpers/tmp.js";

// Capture what training returned (to compare weights.json with it), and make the report renderer fail.
const captured: { result?: TrainResult } = {};
vi.mock("../../src/training/index.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/training/index.js")>();
  return {
    ...real,
    train: async (...args: Parameters<typeof real.train>) => (captured.result = await real.train(...args)),
  };
});
vi.mock("../../src/reporting/index.js", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../src/reporting/index.js")>()),
  writeReport: async () => {
    throw new Error("planted renderer failure");
  },
}));

const { runExperiment } = await import("../../src/experiment/runExperiment.js");

let corpus: string;
let config: Config;
let dir: string;
const read = (name: string) => readFileSync(join(dir, name), "utf8");
const json = (name: string) => JSON.parse(read(name));

beforeAll(async () => {
  corpus = await makeTinyCorpus({ songs: 3, seconds: 30, seed: 4 });
  config = ConfigSchema.parse({
    name: "outputs",
    out: tmpFolder(),
    data: { dir: corpus, cacheDir: join(tmpFolder(), "cache") },
    dataset: { segmentLength: 50, segmentHop: 50 },
    // Every boundary 1.5 s late in the training labels: clean and distorted labels differ a lot.
    distortion: { offsetSec: 1.5 },
    // A large step overshoots: the best validation epoch is not the last.
    training: { epochs: 8, learningRate: 3 },
    report: { enabled: true, png: false },
  });
  dir = (await runExperiment(config)).dir;
}, 180_000);

/** [start, end, label] lines of a .lab file. */
const labLines = (text: string) =>
  text.trim().split("\n").map((l) => {
    const [s, e, label] = l.trim().split(/\s+/);
    return { start: Number(s), end: Number(e), label };
  });

/** The class at time t of a .lab (spans half-open [start, end)); NO_CHORD (-1) outside. */
function classAt(spans: { start: number; end: number; label: string }[], t: number): number {
  const span = spans.find((s) => s.start <= t && t < s.end);
  return span ? labelToClass(span.label, config.annotations) : -1;
}

describe("a run's written outputs", () => {
  it("the run is COMPLETED although its report failed to render, with a note saying so", () => {
    const record = json("run.json");
    expect(record.status).toBe("COMPLETED");
    expect(record.notes).toContain("report not written: planted renderer failure");
  });

  it("metrics.json = scores recomputed from predictions/*.lab against the clean reference .lab", () => {
    const { frameRateHz, test } = json("artifacts.json") as { frameRateHz: number; test: { song: string; segment: number; startSec: number }[] };
    expect(test.length).toBeGreaterThan(0);
    const frames = config.dataset.segmentLength;
    let [tp, fp, fn, scored, correct, total, distortedDiffers] = [0, 0, 0, 0, 0, 0, 0];
    for (const seg of test) {
      const estimate = labLines(read(`predictions/${seg.song}_seg${seg.segment}.lab`));
      const reference = labLines(readFileSync(join(corpus, `${seg.song}.lab`), "utf8"));
      const distorted = reference.map((s) => ({ ...s, start: s.start + 1.5, end: s.end + 1.5 }));
      const first = Math.round(seg.startSec * frameRateHz);
      for (let n = first; n < first + frames; n++) {
        const t = n / frameRateHz; // frame n is centred at n / frameRateHz
        const [ref, est] = [classAt(reference, t), classAt(estimate, t)];
        if (ref !== classAt(distorted, t)) distortedDiffers++;
        total++;
        if (ref !== -1 && est === ref) tp++;
        if (est !== -1 && est !== ref) fp++;
        if (ref !== -1 && est !== ref) fn++;
        if (ref !== -1) [scored, correct] = [scored + 1, correct + (est === ref ? 1 : 0)];
      }
    }
    expect(distortedDiffers).toBeGreaterThan(0.1 * total); // the distortion matters on this test set
    const m = json("metrics.json").test;
    expect([m.tp, m.fp, m.fn, m.frames]).toEqual([tp, fp, fn, total]);
    const [p, r] = [tp / (tp + fp), tp / (tp + fn)];
    expect(m.precision).toBeCloseTo(p, 12);
    expect(m.recall).toBeCloseTo(r, 12);
    expect(m.f).toBeCloseTo((2 * p * r) / (p + r), 12);
    expect(m.majmin).toBeCloseTo(correct / scored, 12);
  });

  it("a .lab boundary sits exactly half a frame before the first frame of the new chord", () => {
    const { frameRateHz, test } = json("artifacts.json") as {
      frameRateHz: number;
      test: { song: string; segment: number; startSec: number; estimate: number[] }[];
    };
    const seg = test.find((s) => s.estimate.some((c) => c !== s.estimate[0])) ?? test[0];
    const first = Math.round(seg.startSec * frameRateHz);
    const lines = labLines(read(`predictions/${seg.song}_seg${seg.segment}.lab`));
    const change = seg.estimate.findIndex((c) => c !== seg.estimate[0]);
    expect(change).toBeGreaterThan(0);
    expect(lines[0].end).toBe(Number(((first + change - 0.5) / frameRateHz).toFixed(6)));
    expect(lines.at(-1)!.end).toBe(Number(((first + seg.estimate.length - 0.5) / frameRateHz).toFixed(6)));
    expect(lines[0].start).toBe(Number(Math.max(0, (first - 0.5) / frameRateHz).toFixed(6)));
  });

  it("weights.json holds the best epoch's weights, which are not the last epoch's", () => {
    const trained = captured.result!;
    const history = read("history.csv").trim().split("\n").slice(1).map((l) => l.split(",").map(Number));
    const valLoss = history.map((h) => h[2]);
    const best = valLoss.indexOf(Math.min(...valLoss)) + 1; // earliest epoch with the lowest validation loss
    expect(best).toBeLessThan(config.training.epochs);
    expect(json("metrics.json").bestEpoch).toBe(best);
    expect(trained.bestEpoch).toBe(best);
    const written = json("weights.json");
    expect(written).toEqual(JSON.parse(JSON.stringify(trained.best)));
    expect(written.templates).not.toEqual(trained.last.templates);
    const csvRows = read("weights.csv").trim().split("\n").slice(1).map((l) => l.split(",").slice(1).map(Number));
    expect(csvRows).toEqual(trained.best.templates);
  });

  it("writes one prediction file per test segment and nothing else there", () => {
    const test = json("artifacts.json").test as { song: string; segment: number }[];
    expect(readdirSync(join(dir, "predictions")).sort()).toEqual(test.map((s) => `${s.song}_seg${s.segment}.lab`).sort());
  });
});

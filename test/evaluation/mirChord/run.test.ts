/**
 * `chordtrain run` records mir_eval's chord measures of whole test songs in metrics.json under the
 * leave-one-song-out protocol, on a tiny generated corpus. Checked three independent ways: the
 * whole-song estimate agrees frame by frame with the run's own segment estimates; `chordtrain
 * eval` on the written files gives the same numbers; and majmin/root agree with a brute-force
 * time-sampled accuracy of the two .lab files.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigSchema } from "../../../src/config/schema.js";
import { wholeTestSongs } from "../../../src/experiment/mirEval.js";
import { main } from "../../../src/cli/main.js";
import { bufferIo } from "../../../src/cli/io.js";
import { labelToClass } from "../../../src/annotations/reduce.js";
import { COMPARISONS, encodeChord, EXCLUDED, type LabeledSegment } from "../../../src/evaluation/mirChord/index.js";
import { makeTinyCorpus } from "../../helpers/corpus.js";
import { tmpFolder } from "../../helpers/tmp.js";

let corpus: string;
let dir: string;
let runSummary: { dir: string; mirEval: Record<string, number> };
let metrics: { mirEval: { perSong: Record<string, Record<string, number>>; total: Record<string, number> } };
let song: string;

const readLab = (file: string): LabeledSegment[] =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => {
      const [start, end, label] = line.trim().split(/\s+/);
      return { startSec: Number(start), endSec: Number(end), label };
    });
const labelAt = (segments: LabeledSegment[], t: number): string =>
  segments.find((s) => s.startSec <= t && t < s.endSec)?.label ?? "N";

beforeAll(async () => {
  corpus = await makeTinyCorpus({ songs: 3, seconds: 30, seed: 5 });
  const work = tmpFolder();
  const io = bufferIo();
  const code = await main(
    [
      "run", "--data", corpus, "--out", join(work, "results"), "--epochs", "3", "--json", "-q",
      "--set", "split.protocol=leave-one-song-out",
      "--set", "split.fold=1",
      "--set", "dataset.segmentLength=50",
      "--set", "dataset.segmentHop=50",
      "--set", `data.cacheDir=${join(work, "cache")}`,
      "--set", "report.enabled=false",
    ],
    io,
  );
  expect(code, io.stderr).toBe(0);
  runSummary = JSON.parse(io.stdout);
  dir = runSummary.dir;
  metrics = JSON.parse(readFileSync(join(dir, "metrics.json"), "utf8"));
  song = Object.keys(metrics.mirEval.perSong)[0];
}, 180_000);

describe("metrics.json mirEval (leave-one-song-out)", () => {
  it("scores exactly the held-out song, on the 15 mir_eval keys, and the total of one song is that song", () => {
    expect(Object.keys(metrics.mirEval.perSong)).toHaveLength(1);
    expect(Object.keys(metrics.mirEval.total)).toHaveLength(15);
    expect(metrics.mirEval.total).toEqual(metrics.mirEval.perSong[song]);
    expect(runSummary.mirEval).toEqual(metrics.mirEval.total); // `chordtrain run --json` prints the total
    for (const value of Object.values(metrics.mirEval.total)) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
  });

  it("the whole-song estimate is the model's: at every test segment frame it equals the segment estimate", () => {
    const artifacts = JSON.parse(readFileSync(join(dir, "artifacts.json"), "utf8"));
    const whole = readLab(join(dir, "predictions", "songs", `${song}.lab`));
    let frames = 0;
    for (const seg of artifacts.test as { song: string; startSec: number; estimate: number[] }[]) {
      expect(seg.song).toBe(song);
      seg.estimate.forEach((cls, i) => {
        const t = seg.startSec + i / artifacts.frameRateHz;
        expect(labelToClass(labelAt(whole, t), { dim: "min", aug: "maj" })).toBe(cls);
        frames++;
      });
    }
    expect(frames).toBeGreaterThan(0);
  });

  it("chordtrain eval on the reference and the written prediction gives the same numbers", async () => {
    const io = bufferIo();
    const est = join(dir, "predictions", "songs", `${song}.lab`);
    const code = await main(["eval", "--ref", join(corpus, `${song}.lab`), "--est", est, "--json"], io);
    expect(io.stderr).toBe("");
    expect(code).toBe(0);
    expect(JSON.parse(io.stdout).total).toEqual(metrics.mirEval.total);
  });

  it("majmin and root agree with a brute-force time-sampled accuracy of the two .lab files", () => {
    const ref = readLab(join(corpus, `${song}.lab`));
    const est = readLab(join(dir, "predictions", "songs", `${song}.lab`));
    const t0 = ref[0].startSec;
    const t1 = ref[ref.length - 1].endSec;
    const dt = 1e-3;
    const encoded = new Map<string, ReturnType<typeof encodeChord>>();
    const encode = (label: string) => encoded.get(label) ?? encoded.set(label, encodeChord(label)).get(label)!;
    for (const measure of ["majmin", "root"] as const) {
      let included = 0;
      let matched = 0;
      for (let t = t0 + dt / 2; t < t1; t += dt) {
        const c = COMPARISONS[measure](encode(labelAt(ref, t)), encode(labelAt(est, t)));
        if (c === EXCLUDED) continue;
        included++;
        matched += c;
      }
      expect(metrics.mirEval.total[measure]).toBeCloseTo(matched / included, 2);
    }
  });
});

describe("wholeTestSongs", () => {
  it("is empty under the study protocol, whose test item is an excerpt", () => {
    const config = ConfigSchema.parse({ split: { protocol: "study" } });
    const fake = { name: "a" } as Parameters<typeof wholeTestSongs>[1][number];
    expect(wholeTestSongs(config, [fake], { train: [], val: [], test: [{ song: "a" } as never], notes: [] })).toEqual([]);
  });
});

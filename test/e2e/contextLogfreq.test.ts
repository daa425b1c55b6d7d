/**
 * The context network on the log-frequency input end to end through the CLI, in process, on a
 * tiny generated corpus: `run` with model.context.input logfreq (songs protocol, one song held
 * out), its model file (the front end's settings inside), the report with the context figures,
 * `predict` on the held-out song from the model file alone, and `eval` against the generator's .lab.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { makeTinyCorpus } from "../helpers/corpus.js";
import { tmpFolder } from "../helpers/tmp.js";
import { cli, quickRunArgs } from "../helpers/cli.js";

const HELD_OUT = "sunrise_in_a";
// 2 semitones' worth of bins would not hear a chord: C3…B5 at 3 bins per semitone, 108 bins
const LOGFREQ = { binsPerSemitone: 3, minMidi: 48, maxMidi: 83, windowLength: 4096 };
let corpus: string;
let work: string;
let runDir: string;

beforeAll(async () => {
  corpus = await makeTinyCorpus({ songs: 4, seconds: 30, seed: 2 });
  work = tmpFolder();
  const r = await cli([
    "run", ...quickRunArgs(corpus, work, 15), "--out", join(work, "runs"), "--quiet",
    "--set", `model.context=${JSON.stringify({ radius: 3, hidden: [32], input: "logfreq", logfreq: LOGFREQ })}`,
    "--set", "training.engine=tfjs", "--set", "training.learningRate=0.01",
    "--set", "split.protocol=songs", "--set", `split.testSongs=["${HELD_OUT}"]`, "--set", 'split.valSongs=["ska_in_bb"]',
    "--set", "dataset.trimNoChord=false", "--set", "report.png=false",
  ]);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  runDir = r.out.split("\n")[0];
  mkdirSync(join(work, "new"));
  copyFileSync(join(corpus, `${HELD_OUT}.wav`), join(work, "new", `${HELD_OUT}.wav`));
}, 300_000);

describe("the context network on the log-frequency input through run, predict and eval", () => {
  it("writes a model file with the front end's settings, log-frequency cache entries, and the context figures", () => {
    const model = JSON.parse(readFileSync(join(runDir, "weights.json"), "utf8"));
    expect(model.model.context).toEqual({ radius: 3, hidden: [32], vocabulary: "majmin", transpose: true, input: "logfreq", logfreq: LOGFREQ });
    // 108 bins · 7 frames → 32 → 25
    expect(model.layers.map((l: { weights: number[][]; bias: number[] }) => [l.weights.length, l.bias.length])).toEqual([[108 * 7, 32], [32, 25]]);
    expect(readdirSync(join(work, "cache")).filter((f) => f.endsWith(".logfreq")).length).toBe(4);
    expect(readdirSync(join(work, "cache")).filter((f) => f.endsWith(".chroma")).length).toBe(4);
    const saliency = JSON.parse(readFileSync(join(runDir, "saliency.json"), "utf8"));
    expect(saliency.width).toBe(108);
    expect(saliency.values.length).toBe(25);
    for (const figure of ["first-layer", "saliency"]) expect(existsSync(join(runDir, "figures", `${figure}.svg`))).toBe(true);
    expect(readFileSync(join(runDir, "report.html"), "utf8")).toContain("Class saliency over input pitch");
    const csv = readFileSync(join(runDir, "weights.csv"), "utf8").split("\n");
    expect(csv.length - 2).toBe(108 * 7); // header + rows + final newline
    expect(csv[1].split(",").slice(0, 2)).toEqual(["-3", "47.667"]); // offset −3, the first bin's centre
  });

  it("predicts the unseen song from the model file alone, and eval scores it well above chance", async () => {
    const p = await cli(["predict", "--model", runDir, "--out", join(work, "pred"), join(work, "new")]);
    expect(p.code).toBe(0);
    const lab = join(work, "pred", `${HELD_OUT}.lab`);
    const e = await cli(["eval", "--ref", join(corpus, `${HELD_OUT}.lab`), "--est", lab, "--json"]);
    expect(e.code).toBe(0);
    const scores = JSON.parse(e.out);
    const majmin = scores.total?.majmin ?? scores.majmin;
    // 24 chords + N: chance ≈ 0.04; the chroma network reaches 0.95 on this corpus (test/e2e/context.test.ts)
    expect(majmin).toBeGreaterThan(0.6);
  });
});

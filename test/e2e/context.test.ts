/**
 * The context network end to end through the CLI, in process, on a tiny generated corpus: `run`
 * with model.context (songs protocol, one song held out), its model file, `predict` on the held-out
 * song (which training never saw) and `eval` of that prediction against the generator's .lab.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { NO_CHORD } from "../../src/annotations/chordClasses.js";
import { parseAnnotation } from "../../src/annotations/index.js";
import { frameLabels } from "../../src/dataset/frameLabels.js";
import { makeTinyCorpus } from "../helpers/corpus.js";
import { tmpFolder } from "../helpers/tmp.js";
import { cli, quickRunArgs } from "../helpers/cli.js";

const HELD_OUT = "sunrise_in_a";
let corpus: string;
let work: string;
let runDir: string;

beforeAll(async () => {
  corpus = await makeTinyCorpus({ songs: 4, seconds: 30, seed: 2 });
  work = tmpFolder();
  const r = await cli([
    "run", ...quickRunArgs(corpus, work, 15), "--out", join(work, "runs"), "--quiet",
    "--set", 'model.context={"radius":3,"hidden":[32]}', "--set", "training.engine=tfjs", "--set", "training.learningRate=0.01",
    "--set", "split.protocol=songs", "--set", `split.testSongs=["${HELD_OUT}"]`, "--set", 'split.valSongs=["ska_in_bb"]',
    "--set", "dataset.trimNoChord=false", "--set", "report.png=false",
  ]);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  runDir = r.out.split("\n")[0];
  mkdirSync(join(work, "new"));
  copyFileSync(join(corpus, `${HELD_OUT}.wav`), join(work, "new", `${HELD_OUT}.wav`));
}, 300_000);

describe("the context network through run, predict and eval", () => {
  it("writes a context model file with the run's settings and a report without problems", () => {
    const model = JSON.parse(readFileSync(join(runDir, "weights.json"), "utf8"));
    const config = JSON.parse(readFileSync(join(runDir, "config.json"), "utf8"));
    expect(model).toMatchObject({ format: "chordtrain-context", version: 1, family: "context", classes: 25, blank: false, audio: config.audio, features: config.features, model: config.model, loss: { kind: "bce" } });
    // 12·7 inputs → 32 → 25
    expect(model.layers.map((l: { weights: number[][]; bias: number[] }) => [l.weights.length, l.bias.length])).toEqual([[84, 32], [32, 25]]);
    const record = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8"));
    expect(record.parameters).toBe(84 * 32 + 32 + 32 * 25 + 25);
    expect(readFileSync(join(runDir, "report.html"), "utf8")).not.toContain("weights.json does not match");
  });

  it("predicts the unseen song, and eval scores it well above chance", async () => {
    const p = await cli(["predict", "--model", runDir, "--out", join(work, "pred"), join(work, "new")]);
    expect(p.code).toBe(0);
    const lab = join(work, "pred", `${HELD_OUT}.lab`);
    expect(p.out).toBe(`${lab}\n`);
    expect(readFileSync(lab, "utf8")).toMatch(/^\d+\.\d{6} \d+\.\d{6} ([A-G]#?:(maj|min)|N)\n/);
    const e = await cli(["eval", "--ref", join(corpus, `${HELD_OUT}.lab`), "--est", lab, "--json"]);
    expect(e.code).toBe(0);
    const scores = JSON.parse(e.out);
    const majmin = scores.total?.majmin ?? scores.majmin;
    // 24 chords + N: chance is ≈ 0.04; the planted chords of the generator come back
    expect(majmin).toBeGreaterThan(0.6);
  });

  it("says N from the model alone (no signal-level mask) where the song has no chord", async () => {
    const p = await cli(["predict", "--model", runDir, "--out", join(work, "pred-nomask"), "--silence-db", "off", join(work, "new")]);
    expect(p.code).toBe(0);
    const spans = (file: string) =>
      parseAnnotation(readFileSync(file, "utf8"), "lab", { file, annotations: { dim: "min", aug: "maj" }, lenient: false }).spans;
    const frames = 30 * 20;
    const reference = frameLabels(spans(join(corpus, `${HELD_OUT}.lab`)), frames, 20);
    const estimate = frameLabels(spans(join(work, "pred-nomask", `${HELD_OUT}.lab`)), frames, 20);
    const noChord = [...reference.keys()].filter((n) => reference[n] === NO_CHORD);
    expect(noChord.length).toBeGreaterThan(40); // the song's last ~3 s have no chord
    const saidN = noChord.filter((n) => estimate[n] === NO_CHORD).length;
    expect(saidN / noChord.length).toBeGreaterThan(0.5);
  });
});

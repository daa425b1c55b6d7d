/**
 * End to end through the CLI, in process: `chordtrain run` on a tiny generated corpus (songs
 * protocol, one song held out), then `chordtrain predict --model <run dir>` on the held-out song
 * — which training never saw — in all three formats. The planted chords of its .lab must come
 * back, and the three outputs must say the same thing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { NO_CHORD } from "../../src/annotations/chordClasses.js";
import { annotationFormatOf, parseAnnotation } from "../../src/annotations/index.js";
import { frameLabels } from "../../src/dataset/frameLabels.js";
import { PredictSchema } from "../../src/config/schema.js";
import { readModel, runPredict } from "../../src/predict/index.js";
import { makeTinyCorpus } from "../helpers/corpus.js";
import { tmpFolder } from "../helpers/tmp.js";
import { cli } from "../helpers/cli.js";

const HELD_OUT = "sunrise_in_a";
let corpus: string;
let work: string;
let runDir: string;

const readSpans = (file: string) =>
  parseAnnotation(readFileSync(file, "utf8"), annotationFormatOf(file), { file, annotations: { dim: "min", aug: "maj" }, lenient: false }).spans;

beforeAll(async () => {
  corpus = await makeTinyCorpus({ songs: 4, seconds: 30, seed: 2 });
  work = tmpFolder();
  const r = await cli([
    "run", "--data", corpus, "--out", join(work, "runs"), "--epochs", "15", "--quiet",
    "--set", "split.protocol=songs", "--set", `split.testSongs=["${HELD_OUT}"]`, "--set", 'split.valSongs=["ska_in_bb"]',
    "--set", "dataset.segmentLength=50", "--set", "dataset.segmentHop=50",
    "--set", "data.cacheDir=" + join(work, "cache"), "--set", "report.enabled=false",
  ]);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  runDir = r.out.split("\n")[0];
  // the model file carries the run's feature settings
  const model = JSON.parse(readFileSync(join(runDir, "weights.json"), "utf8"));
  const config = JSON.parse(readFileSync(join(runDir, "config.json"), "utf8"));
  expect(model).toMatchObject({ format: "chordtrain-dchord", version: 1, audio: config.audio, features: config.features, model: config.model, loss: { kind: "bce" } });
  mkdirSync(join(work, "new"));
  copyFileSync(join(corpus, `${HELD_OUT}.wav`), join(work, "new", `${HELD_OUT}.wav`));
}, 300_000);

describe("chordtrain predict on a song the model never saw", () => {
  it("recovers the planted chords, identically in .lab, JAMS and CSV", async () => {
    const outs: Record<string, { start: number; end: number; label: string }[]> = {};
    for (const format of ["lab", "jams", "csv"]) {
      const r = await cli(["predict", "--model", runDir, "--out", join(work, "pred"), "--format", format, join(work, "new")]);
      expect(r.err).toContain("predicting 1 file"); // plain progress lines when not a terminal
      expect(r.code).toBe(0);
      const file = join(work, "pred", `${HELD_OUT}.${format}`);
      expect(r.out).toBe(`${file}\n`);
      outs[format] = readSpans(file).map((s) => ({ start: s.startSec, end: s.endSec, label: s.label }));
    }
    const close = (spans: typeof outs.lab) => spans.map((s) => ({ start: expect.closeTo(s.start, 9), end: expect.closeTo(s.end, 9), label: s.label }));
    expect(outs.jams).toEqual(close(outs.lab));
    expect(outs.csv).toEqual(outs.lab);

    // frame-wise at 20 frames/s against the generator's labels
    const reference = readSpans(join(corpus, `${HELD_OUT}.lab`));
    const estimate = readSpans(join(work, "pred", `${HELD_OUT}.lab`));
    const frames = 30 * 20;
    const ref = frameLabels(reference, frames, 20);
    const est = frameLabels(estimate, frames, 20);
    let scored = 0;
    let correct = 0;
    for (let n = 0; n < frames; n++) {
      if (ref[n] === NO_CHORD) continue;
      scored++;
      if (est[n] === ref[n]) correct++;
    }
    expect(scored).toBeGreaterThan(frames * 0.8);
    expect(correct / scored).toBeGreaterThan(0.75);
    // the song starts and ends in N (intro and tail of the generator): predict says N there too
    expect(estimate[0].label).toBe("N");
    expect(estimate[estimate.length - 1].label).toBe("N");
    expect(estimate[estimate.length - 1].endSec).toBeCloseTo(30, 6);
  }, 120_000);

  it("gives, without smoothing or silence threshold, the very frame classes the run predicted for its test song (same engine)", async () => {
    const model = JSON.parse(readFileSync(join(runDir, "weights.json"), "utf8"));
    expect(model.trainedBy.engine).toBe("js"); // the default training engine, recorded for predict
    const config = JSON.parse(readFileSync(join(runDir, "config.json"), "utf8"));
    const rate = config.audio.sampleRate / config.features.hopLength;
    const out = join(work, "same");
    const r = await cli(["predict", "--model", runDir, "--out", out, "--smoothing", "none", "--silence-db", "off", "--quiet", join(work, "new")]);
    expect(r.code).toBe(0);
    // the run's whole-song prediction (predictions/songs/, written from its own forward pass) and predict's, frame by frame
    const frames = Math.floor(30 * rate);
    const ran = frameLabels(readSpans(join(runDir, "predictions", "songs", `${HELD_OUT}.lab`)), frames, rate);
    const predicted = frameLabels(readSpans(join(out, `${HELD_OUT}.lab`)), frames, rate);
    const covered = Array.from(ran.keys()).filter((n) => ran[n] !== NO_CHORD);
    expect(covered.length).toBeGreaterThan(frames * 0.8); // the run labels the song between its trimmed N ends
    expect(new Set(covered.map((n) => ran[n])).size).toBeGreaterThan(3); // several chords: a comparison worth making
    expect(covered.map((n) => predicted[n])).toEqual(covered.map((n) => ran[n]));
    // the forward pass that ran: the model's engine, or the one asked for
    const request = (engine?: "js" | "tfjs") => ({
      model: readModel(runDir), inputs: [join(work, "new")], outDir: join(work, `engine-${engine}`), chordtrainVersion: "test",
      config: PredictSchema.parse({ smoothing: "none", silenceDb: null, engine }),
    });
    expect((await runPredict(request())).map((f) => f.engine)).toEqual(["js"]);
    expect((await runPredict(request("tfjs"))).map((f) => f.engine)).toEqual(["tfjs"]);
  }, 120_000);

  it("labels every audio format chordtrain reads (the F-major fixtures: WAV, FLAC, Ogg, Opus, M4A, AIFF)", async () => {
    const fixtures = join(import.meta.dirname, "../fixtures/audio");
    const exts = ["aiff", "flac", "m4a", "ogg", "opus", "wav"];
    // same stem side by side would collide (an error): one subfolder per format, mirrored in --out
    for (const ext of exts) {
      mkdirSync(join(work, "formats-in", ext), { recursive: true });
      copyFileSync(join(fixtures, `fmaj.${ext}`), join(work, "formats-in", ext, `fmaj.${ext}`));
    }
    const collide = await cli(["predict", "--model", runDir, "--out", join(work, "collide"), "--quiet", fixtures]);
    expect(collide.code).toBe(1);
    expect(collide.err).toMatch(/fmaj\.\w+ and .*fmaj\.\w+ would both be written to .*fmaj\.lab/);
    const r = await cli(["predict", "--model", runDir, "--out", join(work, "formats"), "--quiet", join(work, "formats-in")]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out.trim().split("\n")).toEqual(exts.map((e) => join(work, "formats", e, "fmaj.lab")));
    for (const ext of exts) {
      const spans = readSpans(join(work, "formats", ext, "fmaj.lab"));
      const longest = spans.reduce((a, b) => (b.endSec - b.startSec > a.endSec - a.startSec ? b : a));
      expect(longest.label, ext).toBe("F:maj");
      expect(longest.endSec - longest.startSec, ext).toBeGreaterThan(0.7); // of the 1 s chord
    }
  }, 60_000);

  it("never overwrites without --force, and overwrites with it", async () => {
    const out = join(work, "force");
    mkdirSync(out);
    writeFileSync(join(out, `${HELD_OUT}.lab`), "precious\n");
    const refused = await cli(["predict", "--model", runDir, "--out", out, join(work, "new")]);
    expect(refused.code).toBe(1);
    expect(refused.err).toBe(`chordtrain: ${join(out, `${HELD_OUT}.lab`)}: output exists (use --force to overwrite)\n`);
    expect(readFileSync(join(out, `${HELD_OUT}.lab`), "utf8")).toBe("precious\n");
    const forced = await cli(["predict", "--model", runDir, "--out", out, "--force", "--quiet", join(work, "new")]);
    expect(forced.code).toBe(0);
    expect(forced.err).toBe("");
    expect(readFileSync(join(out, `${HELD_OUT}.lab`), "utf8")).toMatch(/^0\.000000 \S+ N\n/);
    // deterministic: the same model and settings give the same bytes as the first prediction
    expect(readFileSync(join(out, `${HELD_OUT}.lab`), "utf8")).toBe(readFileSync(join(work, "pred", `${HELD_OUT}.lab`), "utf8"));
  }, 60_000);

  it("refuses a file that is not a model, and bad options, in one line", async () => {
    const notModel = join(work, "new", `${HELD_OUT}.wav`);
    const r = await cli(["predict", "--model", notModel, join(work, "new")]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`chordtrain: ${notModel}: not a chordtrain model file (not JSON)\n`);
    const even = await cli(["predict", "--model", runDir, "--smoothing", "median", "--median-length", "4", join(work, "new")]);
    expect(even.code).toBe(1);
    expect(even.err).toBe("chordtrain: predict option medianLength: must be odd\n");
    const p = await cli(["predict", "--model", runDir, "--self-prob", "1", join(work, "new")]);
    expect(p.code).not.toBe(0);
    expect(p.err).toMatch(/expected a probability strictly between 0 and 1, got "1"/);
  }, 60_000);

  it("accepts a negative --silence-db and 'off'", async () => {
    for (const value of ["-30", "off"]) {
      const r = await cli(["predict", "--model", runDir, "--out", join(work, `silence${value}`), "--silence-db", value, "--quiet", join(work, "new")]);
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
    }
  }, 60_000);
});

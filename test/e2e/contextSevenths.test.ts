/**
 * The sevenths vocabulary end to end through the CLI, in process: `run` of a context network with
 * model.context.vocabulary sevenths on a small corpus of planted seventh chords
 * (helpers/seventhsCorpus.ts), its model file, `predict` of the unseen song and `eval` of that
 * prediction. The baseline is the best any triad-only model could do: the reference itself
 * reduced to major/minor triads (every C:7 written C:maj). Its mir_eval sevenths score is the
 * share of the song that is not a seventh chord, and its recall on the seventh-chord frames is 0,
 * both by construction, with no model involved. The sevenths model has to beat that upper bound,
 * and on the seventh-chord frames it has to beat a model that knows every triad and guesses the
 * seventh among that triad's qualities at random (maj, 7, maj7: 1 in 3; min, min7: 1 in 2).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chordQuality, harteLabel } from "../../src/annotations/chordClasses.js";
import { parseAnnotation } from "../../src/annotations/index.js";
import { vocabularyClass, vocabularyOf } from "../../src/annotations/vocabulary.js";
import { makeSeventhsCorpus } from "../helpers/seventhsCorpus.js";
import { tmpFolder } from "../helpers/tmp.js";
import { cli, quickRunArgs } from "../helpers/cli.js";

const TEST_SONG = "sev4";
const SECONDS = 40;
const FRAME_RATE_HZ = 20;
let corpus: string;
let work: string;
let runDir: string;

beforeAll(async () => {
  corpus = makeSeventhsCorpus({ songs: 5, seconds: SECONDS, seed: 1 });
  work = tmpFolder();
  const r = await cli([
    "run", ...quickRunArgs(corpus, work, 40), "--out", join(work, "runs"), "--quiet",
    "--set", 'model.context={"radius":3,"hidden":[32],"vocabulary":"sevenths"}', "--set", "training.engine=tfjs", "--set", "training.learningRate=0.01",
    "--set", "split.protocol=songs", "--set", `split.testSongs=["${TEST_SONG}"]`, "--set", 'split.valSongs=["sev3"]',
    "--set", "dataset.trimNoChord=false", "--set", "report.enabled=false",
  ]);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
  runDir = r.out.split("\n")[0];
  mkdirSync(join(work, "new"));
  copyFileSync(join(corpus, `${TEST_SONG}.wav`), join(work, "new", `${TEST_SONG}.wav`));
}, 300_000);

/** Frame labels (FRAME_RATE_HZ) of a .lab file in the sevenths vocabulary (class per frame centre). */
function sevenths(file: string): number[] {
  const spans = parseAnnotation(readFileSync(file, "utf8"), "lab", { file, annotations: { dim: "min", aug: "maj" }, lenient: false }).spans;
  const vocabulary = vocabularyOf("sevenths");
  return Array.from({ length: SECONDS * FRAME_RATE_HZ }, (_, n) => {
    const t = n / FRAME_RATE_HZ;
    const span = spans.find((s) => s.startSec <= t && t < s.endSec);
    return span ? vocabularyClass(span.label, vocabulary) : -1;
  });
}

async function mirSevenths(ref: string, est: string): Promise<number> {
  const e = await cli(["eval", "--ref", ref, "--est", est, "--json"]);
  expect(e.code).toBe(0);
  const scores = JSON.parse(e.out);
  return scores.total?.sevenths ?? scores.sevenths;
}

describe("the sevenths vocabulary through run, predict and eval", () => {
  it("writes a 61-class model file and scores the run in its vocabulary", () => {
    const model = JSON.parse(readFileSync(join(runDir, "weights.json"), "utf8"));
    expect(model).toMatchObject({ format: "chordtrain-context", classes: 61, blank: false, model: { context: { vocabulary: "sevenths" } } });
    expect(model.layers.at(-1).bias.length).toBe(61);
    const metrics = JSON.parse(readFileSync(join(runDir, "metrics.json"), "utf8"));
    expect(metrics.confusion.length).toBe(61);
    expect(Object.keys(metrics.test.vocabulary.recall).sort()).toEqual(["7", "N", "maj", "maj7", "min", "min7"]);
  });

  it("predicts seventh chords on the unseen song, beating the best triad-only answer", async () => {
    const p = await cli(["predict", "--model", runDir, "--out", join(work, "pred"), join(work, "new")]);
    expect(p.code).toBe(0);
    const ref = join(corpus, `${TEST_SONG}.lab`);
    const est = join(work, "pred", `${TEST_SONG}.lab`);
    expect(readFileSync(est, "utf8")).toMatch(/ [A-G]#?:(7|maj7|min7)\n/);

    // the triad-only upper bound: the reference with each chord written as its major/minor triad
    const majmin = vocabularyOf("majmin");
    const triadLab = readFileSync(ref, "utf8").replace(/ (\S+)\n/g, (_, label: string) => ` ${harteLabel(vocabularyClass(label, majmin))}\n`);
    const triadFile = join(work, "triads.lab");
    writeFileSync(triadFile, triadLab);
    const triadOnly = await mirSevenths(ref, triadFile);
    const model = await mirSevenths(ref, est);
    expect(triadOnly).toBeLessThan(0.75); // the corpus plants sevenths: they are a quarter of the song or more
    expect(model).toBeGreaterThan(triadOnly);

    // on the seventh-chord frames: the triad answer scores 0; the random-extension guess 1/3 or 1/2
    const reference = sevenths(ref);
    const estimate = sevenths(est);
    const seventhFrames = [...reference.keys()].filter((n) => reference[n] >= 24);
    expect(seventhFrames.length).toBeGreaterThan(0.25 * reference.length);
    const recall = seventhFrames.filter((n) => estimate[n] === reference[n]).length / seventhFrames.length;
    const guess = seventhFrames.reduce((sum, n) => sum + (chordQuality(reference[n]) === "min7" ? 1 / 2 : 1 / 3), 0) / seventhFrames.length;
    expect(recall).toBeGreaterThan(guess);
  });
});

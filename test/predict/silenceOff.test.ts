/**
 * `chordtrain predict --silence-db off`, driven through the CLI in process: the level threshold is
 * really off (a quiet but not silent passage gets its chord, not N), and the JAMS document says so.
 *
 * No training: the model is the untrained dChord with the plain triad templates (what training
 * starts from), written as a model file. Its chord score is the template's dot product with the
 * l2-normalised chroma, so a C-E-G frame scores highest on C:maj and a G-B-D frame on G:maj at
 * any level — normalisation removes the level, which only the threshold looks at.
 *
 * The recording: 2 s of C major (C4 E4 G4 sines, 0.2 each), then 2 s of G major (G3 B3 D4) 50 dB
 * quieter (0.2 · 10^(−50/20) = 6.3e-4 each): −50 dB re the loudest frame, below the default −40 dB
 * threshold, and far above digital silence.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeWav } from "../../src/audio/encodeWav.js";
import { ConfigSchema } from "../../src/config/schema.js";
import { modelFile } from "../../src/experiment/outputs.js";
import { expandTemplates, MAJOR_TRIAD, MINOR_TRIAD } from "../../src/model/index.js";
import { sineTone } from "../helpers/signals.js";
import { tmpFolder } from "../helpers/tmp.js";
import { cli } from "../helpers/cli.js";

const RATE = 22050;
const work = tmpFolder({}, "chordtrain-silence-off-");
const wav = join(work, "in", "quiet ending.wav");
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface JamsObservation {
  time: number;
  duration: number;
  value: string;
}

/** The chord annotation of a predicted JAMS file. */
function readJams(path: string): { rules: string; sandbox: Record<string, unknown>; data: JamsObservation[] } {
  const doc = JSON.parse(readFileSync(path, "utf8"));
  const ann = doc.annotations[0];
  return { rules: ann.annotation_metadata.annotation_rules, sandbox: ann.sandbox.chordtrain, data: ann.data };
}

/** The label covering time t (s). */
const labelAt = (data: JamsObservation[], t: number) => data.find((o) => o.time <= t && t < o.time + o.duration)?.value;

beforeAll(() => {
  const triad = (hz: number[], amplitude: number) => {
    const tones = hz.map((f) => sineTone(f, { sampleRate: RATE, durationSec: 2, amplitude }));
    return Float32Array.from(tones[0], (_, i) => tones.reduce((s, t) => s + t[i], 0));
  };
  const loud = triad([261.63, 329.63, 392.0], 0.2); // C4 E4 G4
  const quiet = triad([196.0, 246.94, 293.66], 0.2 * 10 ** (-50 / 20)); // G3 B3 D4, −50 dB
  const samples = new Float32Array(loud.length + quiet.length);
  samples.set(loud);
  samples.set(quiet, loud.length);
  mkdirSync(join(work, "in"));
  writeFileSync(wav, encodeWav([samples], { sampleRate: RATE, encoding: "float32" }));
  const templates = expandTemplates(MAJOR_TRIAD, MINOR_TRIAD);
  const weights = { gain: 10, logGain: Math.log(10), major: [...MAJOR_TRIAD], minor: [...MINOR_TRIAD], templates, initTemplates: templates };
  const config = ConfigSchema.parse({ name: "triads", seed: 1 });
  writeFileSync(join(work, "weights.json"), JSON.stringify(modelFile(config, weights, "0.0.0")));
});

describe("predict --silence-db", () => {
  it("default (−40 dB): the −50 dB G-major passage is N, and the JAMS says N is by signal level", async () => {
    const r = await cli(["predict", "--model", work, "--out", join(work, "default"), "--format", "jams", "--quiet", wav]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const jams = readJams(join(work, "default", "quiet ending.jams"));
    for (const t of [0.3, 1, 1.7]) expect(labelAt(jams.data, t), `${t} s`).toBe("C:maj");
    for (const t of [2.3, 3, 3.7]) expect(labelAt(jams.data, t), `${t} s`).toBe("N");
    expect(jams.sandbox.silenceDb).toBe(-40);
    expect(jams.rules).toBe("24 major/minor triads (Harte syntax) and N; N = silence (signal level)");
  }, 60_000);

  it("off: the same passage is G:maj, no N anywhere, and the JAMS says no threshold applied", async () => {
    const r = await cli(["predict", "--model", work, "--out", join(work, "off"), "--format", "jams", "--silence-db", "off", "--quiet", wav]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const jams = readJams(join(work, "off", "quiet ending.jams"));
    for (const t of [0.3, 1, 1.7]) expect(labelAt(jams.data, t), `${t} s`).toBe("C:maj");
    for (const t of [2.3, 3, 3.7]) expect(labelAt(jams.data, t), `${t} s`).toBe("G:maj");
    expect(jams.data.map((o) => o.value)).not.toContain("N");
    expect(jams.sandbox.silenceDb).toBe("off");
    expect(jams.rules).toBe("24 major/minor triads (Harte syntax) and N; N = digital silence only (--silence-db off: no level threshold)");
  }, 60_000);

  it("−60 dB: the −50 dB passage is above the threshold, so it is G:maj as well", async () => {
    const r = await cli(["predict", "--model", work, "--out", join(work, "sixty"), "--format", "jams", "--silence-db", "-60", "--quiet", wav]);
    expect(r.code).toBe(0);
    const jams = readJams(join(work, "sixty", "quiet ending.jams"));
    for (const t of [2.3, 3, 3.7]) expect(labelAt(jams.data, t), `${t} s`).toBe("G:maj");
    expect(jams.sandbox.silenceDb).toBe(-60);
  }, 60_000);
});

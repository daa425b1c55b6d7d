/**
 * End to end through `chordtrain run`: a tiny generated corpus laid out as researchers keep
 * datasets, with names that break naive code (comma, parentheses, apostrophe, non-ASCII).
 *
 * - Isophonics-style trees: `audio/The Beatles/<album>/<song>.mp3` (MP3 encoded here with lamejs)
 *   + `chordlab/The Beatles/<album>/<song>.lab`, one orphan annotation skipped by data.unpaired.
 * - A manifest over the original flat WAV files (names differ from the file names) giving the
 *   same song names: the same split, so the scores of the two runs must agree closely.
 * - One recursive `data.dir` of album folders holding each song in another codec — FLAC, Ogg
 *   Vorbis, AAC (.m4a), Opus — encoded with Debian's ffmpeg (installed by .ci/run), annotations
 *   beside the audio.
 */
import { Mp3Encoder } from "@breezystack/lamejs";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeWav } from "../../src/audio/decodeWav.js";
import { bufferIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { escapeHtml } from "../../src/reporting/html.js";
import { makeTinyCorpus } from "../helpers/corpus.js";
import { tmpFolder } from "../helpers/tmp.js";

const NAMES: Record<string, string> = {
  ballad_in_c: "Ob-La-Di, Ob-La-Da",
  sunrise_in_a: "Here Comes the Sun (Remaster)",
  ska_in_bb: "Don't Let Me Down & Señor",
  march_in_b: "Blåbærsyltetøy",
};
const ALBUM = "The Beatles/White Album (Disc 1)";
const TEST_SONGS = ["Ob-La-Di, Ob-La-Da", "Don't Let Me Down & Señor"];

let corpus = "";
let work = "";

function encodeMp3(wavFile: string): Uint8Array {
  const wav = decodeWav(readFileSync(wavFile), { file: wavFile });
  const pcm = Int16Array.from(wav.samples, (x) => Math.max(-32768, Math.min(32767, Math.round(x * 32767))));
  const enc = new Mp3Encoder(1, wav.sampleRate, 128);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < pcm.length; i += 1152) parts.push(enc.encodeBuffer(pcm.subarray(i, i + 1152)));
  parts.push(enc.flush());
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
}

function place(path: string, content: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

beforeAll(async () => {
  corpus = await makeTinyCorpus({ songs: 4, seconds: 30, seed: 2 });
  work = tmpFolder({}, "chordtrain-layouts-");
  const manifest = ["audio,annotation,name"];
  for (const [stem, name] of Object.entries(NAMES)) {
    place(join(work, "audio", ALBUM, `${name}.mp3`), encodeMp3(join(corpus, `${stem}.wav`)));
    place(join(work, "chordlab", ALBUM, `${name}.lab`), readFileSync(join(corpus, `${stem}.lab`)));
    // Flat WAVs under other names, listed in a manifest one folder down.
    copyFileSync(join(corpus, `${stem}.wav`), join(work, `track ${stem}.wav`));
    manifest.push(`"../track ${stem}.wav","../chordlab/${ALBUM}/${name}.lab","${name.replace(/"/g, '""')}"`);
  }
  // Each song in another codec, in album folders of one recursive tree.
  const codecs = [
    ["flac", ["-c:a", "flac"]],
    ["ogg", ["-c:a", "libvorbis", "-q:a", "4"]],
    ["m4a", ["-c:a", "aac", "-b:a", "128k"]],
    ["opus", ["-c:a", "libopus", "-b:a", "96k", "-ar", "48000"]],
  ] as const;
  Object.entries(NAMES).forEach(([stem, name], k) => {
    const [ext, args] = codecs[k];
    const out = join(work, "mixed", `Album ${k + 1} (${ext})`, `${name}.${ext}`);
    mkdirSync(dirname(out), { recursive: true });
    execFileSync("ffmpeg", ["-nostdin", "-loglevel", "error", "-y", "-i", join(corpus, `${stem}.wav`), ...args, out]);
    copyFileSync(join(corpus, `${stem}.lab`), join(dirname(out), `${name}.lab`));
  });
  place(join(work, "chordlab", ALBUM, "Revolution 9.lab"), "0 1 N\n");
  place(join(work, "lists", "wav.csv"), manifest.join("\n") + "\n");
}, 180_000);
afterAll(() => {
  rmSync(dirname(corpus), { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

async function run(name: string, data: Record<string, unknown>) {
  const config = {
    name,
    out: join(work, "results"),
    data: { ...data, cacheDir: join(work, "cache"), unpaired: "skip" },
    dataset: { segmentLength: 50, segmentHop: 50 },
    split: { protocol: "songs", testSongs: TEST_SONGS, valSongs: ["Here Comes the Sun (Remaster)"] },
    training: { epochs: 3 },
    report: { enabled: true, png: false },
  };
  const file = join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(config));
  const io = bufferIo();
  const code = await main(["run", "--config", file, "--quiet"], io);
  expect(io.stderr).not.toMatch(/internal error/);
  expect(code, io.stderr).toBe(0);
  const dir = io.stdout.split("\n")[0].trim();
  return {
    dir,
    record: JSON.parse(readFileSync(join(dir, "run.json"), "utf8")),
    metrics: JSON.parse(readFileSync(join(dir, "metrics.json"), "utf8")),
  };
}

describe("chordtrain run on real-world layouts with odd song names", () => {
  let trees: Awaited<ReturnType<typeof run>>;
  let listed: Awaited<ReturnType<typeof run>>;
  let mixed: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    trees = await run("isophonics-mp3", { audioDir: join(work, "audio"), annotationDir: join(work, "chordlab") });
    listed = await run("manifest-wav", { manifest: join(work, "lists", "wav.csv") });
    mixed = await run("recursive-mixed", { dir: join(work, "mixed") });
  }, 300_000);

  it("completes, and the skipped orphan annotation is counted in the run's notes", () => {
    expect(trees.record.status).toBe("COMPLETED");
    const note = trees.record.notes.find((n: string) => n.includes("skipped"));
    expect(note).toMatch(/skipped 1 unpaired: 1 annotation without audio \(".*Revolution 9\.lab"\)/);
    expect(listed.record.notes.some((n: string) => n.includes("skipped"))).toBe(false);
  });

  it("test songs are split by their odd names, and predictions are written under them", () => {
    for (const r of [trees, listed]) {
      expect(Object.keys(r.metrics.perSong).sort()).toEqual([...TEST_SONGS].sort());
      const predictions = readdirSync(join(r.dir, "predictions"));
      for (const song of TEST_SONGS) expect(predictions).toContain(`${song}_seg0.lab`);
      const lab = readFileSync(join(r.dir, "predictions", `${TEST_SONGS[0]}_seg0.lab`), "utf8");
      expect(lab).toMatch(/^\d+\.\d{6} \d+\.\d{6} \S+\n/);
    }
  });

  it("the report shows the names HTML-escaped (a raw '&' would be invalid HTML)", () => {
    const html = readFileSync(join(trees.dir, "report.html"), "utf8");
    expect(html).toContain(escapeHtml("Don't Let Me Down & Señor"));
    expect(html).toContain("Ob-La-Di, Ob-La-Da");
    expect(html).not.toContain("Down & Señor");
  });

  it("MP3 in album trees scores within 0.03 F1 of the same songs as flat WAV", () => {
    expect(trees.metrics.test.frames).toBe(listed.metrics.test.frames);
    expect(Math.abs(trees.metrics.test.f - listed.metrics.test.f)).toBeLessThan(0.03);
  });

  it("FLAC, Ogg Vorbis, AAC and Opus in one recursive folder score within 0.03 F1 of the same songs as flat WAV", () => {
    expect(mixed.record.status).toBe("COMPLETED");
    expect(Object.keys(mixed.metrics.perSong).sort()).toEqual([...TEST_SONGS].sort());
    expect(mixed.metrics.test.frames).toBe(listed.metrics.test.frames);
    expect(Math.abs(mixed.metrics.test.f - listed.metrics.test.f)).toBeLessThan(0.03);
  });
});

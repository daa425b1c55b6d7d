import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeWav } from "../../src/audio/decodeWav.js";
import { ensureBuiltinCorpus, GENERATOR_VERSION, readManifest, resolveCorpusOptions, writeCorpus } from "../../src/synth/index.js";
import { makeTinyCorpus } from "../helpers/corpus.js";

const fresh = (): string => mkdtempSync(join(tmpdir(), "synth-test-"));
const small = { songs: 2, seconds: 20, seed: 4 };

describe("writeCorpus", () => {
  it("writes WAV + .lab per song and a manifest whose hashes match the files", async () => {
    const dir = join(fresh(), "corpus");
    const { files } = await writeCorpus(dir, small);
    expect(files).toEqual(["ballad_in_c.wav", "ballad_in_c.lab", "sunrise_in_a.wav", "sunrise_in_a.lab"].map((f) => join(dir, f)));
    expect(readdirSync(dir).sort()).toEqual(["ballad_in_c.lab", "ballad_in_c.wav", "corpus.json", "sunrise_in_a.lab", "sunrise_in_a.wav"]);
    const manifest = readManifest(dir)!;
    expect(manifest.generator).toEqual({ name: "chordtrain-synth", version: GENERATOR_VERSION });
    expect(manifest.options).toEqual({ songs: 2, seconds: 20, seed: 4, sampleRate: 22050 });
    expect(manifest.songs).toEqual(["ballad_in_c", "sunrise_in_a"]);
    for (const f of manifest.files) {
      const bytes = readFileSync(join(dir, f.file));
      expect(f.bytes).toBe(bytes.byteLength);
      expect(f.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    }
  });

  it("writes 16-bit mono WAVs of the requested length", async () => {
    const dir = join(fresh(), "corpus");
    await writeCorpus(dir, { songs: 1, seconds: 21 });
    const path = join(dir, "ballad_in_c.wav");
    const wav = decodeWav(readFileSync(path), { file: path });
    expect(wav).toMatchObject({ sampleRate: 22050, channels: 1, encoding: "pcm16" });
    expect(wav.samples.length).toBe(21 * 22050);
  });

  it("is byte-identical for the same options, different for another seed", async () => {
    const a = join(fresh(), "a");
    const b = join(fresh(), "b");
    const c = join(fresh(), "c");
    await writeCorpus(a, small);
    await writeCorpus(b, small);
    await writeCorpus(c, { ...small, seed: 5 });
    expect(readFileSync(join(a, "corpus.json"), "utf8")).toBe(readFileSync(join(b, "corpus.json"), "utf8"));
    const wavHash = (dir: string): string | undefined => readManifest(dir)!.files.find((f) => f.file === "ballad_in_c.wav")?.sha256;
    expect(wavHash(c)).not.toBe(wavHash(a));
  });

  it("replaces a previous corpus and leaves no temporary folders behind", async () => {
    const parent = fresh();
    const dir = join(parent, "corpus");
    await writeCorpus(dir, small);
    await writeCorpus(dir, { songs: 1, seconds: 20 });
    expect(readdirSync(dir).sort()).toEqual(["ballad_in_c.lab", "ballad_in_c.wav", "corpus.json"]);
    expect(readdirSync(parent)).toEqual(["corpus"]);
  });

  it("always rewrites, even over a current corpus whose content was altered in place", async () => {
    const dir = join(fresh(), "corpus");
    await writeCorpus(dir, { songs: 1, seconds: 20 });
    const lab = join(dir, "ballad_in_c.lab");
    const original = readFileSync(lab, "utf8");
    writeFileSync(lab, original.replace("N", "X"));
    await writeCorpus(dir, { songs: 1, seconds: 20 });
    expect(readFileSync(lab, "utf8")).toBe(original);
  });

  it("writes into an existing empty folder", async () => {
    const dir = fresh();
    await writeCorpus(dir, { songs: 1, seconds: 20 });
    expect(existsSync(join(dir, "corpus.json"))).toBe(true);
  });

  it("refuses to replace a folder that is not a generated corpus", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "notes.txt"), "mine");
    await expect(writeCorpus(dir, small)).rejects.toThrow(/refusing to replace .*holds no corpus.json/);
    expect(readdirSync(dir)).toEqual(["notes.txt"]);
  });

  it("defaults to all four songs at their own lengths (seconds: null in the manifest)", () => {
    expect(resolveCorpusOptions()).toEqual({ songs: 4, seconds: null, seed: 0, sampleRate: 22050 });
    expect(resolveCorpusOptions({ songs: undefined, seconds: undefined })).toEqual(resolveCorpusOptions());
  });

  it("rejects a song count outside 1..4", async () => {
    await expect(writeCorpus(join(fresh(), "x"), { songs: 5 })).rejects.toThrow(/songs must be an integer in 1..4/);
  });
});

describe("ensureBuiltinCorpus", () => {
  const one = { songs: 1, seconds: 20, seed: 4 };
  const mtime = (path: string): number => statSync(path).mtimeMs;

  it("generates when missing, then leaves a current corpus alone", async () => {
    const dir = join(fresh(), "synth");
    expect(await ensureBuiltinCorpus(dir, one)).toEqual({ generated: true });
    const before = mtime(join(dir, "ballad_in_c.wav"));
    expect(await ensureBuiltinCorpus(dir, one)).toEqual({ generated: false });
    expect(mtime(join(dir, "ballad_in_c.wav"))).toBe(before);
  });

  it.each([
    ["other options", (_dir: string) => ({ ...one, seconds: 21 })],
    ["another generator version", (dir: string) => editManifest(dir, (m) => ({ ...m, generator: { ...m.generator, version: "0" } }))],
    ["a corrupt manifest", (dir: string) => writeFileSync(join(dir, "corpus.json"), "{ not json")],
    ["a deleted file", (dir: string) => unlinkSync(join(dir, "ballad_in_c.wav"))],
    ["a truncated file", (dir: string) => truncateSync(join(dir, "ballad_in_c.lab"), 10)],
  ])("regenerates after %s", async (_what, damage) => {
    const dir = join(fresh(), "synth");
    await ensureBuiltinCorpus(dir, one);
    const options = damage(dir) ?? one;
    expect(await ensureBuiltinCorpus(dir, options)).toEqual({ generated: true });
    expect(await ensureBuiltinCorpus(dir, options)).toEqual({ generated: false });
    expect(statSync(join(dir, "ballad_in_c.wav")).size).toBeGreaterThan(20 * 22050 * 2);
  });

  it("survives parallel calls for the same corpus (one folder, no leftovers)", async () => {
    const parent = fresh();
    const dir = join(parent, "synth");
    await Promise.all([ensureBuiltinCorpus(dir, one), ensureBuiltinCorpus(dir, one), ensureBuiltinCorpus(dir, one)]);
    expect(readdirSync(parent)).toEqual(["synth"]);
    expect(await ensureBuiltinCorpus(dir, one)).toEqual({ generated: false });
  });

  it("does not touch a non-corpus folder", async () => {
    const dir = fresh();
    mkdirSync(join(dir, "songs"));
    await expect(ensureBuiltinCorpus(dir, one)).rejects.toThrow(/refusing to replace/);
  });
});

describe("makeTinyCorpus", () => {
  it("writes three short songs into a fresh temporary folder", async () => {
    const a = await makeTinyCorpus();
    const b = await makeTinyCorpus({ songs: 1, seconds: 20, seed: 2 });
    expect(a).not.toBe(b);
    expect(readdirSync(a).filter((f) => f.endsWith(".wav"))).toHaveLength(3);
    expect(readManifest(b)!.options).toEqual({ songs: 1, seconds: 20, seed: 2, sampleRate: 22050 });
  });
});

function editManifest(dir: string, edit: (m: Record<string, any>) => Record<string, any>): void {
  const path = join(dir, "corpus.json");
  writeFileSync(path, JSON.stringify(edit(JSON.parse(readFileSync(path, "utf8")))));
}

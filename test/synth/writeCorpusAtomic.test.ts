/** An interrupted generation (here: the WAV encoder failing midway) never leaves a half corpus. */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { readManifest, writeCorpus } from "../../src/synth/index.js";

const failure = vi.hoisted(() => ({ calls: 0, failOnCall: Infinity }));

vi.mock("../../src/audio/encodeWav.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/audio/encodeWav.js")>();
  return {
    ...original,
    encodeWav: (...args: Parameters<typeof original.encodeWav>) => {
      if (++failure.calls === failure.failOnCall) throw new Error("simulated crash while writing");
      return original.encodeWav(...args);
    },
  };
});

function failOnNextSong(k: number): void {
  failure.calls = 0;
  failure.failOnCall = k;
}

describe("atomic corpus writing", () => {
  it("leaves nothing when the first generation fails midway", async () => {
    const parent = mkdtempSync(join(tmpdir(), "synth-atomic-"));
    failOnNextSong(2);
    await expect(writeCorpus(join(parent, "corpus"), { songs: 2, seconds: 20 })).rejects.toThrow(/simulated crash/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it("keeps the previous corpus intact when a regeneration fails", async () => {
    const parent = mkdtempSync(join(tmpdir(), "synth-atomic-"));
    const dir = join(parent, "corpus");
    failOnNextSong(Infinity);
    await writeCorpus(dir, { songs: 2, seconds: 20, seed: 1 });
    const before = readFileSync(join(dir, "corpus.json"), "utf8");
    failOnNextSong(2);
    await expect(writeCorpus(dir, { songs: 2, seconds: 20, seed: 2 })).rejects.toThrow(/simulated crash/);
    expect(readFileSync(join(dir, "corpus.json"), "utf8")).toBe(before);
    expect(readManifest(dir)!.options.seed).toBe(1);
    expect(readdirSync(parent)).toEqual(["corpus"]);
  });
});

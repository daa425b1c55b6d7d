import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { AudioSchema, FeatureSchema } from "../../src/config/schema.js";
import { encodeWav } from "../../src/audio/encodeWav.js";
import { collectWarnings, InputError } from "../../src/errors.js";
import { canonicalJson } from "../../src/util/canonicalJson.js";
import {
  chromaCacheKey,
  decodeChromaEntry,
  encodeChromaEntry,
} from "../../src/features/cache.js";
import { computeChroma } from "../../src/features/chroma.js";
import { loadChroma } from "../../src/features/loadChroma.js";
import { chord } from "../helpers/signals.js";

const root = mkdtempSync(join(tmpdir(), "chordtrain-chroma-cache-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let cacheDir: string;
let wavPath: string;
let n = 0;
beforeEach(() => {
  cacheDir = join(root, `cache${n}`);
  wavPath = join(root, `song${n++}.wav`);
  // 44.1 kHz so the resampler runs; 1 s keeps the many calls below fast.
  const x = chord([60, 64, 67], { sampleRate: 44100, durationSec: 1 });
  writeFileSync(wavPath, encodeWav([x, x], { sampleRate: 44100, encoding: "pcm16" }));
});

function cfg(overrides: { cache?: boolean; features?: object; audio?: object } = {}) {
  return {
    audio: AudioSchema.parse(overrides.audio ?? {}),
    features: FeatureSchema.parse(overrides.features ?? {}),
    data: { cache: overrides.cache ?? true, cacheDir },
  };
}
const entries = () => readdirSync(cacheDir).filter((f) => f.endsWith(".chroma"));

describe("loadChroma", () => {
  it("in one process reuses a file's chroma without reading the audio again, until the file changes", async () => {
    const { statSync, utimesSync, openSync, writeSync, closeSync } = await import("node:fs");
    utimesSync(wavPath, 1_700_000_000, 1_700_000_000); // whole seconds: restorable exactly below
    const first = await loadChroma(wavPath, cfg());
    // the audio made unreadable but with the same size, mtime and inode: a second load cannot have read it
    const before = statSync(wavPath);
    const fd = openSync(wavPath, "r+");
    writeSync(fd, Buffer.from("JUNK"), 0, 4, 0); // "RIFF" → not a WAV any more
    closeSync(fd);
    utimesSync(wavPath, 1_700_000_000, 1_700_000_000);
    expect(statSync(wavPath).size).toBe(before.size);
    const again = await loadChroma(wavPath, cfg());
    expect(again.fromCache).toBe(true);
    expect(Array.from(again.chroma.data)).toEqual(Array.from(first.chroma.data));
    // a new mtime: the file is read (and refused) again
    utimesSync(wavPath, 1_700_000_000, 1_700_000_005);
    await expect(loadChroma(wavPath, cfg())).rejects.toThrow(InputError);
  });

  it("computes on the first call, reads the identical chroma from the cache on the second", async () => {
    const first = await loadChroma(wavPath, cfg());
    expect(first.fromCache).toBe(false);
    expect(first.durationSec).toBeCloseTo(1, 9);
    expect(first.chroma.nFrames).toBe(1 + Math.floor(22050 / 2048));
    expect(entries()).toHaveLength(1);
    const second = await loadChroma(wavPath, cfg());
    expect(second.fromCache).toBe(true);
    expect(second.durationSec).toBe(first.durationSec);
    expect(second.chroma.nFrames).toBe(first.chroma.nFrames);
    expect(second.chroma.frameRateHz).toBe(first.chroma.frameRateHz);
    expect(Array.from(second.chroma.data)).toEqual(Array.from(first.chroma.data));
  });

  it("the key covers every audio and feature setting, and the audio content (not its name)", async () => {
    await loadChroma(wavPath, cfg());
    expect((await loadChroma(wavPath, cfg({ features: { logCompression: 1 } }))).fromCache).toBe(false);
    expect((await loadChroma(wavPath, cfg({ features: { normalization: "max" } }))).fromCache).toBe(false);
    expect((await loadChroma(wavPath, cfg({ audio: { resampler: "sinc-medium" } }))).fromCache).toBe(false);
    expect(entries()).toHaveLength(4);
    // Same bytes under another name: a hit. Changed bytes under the same name: a miss.
    const copy = join(root, `copy-${n}.wav`);
    writeFileSync(copy, readFileSync(wavPath));
    expect((await loadChroma(copy, cfg())).fromCache).toBe(true);
    const bytes = readFileSync(wavPath);
    bytes[bytes.length - 1] ^= 1;
    writeFileSync(wavPath, bytes);
    expect((await loadChroma(wavPath, cfg())).fromCache).toBe(false);
  });

  it.each([
    ["truncated", (b: Buffer) => b.subarray(0, b.length - 100)],
    ["a flipped data bit", (b: Buffer) => ((b[b.length - 5] ^= 0x10), b)],
    ["a damaged header", (b: Buffer) => ((b[20] = 0x7b), b)],
    ["empty", () => Buffer.alloc(0)],
  ])("a %s entry is detected with a warning, recomputed and rewritten", async (_name, damage) => {
    const first = await loadChroma(wavPath, cfg());
    const entryPath = join(cacheDir, entries()[0]);
    writeFileSync(entryPath, damage(readFileSync(entryPath)));
    const warnings = collectWarnings();
    const again = await loadChroma(wavPath, cfg(), warnings);
    expect(again.fromCache).toBe(false);
    expect(Array.from(again.chroma.data)).toEqual(Array.from(first.chroma.data));
    expect(warnings.messages).toHaveLength(1);
    expect(warnings.messages[0]).toMatch(/invalid chroma cache entry .*recomputed/);
    expect((await loadChroma(wavPath, cfg())).fromCache).toBe(true); // repaired
  });

  it("cache: false neither reads nor writes entries", async () => {
    const result = await loadChroma(wavPath, cfg({ cache: false }));
    expect(result.fromCache).toBe(false);
    expect(() => readdirSync(cacheDir)).toThrow();
  });

  it("an unwritable cache directory is a warning, not a failure", async () => {
    writeFileSync(cacheDir, "a file where the cache folder should be");
    const warnings = collectWarnings();
    const result = await loadChroma(wavPath, cfg(), warnings);
    expect(result.chroma.nFrames).toBeGreaterThan(0);
    expect(warnings.messages.some((m) => /could not write the chroma cache/.test(m))).toBe(true);
  });

  it("decode warnings (truncated WAV) are replayed on cache hits", async () => {
    const bytes = readFileSync(wavPath);
    writeFileSync(wavPath, bytes.subarray(0, bytes.length - 1001));
    const w1 = collectWarnings();
    await loadChroma(wavPath, cfg(), w1);
    const w2 = collectWarnings();
    const hit = await loadChroma(wavPath, cfg(), w2);
    expect(hit.fromCache).toBe(true);
    expect(w1.messages).toHaveLength(1);
    expect(w2.messages).toEqual(w1.messages);
  });

  it("a missing audio file is an InputError naming it, even with a cache", async () => {
    mkdirSync(cacheDir, { recursive: true });
    await expect(loadChroma(join(root, "missing.wav"), cfg())).rejects.toThrow(InputError);
    await expect(loadChroma(join(root, "missing.wav"), cfg())).rejects.toThrow(/missing\.wav: audio file not found/);
  });
});

describe("cache entry format", () => {
  const audio = AudioSchema.parse({});
  const features = FeatureSchema.parse({});
  const chroma = computeChroma(chord([57, 60, 64], { sampleRate: 22050, durationSec: 1 }), 22050, features);
  const key = chromaCacheKey("ab".repeat(32), audio, features);

  it("round-trips and rejects a foreign key", () => {
    const bytes = encodeChromaEntry(key, { chroma, durationSec: 1, warnings: ["w"] });
    const ok = decodeChromaEntry(bytes, key);
    expect(ok.ok && Array.from(ok.entry.chroma.data)).toEqual(Array.from(chroma.data));
    expect(ok.ok && ok.entry.warnings).toEqual(["w"]);
    expect(decodeChromaEntry(bytes, chromaCacheKey("cd".repeat(32), audio, features))).toEqual({
      ok: false,
      reason: "key does not match",
    });
  });

  it("decodes from an unaligned view (data copied, not viewed in place)", () => {
    const bytes = encodeChromaEntry(key, { chroma, durationSec: 1, warnings: [] });
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const ok = decodeChromaEntry(shifted.subarray(1), key);
    expect(ok.ok && ok.entry.chroma.nFrames).toBe(chroma.nFrames);
  });

  it("the key does not depend on the order of settings", () => {
    const reordered = Object.fromEntries(Object.entries(features).reverse()) as typeof features;
    expect(chromaCacheKey("00", audio, reordered)).toBe(chromaCacheKey("00", audio, features));
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: 0 } })).toBe('{"a":{"c":0,"d":[2,1]},"b":1}');
  });
});

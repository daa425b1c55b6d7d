/**
 * The feature extraction `batch --jobs N` shares between its lanes: shards i/N of the songs
 * together write every song's cache entry exactly once, and a run afterwards finds them all.
 */
import { describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ConfigSchema } from "../../src/config/schema.js";
import { warmFeatureCache } from "../../src/experiment/corpus.js";
import { makeTinyCorpus } from "../helpers/corpus.js";
import { tmpFolder } from "../helpers/tmp.js";

/** Every cache entry file below `dir`. */
const entries = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();

describe("warmFeatureCache", () => {
  it("two shards cover every song once, and each writes only its own songs", async () => {
    const corpus = await makeTinyCorpus({ songs: 3, seconds: 20, seed: 1 });
    const config = ConfigSchema.parse({ data: { dir: corpus, cacheDir: join(tmpFolder(), "cache") } });
    expect(await warmFeatureCache(config, { index: 0, count: 2 })).toBe(2); // songs 0 and 2
    const afterFirst = entries(config.data.cacheDir);
    expect(afterFirst).toHaveLength(2);
    expect(await warmFeatureCache(config, { index: 1, count: 2 })).toBe(1); // song 1
    const all = entries(config.data.cacheDir);
    expect(all).toHaveLength(3);
    expect(all.filter((e) => afterFirst.includes(e))).toHaveLength(2);
    // with the cache off nothing is extracted ahead of the runs
    expect(await warmFeatureCache({ ...config, data: { ...config.data, cache: false } }, { index: 0, count: 2 })).toBe(0);
  }, 60_000);
});

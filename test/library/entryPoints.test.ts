/**
 * The library's entry points (package.json `exports`), imported by package name from dist/ in a
 * fresh node process each, the way a user's `import … from "chordtrain/losses"` runs: what
 * each one loads. The subpaths exist so that a user of the losses or the scores does not pay
 * for tfjs, the figure renderers or the audio decoders (issue 17); timings are in
 * bench/import.bench.ts.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureFreshDist, entryPoints, ROOT } from "../helpers/dist.js";

interface Probe {
  packages: string[];
  exports: string[];
}

function probe(specifier: string): Probe {
  const r = spawnSync(process.execPath, [join(ROOT, "test/library/loadedPackages.mjs"), specifier], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`importing ${specifier} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Probe;
}

/** Heavy packages no library entry point may load on import: tfjs, the figure renderers, the audio decoders, meyda. */
function isForbidden(pkg: string): boolean {
  return /^(@tensorflow\/|@resvg\/|@audio\/|vega$|vega-|audio-decode$|meyda$)/.test(pkg);
}

/** Every package each subpath may load: its stage's own dependencies, nothing else. */
const SUBPATHS: Record<string, { packages: string[]; source: string }> = {
  "chordtrain/losses": { packages: [], source: "../../src/losses/index.js" },
  "chordtrain/evaluation": { packages: [], source: "../../src/evaluation/index.js" },
  "chordtrain/annotations": { packages: ["csv-parse"], source: "../../src/annotations/index.js" },
  "chordtrain/features": { packages: ["fft.js"], source: "../../src/features/index.js" },
};

beforeAll(() => ensureFreshDist(), 300_000);

describe("the library entry points", () => {
  it("are the ones this file checks (a new subpath needs its row above)", () => {
    expect(entryPoints().sort()).toEqual(["chordtrain", ...Object.keys(SUBPATHS)].sort());
  });

  for (const [specifier, expected] of Object.entries(SUBPATHS)) {
    it(`${specifier} loads none of tfjs, vega, resvg, the audio decoders or meyda, only ${JSON.stringify(expected.packages)}, and exports its stage's index`, async () => {
      const loaded = probe(specifier);
      expect(loaded.packages.filter(isForbidden)).toEqual([]);
      expect(loaded.packages).toEqual(expected.packages);
      const source = (await import(expected.source)) as Record<string, unknown>;
      expect(loaded.exports).toEqual(Object.keys(source).sort());
    }, 60_000);
  }

  it("chordtrain (the main entry point) loads neither tfjs, vega, resvg nor meyda until they are used", () => {
    const loaded = probe("chordtrain");
    expect(loaded.packages.filter((p) => isForbidden(p) && !/^(audio-decode$|@audio\/)/.test(p))).toEqual([]);
    expect(loaded.exports).toContain("softDtw");
    expect(loaded.exports).toContain("runExperiment");
  }, 60_000);
});

describe("the load probe (test/library/loadedPackages.mjs)", () => {
  it("sees a package loaded with require() and one loaded by an ESM import", () => {
    const required = `data:text/javascript,import { createRequire } from "node:module"; createRequire(${JSON.stringify(join(ROOT, "x.js"))})("@tensorflow/tfjs-core");`;
    expect(probe(required).packages).toContain("@tensorflow/tfjs-core");
    expect(probe("csv-parse/sync").packages).toEqual(["csv-parse"]);
  }, 60_000);

  it("names the forbidden packages", () => {
    expect(["@tensorflow/tfjs", "@tensorflow/tfjs-core", "vega", "vega-lite", "vega-scale", "@resvg/resvg-js", "audio-decode", "@audio/decode", "meyda"].every(isForbidden)).toBe(true);
    expect(["fft.js", "csv-parse", "zod", "vegan", "audio-type"].some(isForbidden)).toBe(false);
  });
});

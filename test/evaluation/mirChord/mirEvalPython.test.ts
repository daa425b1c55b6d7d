/**
 * Differential test against the real mir_eval (Debian's python3-mir-eval, installed by .ci/run):
 * 300 random annotation pairs (every Harte shorthand, inversions, added/omitted degrees, N, X,
 * estimates longer or shorter than the reference) scored by both; every one of the 15 measures
 * must agree to 1e-9. Without Python mir_eval this test fails rather than skips.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CHORD_SCORE_NAMES } from "../../../src/evaluation/mirChord/index.js";

describe("chordtrain's chord scores against Python mir_eval", () => {
  it("has mir_eval installed (apt-get install python3-mir-eval)", () => {
    const version = execFileSync("/usr/bin/python3", ["-c", "import mir_eval; print(mir_eval.__version__)"]).toString().trim();
    expect(version).toMatch(/^\d+\.\d+/);
  });

  it("agrees on all 15 measures over 300 random pairs", () => {
    const run = spawnSync("npx", ["tsx", "scripts/mir-eval-crosscheck.ts", "300"], { encoding: "utf8" });
    expect(run.stderr).not.toMatch(/Error/);
    const lines = run.stdout.split("\n");
    const summary = lines.find((l) => /^300 pairs, \d+ on which mir_eval raised/.test(l));
    expect(summary).toBeDefined();
    // mir_eval refuses a few generated pairs (zero-length segments); nearly all must be compared.
    expect(Number(/(\d+) on which/.exec(summary!)![1])).toBeLessThan(15);
    for (const name of CHORD_SCORE_NAMES) {
      const line = lines.find((l) => l.startsWith(`${name} `));
      expect(line, name).toBeDefined();
      expect(Number(/max \|diff\| (\S+)/.exec(line!)![1]), name).toBeLessThanOrEqual(1e-9);
    }
    expect(run.status).toBe(0);
  }, 120_000);
});

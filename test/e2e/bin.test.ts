/**
 * The real executable and the package entry point, in separate Node processes, from the compiled
 * dist/ that `npm ci` builds (the test script builds it first): what a user gets.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tmpFolder } from "../helpers/tmp.js";

const node = (args: string[], cwd = process.cwd()) =>
  spawnSync(process.execPath, args, { cwd, encoding: "utf8", timeout: 60_000 });

describe("bin/chordtrain.js", () => {
  it("prints the package version", () => {
    const r = node(["bin/chordtrain.js", "--version"]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync("package.json", "utf8")).version);
  });

  it("exits 1 with one line naming file and line on a bad config, no stack trace", () => {
    const dir = tmpFolder({ "bad.yaml": "loss:\n  kind: softdtw\n" });
    const r = node(["bin/chordtrain.js", "run", "-c", join(dir, "bad.yaml")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^chordtrain: .*bad\.yaml:2: loss\.kind: .*got "softdtw"\n$/);
  });

  it("exits non-zero on an unknown command", () => {
    const r = node(["bin/chordtrain.js", "trian"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/unknown command 'trian'/);
  });
});

describe('import("chordtrain") in plain Node', () => {
  it("resolves the package root to the built library with the losses", () => {
    const script = `
      const m = await import("chordtrain");
      const r = m.softDtw([[0, 2], [2, 0]], { gamma: 1e-300 });
      const c = m.ctcLoss([[Math.log(0.5), Math.log(0.5)]], [0], { blank: 1 });
      console.log(JSON.stringify({ names: Object.keys(m).sort(), dtw: r.value, ctc: c.value }));`;
    const r = node(["--input-type=module", "-e", script]);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(out.names).toEqual(expect.arrayContaining(["softDtw", "ctcLoss", "tfSoftDtwLoss", "tfCtcLoss", "dtwPath"]));
    expect(out.dtw).toBe(0);
    expect(out.ctc).toBeCloseTo(Math.log(2), 12);
  });
});

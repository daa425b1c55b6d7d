/**
 * `chordtrain eval` in process: folders paired by stem (recursively, any of .lab/.csv/.jams),
 * hand-derived per-file and total scores, unmatched files, --csv with and without --force, and
 * the one-line errors.
 */
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { tmpFolder } from "../helpers/tmp.js";
import { cli } from "../helpers/cli.js";

const jams = (rows: [number, number, string][]) =>
  JSON.stringify({
    file_metadata: { duration: rows[rows.length - 1][1] },
    annotations: [{ namespace: "chord", data: rows.map(([t, e, value]) => ({ time: t, duration: e - t, value, confidence: 1 })) }],
  });

/**
 * Song a: pieces [0,1] C|C, [1,2] C|C:7, [2,3] A:min|C:7, [3,4] A:min|A:min, [4,5] N|A:min →
 *   majmin 3/5 over 5 s, root 3/5 over 5 s, sevenths 2/5 over 5 s.
 * Song b: [0,1] C:sus4|C (left out of majmin; root right), [1,2] E:min|Em → majmin 1 over 1 s,
 *   root 2/2 over 2 s, sevenths 1 over 1 s.
 * Totals: majmin (3 + 1)/6, root (3 + 2)/7, sevenths (2 + 1)/6.
 */
function corpus(): { ref: string; est: string } {
  const ref = tmpFolder({
    "album/a.lab": "0 2 C:maj\n2 4 A:min\n4 5 N\n",
    "b.lab": "0 1 C:sus4\n1 2 E:min\n",
    "only_ref.lab": "0 1 C\n",
  });
  const est = tmpFolder({
    "deep/er/a.jams": jams([[0, 1, "C:maj"], [1, 3, "C:7"], [3, 5, "A:min"]]),
    "b.csv": "Start;End;Label\n0;1;C\n1;2;Em\n",
    "only_est.lab": "0 1 C\n",
  });
  return { ref, est };
}

describe("chordtrain eval", () => {
  it("pairs folders by stem and reports per-file and duration-weighted total scores (--json)", async () => {
    const { ref, est } = corpus();
    const r = await cli(["eval", "--ref", ref, "--est", est, "--json"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.files.map((f: { name: string }) => f.name)).toEqual(["a", "b"]);
    const a = out.files.find((f: { name: string }) => f.name === "a");
    expect(a.scores.majmin).toBeCloseTo(3 / 5, 12);
    expect(a.scores.sevenths).toBeCloseTo(2 / 5, 12);
    expect(a.durationSec).toBe(5);
    const b = out.files.find((f: { name: string }) => f.name === "b");
    expect(b.weights.majmin).toBe(1);
    expect(b.scores.majmin).toBe(1);
    expect(out.total.majmin).toBeCloseTo(4 / 6, 12);
    expect(out.total.root).toBeCloseTo(5 / 7, 12);
    expect(out.total.sevenths).toBeCloseTo(3 / 6, 12);
    expect(Object.keys(out.total)).toHaveLength(15);
    expect(out.unmatched.reference).toEqual([join(ref, "only_ref.lab")]);
    expect(out.unmatched.estimate).toEqual([join(est, "only_est.lab")]);
  });

  it("prints a table in percent with the total row and the unmatched files", async () => {
    const { ref, est } = corpus();
    const r = await cli(["eval", "--ref", ref, "--est", est]);
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    expect(lines[0]).toMatch(/^file\s+root\s+majmin\s+majmin_inv\s+thirds/);
    const total = lines.find((l) => l.startsWith("TOTAL (duration-weighted)"))!;
    // root 71.4, majmin 66.7 are the first two numbers
    expect(total.split(/\s{2,}/).slice(1, 3)).toEqual([(500 / 7).toFixed(1), (400 / 6).toFixed(1)]);
    expect(r.out).toContain(`reference files without an estimate (not scored): ${join(ref, "only_ref.lab")}`);
    expect(r.out).toContain(`estimate files without a reference (not scored): ${join(est, "only_est.lab")}`);
  });

  it("pairs two files given directly, whatever their names", async () => {
    const dir = tmpFolder({ "truth.lab": "0 2 C\n", "guess.lab": "0 1 C\n1 2 G\n" });
    const r = await cli(["eval", "--ref", join(dir, "truth.lab"), "--est", join(dir, "guess.lab"), "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).total.majmin).toBeCloseTo(1 / 2, 12);
  });

  it("writes --csv, refuses to overwrite it without --force, and overwrites with --force", async () => {
    const { ref, est } = corpus();
    const csv = join(tmpFolder(), "scores.csv");
    expect((await cli(["eval", "--ref", ref, "--est", est, "--csv", csv])).code).toBe(0);
    const rows = parse(readFileSync(csv, "utf8"), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.file)).toEqual(["a", "b", "TOTAL"]);
    expect(Number(rows[2].majmin)).toBeCloseTo(4 / 6, 12);
    expect(Number(rows[2].duration_sec)).toBe(7);

    writeFileSync(csv, "keep me");
    const again = await cli(["eval", "--ref", ref, "--est", est, "--csv", csv]);
    expect(again.code).toBe(1);
    expect(again.err).toBe(`chordtrain: ${csv}: the --csv file exists; add --force to overwrite it\n`);
    expect(readFileSync(csv, "utf8")).toBe("keep me");
    expect((await cli(["eval", "--ref", ref, "--est", est, "--csv", csv, "--force"])).code).toBe(0);
    expect(readFileSync(csv, "utf8")).toMatch(/^file,reference,estimate,duration_sec,root,/);
  });

  it("a folder pair without any common stem is a one-line error", async () => {
    const ref = tmpFolder({ "x.lab": "0 1 C\n" });
    const est = tmpFolder({ "y.lab": "0 1 C\n" });
    const r = await cli(["eval", "--ref", ref, "--est", est]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^chordtrain: no reference file has an estimate with the same stem .*\n$/);
    expect(r.err.split("\n")).toHaveLength(2);
  });

  it("a malformed annotation is a one-line error naming file:line", async () => {
    const ref = tmpFolder({ "s.lab": "0 1 C\n1 2 H:min\n" });
    const est = tmpFolder({ "s.lab": "0 2 C\n" });
    const r = await cli(["eval", "--ref", ref, "--est", est]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`chordtrain: ${join(ref, "s.lab")}:2: invalid chord label "H:min": expected a root A–G (optionally followed by "b"/"#"), "N" or "X" at the start\n`);
  });

  it("a missing path, a stem found twice and an unsupported file are one-line errors", async () => {
    const ref = tmpFolder({ "s.lab": "0 1 C\n", "sub/s.jams": jams([[0, 1, "C"]]) });
    const est = tmpFolder({ "s.lab": "0 1 C\n", "notes.txt": "x" });
    const missing = await cli(["eval", "--ref", join(ref, "nope"), "--est", est]);
    expect(missing.err).toBe(`chordtrain: ${join(ref, "nope")}: --ref: no such file or folder\n`);
    const twice = await cli(["eval", "--ref", ref, "--est", est]);
    expect(twice.code).toBe(1);
    expect(twice.err).toContain('two reference annotations have the stem "s"');
    const txt = await cli(["eval", "--ref", join(ref, "s.lab"), "--est", join(est, "notes.txt")]);
    expect(txt.code).toBe(1);
    expect(txt.err).toMatch(/notes\.txt: unsupported annotation format ".txt"/);
    expect(existsSync(join(est, "notes.txt"))).toBe(true);
  });
});

/**
 * scripts/paired-cells.ts on a planted runs.csv: the per-cell paired differences, the worst seed and
 * the collapsed counts worked out by hand.
 */
import { describe, expect, it } from "vitest";
import { pairedCells } from "../../scripts/paired-cells.js";

const HEADER = "row,seed,fold,status,loss,padding,target_length,test_f1,minor_recall";
const line = (row: string, seed: number, fold: string, f: number, minor: string, status = "COMPLETED") =>
  `${row},${seed},${fold},${status},bce,,150,${f},${minor}`;

describe("paired cells", () => {
  // Cell "c" (folds named in the row), methods BCE and X, seeds 0 and 1:
  //   X − BCE: seed 0 fold 0 +0.10, fold 1 −0.30 (mean −0.10); seed 1 fold 0 +0.20, fold 1 +0.10 (mean +0.15)
  const csv = [
    HEADER,
    line("c fold 0 · BCE (strong labels)", 0, "", 0.5, "0.4"),
    line("c fold 1 · BCE (strong labels)", 0, "", 0.6, "0"),
    line("c fold 0 · BCE (strong labels)", 1, "", 0.7, ""),
    line("c fold 1 · BCE (strong labels)", 1, "", 0.8, "0.5"),
    line("c fold 0 · X", 0, "", 0.6, "0"),
    line("c fold 1 · X", 0, "", 0.3, "0"),
    line("c fold 0 · X", 1, "", 0.9, ""),
    line("c fold 1 · X", 1, "", 0.9, "0.2"),
    line("c fold 1 · X", 2, "", 0.1, "0"), // no BCE run to pair with: not paired, still judged
    line("c fold 0 · X", 3, "", 0.2, "0", "FAILED"), // not completed: ignored
    // cell "d" with folds in the fold column, and a row without " · " (ignored)
    line("d · BCE (strong labels)", 0, "0", 0.4, "0.1"),
    line("d · Y", 0, "0", 0.45, "0.3"),
    line("plain row", 0, "0", 0.9, "0.9"),
    // cell "e" with its folds named "LOSO k" (the generalisation benchmark's rows): E − BCE +0.1 and −0.3, one seed
    line("e LOSO 0 · BCE (strong labels)", 0, "", 0.5, "0.5"),
    line("e LOSO 1 · BCE (strong labels)", 0, "", 0.6, "0.5"),
    line("e LOSO 0 · E", 0, "", 0.6, "0.5"),
    line("e LOSO 1 · E", 0, "", 0.3, "0.5"),
  ].join("\n");

  it("pairs by seed and fold, finds the worst seed, counts collapsed of judged runs", () => {
    const [c, d, e, ...rest] = pairedCells(csv);
    expect(rest).toEqual([]);
    expect(c.cell).toBe("c");
    expect(c.ref.meanF).toBeCloseTo((0.5 + 0.6 + 0.7 + 0.8) / 4, 12);
    expect(c.ref).toMatchObject({ collapsed: 1, judged: 3 });
    expect(c.methods).toHaveLength(1);
    const x = c.methods[0];
    expect(x.method).toBe("X");
    expect(x.pairs).toBe(4);
    expect(x.meanF).toBeCloseTo((0.6 + 0.3 + 0.9 + 0.9) / 4, 12);
    expect(x.diff).toBeCloseTo((0.1 - 0.3 + 0.2 + 0.1) / 4, 12);
    expect(x.worstSeed).toBe(0);
    expect(x.worstDiff).toBeCloseTo(-0.1, 12);
    expect(x).toMatchObject({ collapsed: 3, judged: 4 });
    expect(d.cell).toBe("d");
    expect(d.methods[0]).toMatchObject({ method: "Y", pairs: 1, worstSeed: 0, collapsed: 0, judged: 1 });
    expect(d.methods[0].diff).toBeCloseTo(0.05, 12);
    expect(e.cell).toBe("e");
    expect(e.methods[0]).toMatchObject({ method: "E", pairs: 2, worstSeed: 0 });
    expect(e.methods[0].diff).toBeCloseTo((0.1 - 0.3) / 2, 12);
  });

  it("takes another reference method when asked, and skips cells without it", () => {
    const cells = pairedCells(csv, "X");
    expect(cells.map((c) => c.cell)).toEqual(["c"]);
    expect(cells[0].methods[0].method).toBe("BCE (strong labels)");
    expect(cells[0].methods[0].diff).toBeCloseTo(-0.025, 12);
    expect(cells[0].methods[0]).toMatchObject({ pairs: 4, worstSeed: 1 }); // BCE − X: seed 0 +0.10, seed 1 −0.15
  });
});

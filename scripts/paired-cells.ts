/**
 * Per cell of a batch (the part of a row name before " · "; a trailing " fold <k>" or " LOSO <k>" in it
 * is the fold, so "osc4 LOSO 2 · X" counts in cell "osc4"),
 * each method against a reference method (default "BCE (strong labels)"), paired by seed and fold
 * from runs.csv: mean test F, the mean paired difference (util/seedStats.ts pairedDifference), the
 * worst seed (the seed whose paired difference, averaged over the cell's folds, is lowest) and its
 * difference, and collapsed runs of judged runs (experiment/worstCase.ts isCollapsed: minor recall 0
 * where the test songs have minor frames). docs/generalization.md "A vertical step weight".
 *
 *   npx tsx scripts/paired-cells.ts results/<batch>/runs.csv ["BCE (strong labels)"]
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parse } from "csv-parse/sync";
import { isCollapsed } from "../src/experiment/worstCase.js";
import { describe, pairedDifference } from "../src/util/seedStats.js";

interface CellRun {
  seed: number;
  fold: string;
  f: number;
  minorRecall: number;
}

export interface MethodLine {
  method: string;
  meanF: number;
  diff: number;
  worstSeed: number;
  worstDiff: number;
  collapsed: number;
  judged: number;
  pairs: number;
}

export interface Cell {
  cell: string;
  ref: { meanF: number; collapsed: number; judged: number };
  methods: MethodLine[];
}

const judgedOf = (runs: readonly CellRun[]) => runs.filter((r) => Number.isFinite(r.minorRecall));

/** A fold's cell split into its corpus and fold ("sf4 LOSO 2" → ["sf4", "2"]; " fold <k>" alike); undefined for other cells. */
export function foldOfCell(cell: string): [corpus: string, fold: string] | undefined {
  const m = /^(.*) (?:fold|LOSO) (\d+)$/.exec(cell);
  return m ? [m[1], m[2]] : undefined;
}

/** The cells of a runs.csv text, in the order of their rows, each method against `ref`. */
export function pairedCells(runsCsv: string, ref = "BCE (strong labels)"): Cell[] {
  const byCell = new Map<string, Map<string, Map<string, CellRun>>>();
  for (const r of parse(runsCsv, { columns: true }) as Record<string, string>[]) {
    if (r.status !== "COMPLETED" || !r.row.includes(" · ")) continue;
    const at = r.row.indexOf(" · ");
    let [cell, fold] = [r.row.slice(0, at), r.fold];
    const method = r.row.slice(at + 3);
    const split = foldOfCell(cell);
    if (split) [cell, fold] = split;
    const minorRecall = r.minor_recall === "" ? NaN : Number(r.minor_recall);
    const methods = byCell.get(cell) ?? new Map<string, Map<string, CellRun>>();
    const runs = methods.get(method) ?? new Map<string, CellRun>();
    runs.set(`${r.seed}/${fold}`, { seed: Number(r.seed), fold, f: Number(r.test_f1), minorRecall });
    methods.set(method, runs);
    byCell.set(cell, methods);
  }
  const cells: Cell[] = [];
  for (const [cell, methods] of byCell) {
    const base = methods.get(ref);
    if (!base) continue;
    const baseRuns = [...base.values()];
    const line = (method: string, runs: Map<string, CellRun>): MethodLine | undefined => {
      const keys = [...runs.keys()].filter((k) => base.has(k));
      if (keys.length === 0) return undefined;
      const bySeed = new Map<number, number[]>();
      for (const k of keys) {
        const d = runs.get(k)!.f - base.get(k)!.f;
        bySeed.set(runs.get(k)!.seed, [...(bySeed.get(runs.get(k)!.seed) ?? []), d]);
      }
      // the first seed (in order of appearance) with the lowest mean difference over its folds
      let worst: [number, number] = [NaN, Infinity];
      for (const [seed, ds] of bySeed) if (describe(ds).mean < worst[1]) worst = [seed, describe(ds).mean];
      const all = [...runs.values()];
      return {
        method,
        meanF: describe(keys.map((k) => runs.get(k)!.f)).mean,
        diff: pairedDifference(keys.map((k) => runs.get(k)!.f), keys.map((k) => base.get(k)!.f)).mean,
        worstSeed: worst[0],
        worstDiff: worst[1],
        collapsed: all.filter(isCollapsed).length,
        judged: judgedOf(all).length,
        pairs: keys.length,
      };
    };
    cells.push({
      cell,
      ref: { meanF: describe(baseRuns.map((r) => r.f)).mean, collapsed: baseRuns.filter(isCollapsed).length, judged: judgedOf(baseRuns).length },
      methods: [...methods].filter(([m]) => m !== ref).flatMap(([m, runs]) => line(m, runs) ?? []),
    });
  }
  return cells;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [path, ref = "BCE (strong labels)"] = process.argv.slice(2);
  if (!path) {
    console.error('usage: npx tsx scripts/paired-cells.ts <batch>/runs.csv ["reference method"]');
    process.exit(2);
  }
  const sign = (x: number, digits: number) => `${x >= 0 ? "+" : ""}${x.toFixed(digits)}`;
  for (const c of pairedCells(readFileSync(path, "utf8"), ref)) {
    console.log(`${c.cell}: ${ref} F ${c.ref.meanF.toFixed(3)}, collapsed ${c.ref.collapsed}/${c.ref.judged}`);
    for (const m of c.methods) {
      console.log(
        `  ${m.method}: F ${m.meanF.toFixed(3)}, − ${ref} ${sign(m.diff, 4)} (worst seed ${m.worstSeed}: ${sign(m.worstDiff, 3)}),` +
          ` collapsed ${m.collapsed}/${m.judged}, ${m.pairs} pairs`,
      );
    }
  }
}

/**
 * The worst case of a table row over its seeds (and folds): the run with the lowest test F, and
 * how many runs collapsed. Kept apart from table.ts so the columns append to the table unchanged.
 *
 * Collapse (issue 16): the test reference has minor-chord frames and the run recognises none of
 * them (minor recall 0: no minor chord predicted, or none on a minor frame). A run whose test
 * reference holds no minor frame (minor recall NaN) cannot be judged and does not count.
 */
/** What the worst case reads of one run (a RunSummary of table.ts). */
export interface WorstCaseRun {
  seed: number;
  fold: number | null;
  testF1: number;
  minorRecall: number;
}

export interface WorstCase {
  /** The completed run with the lowest test F (the first in plan order on ties); null without one. */
  worst: { seed: number; fold: number | null; testF1: number; minorRecall: number } | null;
  /** Completed runs that collapsed (definition above). */
  collapsed: number;
}

export function isCollapsed(run: Pick<WorstCaseRun, "minorRecall">): boolean {
  return Number.isFinite(run.minorRecall) && run.minorRecall === 0;
}

/** The worst case over `done`, the completed runs of one row. */
export function worstCase(done: readonly WorstCaseRun[]): WorstCase {
  let worst: WorstCaseRun | undefined;
  for (const r of done) if (worst === undefined || r.testF1 < worst.testF1) worst = r;
  return {
    worst: worst ? { seed: worst.seed, fold: worst.fold, testF1: worst.testF1, minorRecall: worst.minorRecall } : null,
    collapsed: done.filter(isCollapsed).length,
  };
}

const num = (x: number | undefined): string | number => (x !== undefined && Number.isFinite(x) ? Number(x.toFixed(4)) : "");

/** The table.csv columns appended after the existing ones: worst_f1, worst_seed, worst_fold, worst_minor_recall, collapsed. */
export const WORST_CASE_COLUMNS: { header: string; cell(w: WorstCase): string | number }[] = [
  { header: "worst_f1", cell: (w) => num(w.worst?.testF1) },
  { header: "worst_seed", cell: (w) => w.worst?.seed ?? "" },
  { header: "worst_fold", cell: (w) => w.worst?.fold ?? "" },
  { header: "worst_minor_recall", cell: (w) => num(w.worst?.minorRecall) },
  { header: "collapsed", cell: (w) => w.worst === null ? "" : w.collapsed },
];

/** The Markdown cells appended after the existing ones: "Worst seed (F, minor R)" and "Collapsed". */
export const WORST_CASE_HEAD = ["Worst seed: F (seed, minor R)", "Collapsed"];

export function worstCaseCells(w: WorstCase, runs: number): string[] {
  if (w.worst === null) return ["–", "–"];
  const { testF1, seed, fold, minorRecall } = w.worst;
  const where = fold === null ? `s${seed}` : `s${seed} f${fold}`;
  const minor = Number.isFinite(minorRecall) ? minorRecall.toFixed(2) : "–";
  return [`${testF1.toFixed(3)} (${where}, ${minor})`, `${w.collapsed} of ${runs}`];
}

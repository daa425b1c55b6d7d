/**
 * Building a report: read the results folder, build and render every figure, assemble the page.
 * Nothing is written here (see write.ts).
 */
import { InputError } from "../errors.js";
import { batchFigureJobs, runFigureJobs, type FigureJob } from "./figureSet.js";
import { batchPage, runPage } from "./pages.js";
import { readRunDir } from "./readRun.js";
import { isBatchDir, isRunDir, readBatchDir } from "./readBatch.js";
import { renderSvg, svgToPng } from "./render.js";

export interface ReportFigure {
  name: string;
  title: string;
  caption: string;
  svg: string;
  /** Present when built with `png: true`. */
  png?: Uint8Array;
}

export interface Report {
  kind: "run" | "batch";
  html: string;
  figures: ReportFigure[];
  /** Missing files, figures that could not be drawn, renderer warnings (also shown on the page). */
  problems: string[];
}

export interface BuildOptions {
  /** Also render each figure to PNG. Default false. */
  png?: boolean;
}

export type ResultsKind = "run" | "batch";

/** A run folder holds run.json; a batch folder holds batch.json. */
export function detectResultsKind(dir: string): ResultsKind {
  if (isRunDir(dir)) return "run";
  if (isBatchDir(dir)) return "batch";
  throw new InputError("not a results folder: expected run.json (a run) or batch.json (a batch) in it", { file: dir });
}

/** Renders each job; a job that fails becomes a problem line, never an exception. */
export async function renderFigures(jobs: readonly FigureJob[], opts: BuildOptions, problems: string[]): Promise<ReportFigure[]> {
  const figures: ReportFigure[] = [];
  for (const job of jobs) {
    try {
      const warnings: string[] = [];
      const svg = await renderSvg(job.spec(), { warnings });
      for (const w of warnings) problems.push(`figure ${job.name}: renderer warning: ${w}`);
      figures.push({ name: job.name, title: job.title, caption: job.caption, svg, ...(opts.png ? { png: svgToPng(svg) } : {}) });
    } catch (e) {
      problems.push(`figure ${job.name} could not be drawn: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return figures;
}

export async function buildRunReport(runDir: string, opts: BuildOptions = {}): Promise<Report> {
  const run = readRunDir(runDir);
  const problems = [...run.problems];
  const figures = await renderFigures(runFigureJobs(run, problems), opts, problems);
  return { kind: "run", html: runPage(run, figures, problems), figures, problems };
}

export async function buildBatchReport(batchDir: string, opts: BuildOptions = {}): Promise<Report> {
  const batch = readBatchDir(batchDir);
  const problems = [...batch.problems];
  const failures: string[] = [];
  for (const r of batch.runs) {
    const failed = r.files.record?.status === "FAILED";
    if (failed) failures.push(`run ${r.relDir} (row ${r.row}, seed ${r.seed ?? "?"}) FAILED: ${r.files.record?.error ?? "no error recorded"}`);
    else for (const p of r.files.problems) problems.push(`run ${r.relDir}: ${p}`);
  }
  const figures = await renderFigures(batchFigureJobs(batch), opts, problems);
  // Failures are on the page in the runs table; the caller gets them with the other problems.
  return { kind: "batch", html: batchPage(batch, figures, problems), figures, problems: [...failures, ...problems] };
}

export async function buildReport(dir: string, opts: BuildOptions = {}): Promise<Report> {
  return detectResultsKind(dir) === "run" ? buildRunReport(dir, opts) : buildBatchReport(dir, opts);
}

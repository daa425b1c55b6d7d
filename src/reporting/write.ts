/**
 * The one writer of the report: `figures/<name>.svg` (and `.png`) and `report.html` inside the
 * results folder, each written atomically (temporary file + rename); report.html last, so a
 * reader never finds a page whose figure files are not there yet.
 */
import { join } from "node:path";
import { writeFileAtomic } from "../util/atomicWrite.js";
import { buildReport, type ResultsKind } from "./build.js";

export interface WriteReportOptions {
  /** Write a PNG beside each SVG (ReportConfig.png). */
  png: boolean;
}

export interface WrittenReport {
  kind: ResultsKind;
  /** Path of report.html. */
  path: string;
  /** Paths of the figure files written. */
  figures: string[];
  problems: string[];
  seconds: number;
}

export async function writeReport(dir: string, opts: WriteReportOptions): Promise<WrittenReport> {
  const started = performance.now();
  const report = await buildReport(dir, { png: opts.png });
  const figures: string[] = [];
  // Atomic (a reader never sees half a file) but not flushed to disk one by one: every file here
  // is derived from the run's results and `chordtrain report DIR` writes it again (~60 fsyncs
  // were 0.2 s of a Table 4.1 batch: issue #11).
  const atomicOnly = { durable: false };
  for (const f of report.figures) {
    const svgPath = join(dir, "figures", `${f.name}.svg`);
    writeFileAtomic(svgPath, f.svg, atomicOnly);
    figures.push(svgPath);
    if (f.png) {
      const pngPath = join(dir, "figures", `${f.name}.png`);
      writeFileAtomic(pngPath, f.png, atomicOnly);
      figures.push(pngPath);
    }
  }
  const path = join(dir, "report.html");
  writeFileAtomic(path, report.html, atomicOnly);
  return { kind: report.kind, path, figures, problems: report.problems, seconds: (performance.now() - started) / 1000 };
}

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
  for (const f of report.figures) {
    const svgPath = join(dir, "figures", `${f.name}.svg`);
    writeFileAtomic(svgPath, f.svg);
    figures.push(svgPath);
    if (f.png) {
      const pngPath = join(dir, "figures", `${f.name}.png`);
      writeFileAtomic(pngPath, f.png);
      figures.push(pngPath);
    }
  }
  const path = join(dir, "report.html");
  writeFileAtomic(path, report.html);
  return { kind: report.kind, path, figures, problems: report.problems, seconds: (performance.now() - started) / 1000 };
}

/** Reporting: figures (pure Vega-Lite spec builders), rendering, report.html. Re-exports only. */
export { writeReport, type WriteReportOptions, type WrittenReport } from "./write.js";
export {
  buildReport, buildRunReport, buildBatchReport, detectResultsKind, renderFigures,
  type Report, type ReportFigure, type BuildOptions, type ResultsKind,
} from "./build.js";
export { renderSvg, svgToPng, type RenderOptions, type PngOptions } from "./render.js";
export { readRunDir, parseHistoryCsv, type RunFiles, type RunArtifacts } from "./readRun.js";
export { readBatchDir, findRunDirs, type BatchFiles, type BatchRun } from "./readBatch.js";
export { parseTableCsv, describe, type TableRow, type Stat } from "./table.js";
export { runFigureJobs, batchFigureJobs, type FigureJob } from "./figureSet.js";
export { escapeHtml, namespaceSvgIds } from "./html.js";
export type { VegaLiteSpec } from "./figures/common.js";
export { targetsFigure, type TargetsExample, type PaddingVariant } from "./figures/targets.js";
export { paddingFigure } from "./figures/padding.js";
export { lossCurvesFigure, type LossCurveRun, type HistoryRow } from "./figures/lossCurves.js";
export { templatesFigure, type TemplateWeights } from "./figures/templates.js";
export { alignmentFigure, type AlignmentData } from "./figures/alignment.js";
export { chromagramFigure, chordBands, type TestSegmentData, type ChordBand } from "./figures/chromagram.js";
export { confusionFigure } from "./figures/confusion.js";
export { classDistributionFigure, type ClassDistribution, type ClassCounts } from "./figures/classDistribution.js";
export { scoresFigure, type RowScore } from "./figures/scores.js";
export { templateComparisonFigure, type RowTemplates } from "./figures/templateComparison.js";

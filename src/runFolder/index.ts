/**
 * The run-folder format: one module owns every file a run or batch folder holds, its writer's
 * type and its readers' schema (docs/ARCHITECTURE.md, "The run directory"). experiment/ writes
 * with these types, reporting/ and `chordtrain collect` read with these schemas, and
 * test/runFolder/roundTrip.test.ts checks that what the writers write is what the readers read.
 * Re-exports only.
 */
export { RunRecordSchema, type RunRecord, type RunRecordRead, type RunStatus } from "./runRecord.js";
export { MetricsSchema, ScoresSchema, HealthSchema, healthOf, type Metrics, type MetricsRead, type ScoresRead, type MirEvalMetrics } from "./metrics.js";
export { historyCsv, historyLine, parseHistoryCsv, type HistoryRow } from "./history.js";
export { ModelFileSchema, WeightsSchema, MODEL_FILE_FORMAT, MODEL_FILE_VERSION, type ModelFile } from "./modelFile.js";
export { AlignmentSchema, ClassDistributionSchema, TargetsExampleSchema, TestSegmentSchema, type Artifacts, type TargetsExample } from "./artifacts.js";
export { BatchPlanSchema, type BatchPlan, type BatchPlanRead, type PlanRow } from "./batchPlan.js";
export {
  SCORE_COLUMNS, MEAN_COLUMNS, VOCABULARY_COLUMNS, QUALITY_RECALL_COLUMNS, STAT_COLUMNS, averageRuns, runScores, runHealth, toNumber, shownVocabularyColumns,
  type RowScores, type RunScores, type RunHealth, type ScoreKey, type VocabularyKey,
} from "./columns.js";
export { firstIssue, jsonNumber } from "./json.js";
export { findRunFolders, type FoundRun } from "./find.js";
export { COMPARE_CSV_HEADER, parseCompareCsv, type ComparisonLine } from "./compareCsv.js";

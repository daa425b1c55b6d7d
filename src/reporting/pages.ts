/**
 * The two pages: a run's report and a batch's report (pure: read files in, HTML out).
 */
import { lossLabel } from "../config/labels.js";
import type { RunFiles } from "./readRun.js";
import type { BatchFiles } from "./readBatch.js";
import { healthOf, shownVocabularyColumns, type ScoresRead as Scores } from "../runFolder/index.js";
import type { Stat, TableRow } from "./table.js";
import { lossKindOf } from "./figureSet.js";
import {
  dataTable, escapeHtml, figureBlock, htmlDocument, keyValueTable, noteList, section, statusBadge,
  type HtmlFigure,
} from "./html.js";

const DASH = "–";

export function fmt(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined || !Number.isFinite(x) ? DASH : x.toFixed(digits);
}

function get(obj: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
}

function show(v: unknown): string {
  if (v === undefined || v === null) return DASH;
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** The config values a reader needs to place the run in the study (only the relevant ones). */
export function keyConfig(config: Record<string, unknown> | null): [string, string][] {
  if (!config) return [["config.json", "missing"]];
  const soft = get(config, "targets.kind") === "soft";
  const loss = get(config, "loss.kind");
  const rows: [string, string, boolean][] = [
    ["loss", show(loss), true],
    ["targets", show(get(config, "targets.kind")), true],
    ["soft length", show(get(config, "targets.softLength")), soft],
    ["padding", show(get(config, "targets.padding")), soft],
    ["γ (soft-DTW)", show(get(config, "loss.gamma")), loss === "softDtw"],
    ["γ schedule", show(get(config, "loss.gammaSchedule")), loss === "softDtw" && get(config, "loss.gammaSchedule") !== undefined],
    ["epochs", show(get(config, "training.epochs")), true],
    ["learning rate", show(get(config, "training.learningRate")), true],
    ["batch size", show(get(config, "training.batchSize")), true],
    ["shared templates", show(get(config, "model.sharedTemplates")), true],
    ["segment length (frames)", show(get(config, "dataset.segmentLength")), true],
    ["split", show(get(config, "split.protocol")), true],
    ["corpus", corpusOf(config), true],
    ["chroma", show(get(config, "features.chroma")), true],
    ["boundary jitter (s)", show(get(config, "distortion.jitterSec")), Number(get(config, "distortion.jitterSec") ?? 0) !== 0],
    ["backend", show(get(config, "training.backend")), true],
  ];
  return rows.filter(([, , relevant]) => relevant).map(([k, v]) => [k, v]);
}

export function provenance(run: RunFiles): [string, string][] {
  const r = run.record;
  if (!r) return [["run.json", "missing"]];
  const commit = r.git?.commit ? `${r.git.commit}${r.git.dirty ? " (uncommitted changes)" : ""}` : "not in a git checkout";
  const rows: [string, string][] = [
    ["run id", show(r.runId)],
    ["name", show(r.name)],
    ...(r.row ? [["batch row", r.row] as [string, string]] : []),
    ["seed", show(r.seed)],
    ["started", show(r.startedAt)],
    ["finished", show(r.finishedAt)],
    ["total time (s)", fmt(r.timings?.totalSec ?? null, 1)],
    ["git commit", commit],
    ["config hash", show(r.configHash)],
    ["trainable parameters", show(r.parameters)],
  ];
  for (const [k, v] of Object.entries(r.versions ?? {})) rows.push([`version: ${k}`, String(v)]);
  return rows;
}

function scoreRows(label: string, s: Scores | null | undefined): [string, string][] {
  if (!s) return [[`${label}`, DASH]];
  return [
    [`${label} F1`, fmt(s.f)],
    [`${label} precision`, fmt(s.precision)],
    [`${label} recall`, fmt(s.recall)],
    ...(s.majmin !== undefined ? [[`${label} majmin accuracy`, fmt(s.majmin)] as [string, string]] : []),
    ...(s.majorRecall !== undefined ? [[`${label} major recall`, fmt(s.majorRecall)] as [string, string]] : []),
    ...(s.minorRecall !== undefined ? [[`${label} minor recall`, fmt(s.minorRecall)] as [string, string]] : []),
    ...(s.minorShare !== undefined ? [[`${label} frames estimated minor`, fmt(s.minorShare)] as [string, string]] : []),
    ...(s.frames !== undefined ? [[`${label} frames`, show(s.frames)] as [string, string]] : []),
  ];
}

export function metricsRows(run: RunFiles): [string, string][] {
  const m = run.metrics;
  if (!m) return [["metrics.json", "missing"]];
  return [
    ...scoreRows("test", m.test),
    ...scoreRows("validation", m.val),
    ["best epoch / epochs", `${show(m.bestEpoch)} / ${show(m.epochs)}`],
    ["stopped epoch", typeof m.stoppedEpoch === "number" ? `${m.stoppedEpoch} (stopped early)` : `${show(m.epochs)} (every epoch ran)`],
    ["target / original length", `${show(m.targetLength)} / ${show(m.originalLength)}`],
    ["loss (padding)", `${show(m.loss ?? lossKindOf(run))}${m.padding ? ` (${m.padding})` : ""}`],
    ...Object.entries(m.counts ?? {}).map(([k, v]) => [`segments/frames: ${k}`, show(v)] as [string, string]),
  ];
}

function perSongTable(run: RunFiles): string {
  const songs = Object.entries(run.metrics?.perSong ?? {});
  if (songs.length < 2) return "";
  const rows = songs.map(([song, s]) => [song, fmt(s.f), fmt(s.precision), fmt(s.recall), fmt(s.majmin), fmt(s.minorRecall), show(s.frames)]);
  return `<h3>Per test song</h3>${dataTable(["song", "F1", "precision", "recall", "majmin", "minor recall", "frames"], rows)}`;
}

function figuresSection(figures: readonly HtmlFigure[]): string {
  if (figures.length === 0) return section("figures", "Figures", "<p>No figure could be drawn from this directory (see the problems above).</p>");
  return section("figures", "Figures", figures.map((f, k) => figureBlock(f, k + 1)).join("\n"));
}

export function runPage(run: RunFiles, figures: readonly HtmlFigure[], problems: readonly string[]): string {
  const r = run.record;
  const status = r?.status ?? "UNKNOWN";
  const title = `chordtrain run ${r?.name ?? ""} ${r?.runId ? `— ${r.runId}` : ""}`.trim();
  const header = `<p class="subtitle">Status: ${statusBadge(status)} · results folder <code>${escapeHtml(run.dir)}</code></p>
${r?.error ? `<div class="error"><strong>Error:</strong> ${escapeHtml(r.error)}</div>` : ""}
${degenerateAlarm(run)}
${noteList("Notes recorded by the run", r?.notes ?? [], "notes")}
${noteList("Problems reading this folder", problems, "problems")}`;
  const body = [
    header,
    section("summary", "Run", `<div class="grid"><div><h3>Configuration</h3>${keyValueTable(keyConfig(run.config))}</div><div><h3>Metrics</h3>${keyValueTable(metricsRows(run))}</div></div>${perSongTable(run)}`),
    section("provenance", "Provenance", keyValueTable(provenance(run))),
    figuresSection(figures),
  ].join("\n");
  return htmlDocument({ title, body, nav: [["summary", "Run"], ["provenance", "Provenance"], ["figures", "Figures"]] });
}

/**
 * The alarm of a degenerate model (evaluation/degenerate.ts): recorded in metrics.json, or decided
 * again from its confusion matrix for a run written before the check existed.
 */
export function degenerateAlarm(run: Pick<RunFiles, "metrics">): string {
  const health = run.metrics ? healthOf(run.metrics) : null;
  if (!health?.degenerate) return "";
  const recomputed = run.metrics?.health ? "" : " <small>(decided from the recorded confusion matrix: this run predates the check)</small>";
  const reasons = health.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join("");
  return `<div class="error degenerate"><strong>DEGENERATE MODEL</strong> — its scores are not those of a chord recognizer (docs/degenerate-models.md)${recomputed}<ul>${reasons}</ul></div>`;
}

/** "0.761 ± 0.004" with the 95 % CI beneath when several seeds, else the plain mean. */
function statCell(s: Stat, digits = 3): { html: string } {
  if (!Number.isFinite(s.mean)) return { html: DASH };
  if (!Number.isFinite(s.sd)) return { html: escapeHtml(s.mean.toFixed(digits)) };
  const ci = Number.isFinite(s.ci95) ? `<small>95 % CI [${(s.mean - s.ci95).toFixed(digits)}, ${(s.mean + s.ci95).toFixed(digits)}]</small>` : "";
  return { html: `${escapeHtml(s.mean.toFixed(digits))} ± ${escapeHtml(s.sd.toFixed(digits))}${ci}` };
}


export function tableRows(rows: readonly TableRow[]): (string | { html: string })[][] {
  const vocabulary = shownVocabularyColumns(rows);
  return rows.map((r) => [
    r.degenerate > 0 ? { html: `${escapeHtml(r.row)} <strong class="degenerate">⚠ ${r.degenerate} of ${r.runs} DEGENERATE</strong>` } : r.row,
    `${r.targetLength || DASH}/${r.originalLength || DASH}`,
    lossLabel(r.loss || DASH, r.padding),
    statCell(r.testF1),
    statCell(r.testPrecision),
    statCell(r.testRecall),
    statCell(r.majmin),
    statCell(r.majorRecall),
    statCell(r.minorRecall),
    statCell(r.minorShare),
    ...vocabulary.map(([, k]) => statCell(r[k])),
    statCell(r.bestEpoch, 0),
    statCell(r.seconds, 1),
    `${r.seeds}${r.folds > 0 ? ` × ${r.folds} folds` : ""}${r.failed > 0 ? ` (+${r.failed} failed)` : ""}`,
    statCell(r.stoppedEpoch, 0),
    String(r.degenerate),
  ]);
}

/** The header of tableRows: the vocabulary scores (runFolder/columns.ts) only where some row has them. */
export function tableHeader(rows: readonly TableRow[]): string[] {
  return [
    "row", "target / original length", "loss (padding)", "test F1", "P", "R", "majmin",
    "major recall", "minor recall", "frames estimated minor", ...shownVocabularyColumns(rows).map(([, , title]) => title),
    "best epoch", "seconds", "seeds", "stopped epoch", "degenerate",
  ];
}

function runLink(relDir: string, hasReport: boolean): { html: string } {
  if (!hasReport) return { html: `${escapeHtml(relDir)} <small>(no report.html)</small>` };
  const href = `${relDir.split("/").map(encodeURIComponent).join("/")}/report.html`;
  return { html: `<a href="${escapeHtml(href)}">${escapeHtml(relDir)}</a>` };
}

function runsTable(batch: BatchFiles): string {
  const rows = batch.runs.map((r) => {
    const rec = r.files.record;
    const status = rec?.status ?? "UNKNOWN";
    const detail = rec?.error ? `<div class="error">${escapeHtml(rec.error)}</div>` : "";
    const test = r.files.metrics?.test;
    const health = r.files.metrics ? healthOf(r.files.metrics) : null;
    const healthCell = !health ? DASH : health.degenerate ? { html: `<strong class="degenerate">DEGENERATE</strong>: ${escapeHtml(health.reasons.join("; "))}` } : "ok";
    return [r.row, seedFold(r), { html: statusBadge(status) + detail }, fmt(test?.f), fmt(test?.minorRecall), show(r.files.metrics?.bestEpoch), healthCell, runLink(r.relDir, r.hasReport)];
  });
  const missing = batch.missing.map((m) => [m.row, seedFold(m), { html: statusBadge("MISSING") }, DASH, DASH, DASH, DASH, "no run directory"]);
  return dataTable(["row", "seed", "status", "test F1", "minor recall", "best epoch", "model health", "run folder (its report)"], [...rows, ...missing]);
}

function seedFold(r: { seed: number | null; fold: number | null }): string {
  return `${r.seed === null ? DASH : r.seed}${r.fold === null ? "" : ` / fold ${r.fold}`}`;
}

/** "+0.012 [−0.004, +0.028]": the paired difference with its 95 % interval. */
function signed(x: number): string {
  return Number.isFinite(x) ? `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(3)}` : DASH;
}

export function comparisonRows(batch: Pick<BatchFiles, "comparisons">): (string | { html: string })[][] {
  return batch.comparisons.map((c) => {
    const clear = Number.isFinite(c.lo) && (c.lo > 0 || c.hi < 0);
    const ci = Number.isFinite(c.lo) ? `[${signed(c.lo)}, ${signed(c.hi)}]` : DASH;
    return [
      c.a,
      c.b,
      c.metric,
      `${Number.isFinite(c.pairs) ? c.pairs : DASH}${c.unpaired > 0 ? ` (${c.unpaired} unpaired)` : ""}`,
      fmt(c.meanA),
      fmt(c.meanB),
      { html: clear ? `<strong>${escapeHtml(signed(c.diff))}</strong>` : escapeHtml(signed(c.diff)) },
      ci,
    ];
  });
}

function comparisonSection(batch: BatchFiles): string {
  if (batch.comparisons.length === 0) return "";
  const note = "<p>Row A minus row B over the runs they share (same seed and fold): the mean of the per-pair differences and its 95 % paired-t interval. Bold: the interval excludes 0.</p>";
  return section("compare", "Paired comparisons", note + dataTable(["A", "B", "score", "pairs", "A (mean)", "B (mean)", "A − B", "95 % CI of A − B"], comparisonRows(batch)));
}

export function batchPage(batch: BatchFiles, figures: readonly HtmlFigure[], problems: readonly string[]): string {
  const count = (s: string) => batch.runs.filter((r) => (r.files.record?.status ?? "UNKNOWN") === s).length;
  const failed = count("FAILED");
  const summary = `${batch.runs.length} runs: ${count("COMPLETED")} completed, ${failed} failed, ${count("RUNNING")} running; ${batch.missing.length} planned runs missing.`;
  const seeds = batch.table.some((r) => r.seeds > 1);
  const tableNote = seeds
    ? "<p>Scores: mean ± sample standard deviation over the completed seeds, with the 95 % confidence interval of the mean (Student t) beneath.</p>"
    : "";
  const body = [
    `<p class="subtitle">${escapeHtml(summary)} Results folder <code>${escapeHtml(batch.dir)}</code></p>`,
    failed > 0 ? `<div class="error"><strong>${failed} run(s) FAILED</strong> — their errors are in the runs table; failed runs are left out of the scores.</div>` : "",
    batchDegenerateAlarm(batch),
    noteList("Problems reading this folder", problems, "problems"),
    section("table", "Results (Table 4.1)", tableNote + dataTable(tableHeader(batch.table), tableRows(batch.table))),
    comparisonSection(batch),
    section("runs", "Runs", runsTable(batch)),
    figuresSection(figures),
  ].join("\n");
  return htmlDocument({ title: `chordtrain batch ${batch.name}`, body, nav: [["table", "Results"], ...(batch.comparisons.length > 0 ? [["compare", "Comparisons"] as [string, string]] : []), ["runs", "Runs"], ["figures", "Figures"]] });
}

/** One alarm naming every completed run whose model is degenerate (they stay in the scores). */
function batchDegenerateAlarm(batch: BatchFiles): string {
  const bad = batch.runs.flatMap((r) => {
    const health = r.files.record?.status === "COMPLETED" && r.files.metrics ? healthOf(r.files.metrics) : null;
    return health?.degenerate ? [`<li><code>${escapeHtml(r.relDir)}</code> (row ${escapeHtml(r.row)}, ${escapeHtml(seedFold(r))}): ${escapeHtml(health.reasons.join("; "))}</li>`] : [];
  });
  if (bad.length === 0) return "";
  return `<div class="error degenerate"><strong>${bad.length} DEGENERATE model(s)</strong> — counted in the scores below; see docs/degenerate-models.md<ul>${bad.join("")}</ul></div>`;
}

/** The data layout in force (manifest, then audio/annotation trees, then data.dir; see dataset/discover.ts). */
function corpusOf(config: unknown): string {
  const manifest = get(config, "data.manifest");
  if (manifest !== undefined) return `manifest ${show(manifest)}`;
  const audioDir = get(config, "data.audioDir");
  if (audioDir !== undefined) return `${show(audioDir)} + ${show(get(config, "data.annotationDir"))}`;
  return show(get(config, "data.dir"));
}

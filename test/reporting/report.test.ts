import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildBatchReport, buildRunReport, detectResultsKind, writeReport } from "../../src/reporting/index.js";
import { InputError } from "../../src/errors.js";
import { tempDir, writeBatchDir, writeRunDir } from "./fixtures.js";

/** Every id in the page occurs once; every src/href stays inside the page or the results folder. */
function checkSelfContained(html: string): void {
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  expect(ids.length - new Set(ids).size).toBe(0);
  expect(html).not.toMatch(/<script|<link rel="stylesheet"|@import|@font-face/i);
  for (const m of html.matchAll(/\s(?:src|href)="([^"]*)"/g)) expect(m[1]).toMatch(/^(#|data:|[\w.-]+\/)/);
  // the only absolute URLs are XML namespace names, which are never fetched
  const urls = new Set([...html.matchAll(/https?:\/\/[^\s"')]+/g)].map((m) => m[0]));
  for (const url of urls) expect(["http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"]).toContain(url);
}

describe("buildRunReport", () => {
  it("brings status, provenance, key config, metrics and every figure together", async () => {
    const report = await buildRunReport(writeRunDir(join(tempDir(), "run"), { name: "sdtw16", seed: 7 }));
    expect(report.kind).toBe("run");
    expect(report.problems).toEqual([]);
    expect(report.figures.map((f) => f.name)).toEqual([
      "targets", "padding", "loss", "templates", "alignment", "chromagram-test_song-seg0", "confusion", "class-distribution",
    ]);
    const html = report.html;
    expect(html).toContain("<h1>chordtrain run sdtw16 — 20261125-101530-123-s7</h1>");
    for (const h of ["<h2>Run</h2>", "<h2>Provenance</h2>", "<h2>Figures</h2>"]) expect(html).toContain(h);
    expect(html).toContain(`<span class="status completed">COMPLETED</span>`);
    expect(html).toContain("0123456789abcdef0123456789abcdef01234567 (uncommitted changes)");
    expect(html).toContain("<th scope=\"row\">seed</th><td>7</td>");
    expect(html).toContain("<th scope=\"row\">version: @tensorflow/tfjs</th><td>4.22.0</td>");
    for (const [k, v] of [["loss", "softDtw"], ["soft length", "16"], ["padding", "uniform"], ["γ (soft-DTW)", "0.3"], ["epochs", "30"], ["test F1", "0.761"], ["best epoch / epochs", "24 / 30"]]) {
      expect(html).toContain(`<th scope="row">${k}</th><td>${v}</td>`);
    }
    expect(html.match(/<svg /g)).toHaveLength(8);
    expect(html).toContain("Figure 3. Training and validation loss");
    expect(html).toContain("(epoch 24)");
    checkSelfContained(html);
  });

  it("escapes names from the results files inside the figures too", async () => {
    const dir = writeRunDir(join(tempDir(), "run"));
    const evil = `<script>alert("x")</script>`;
    const art = JSON.parse(readFileSync(join(dir, "artifacts.json"), "utf8"));
    art.test[0].song = evil;
    art.targetsExample.song = evil;
    for (const a of art.alignments) a.song = evil;
    writeFileSync(join(dir, "artifacts.json"), JSON.stringify(art));
    const report = await buildRunReport(dir);
    expect(report.problems).toEqual([]);
    expect(report.html).not.toContain("<script");
    expect(report.html).toContain("&lt;script&gt;");
    // file names from song names keep only safe characters
    for (const f of report.figures) expect(f.name).toMatch(/^[A-Za-z0-9._-]+$/);
    checkSelfContained(report.html);
  });

  it("gives a BCE run no alignment figure and no complaint about it", async () => {
    const report = await buildRunReport(writeRunDir(join(tempDir(), "run"), { loss: "bce" }));
    expect(report.figures.map((f) => f.name)).not.toContain("alignment");
    expect(report.problems).toEqual([]);
    expect(report.html).not.toContain("γ (soft-DTW)");
  });

  it("reports a FAILED run with its (escaped) error and what is missing", async () => {
    const note = `<img src=x onerror="alert(1)">`;
    const report = await buildRunReport(writeRunDir(join(tempDir(), "run"), { status: "FAILED", note }));
    expect(report.figures).toEqual([]);
    expect(report.html).toContain(`<span class="status failed">FAILED</span>`);
    expect(report.html).toContain("training diverged &lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(report.html).not.toContain(note);
    expect(report.html).toContain("<li>metrics.json is missing</li>");
    expect(report.html).toContain("No figure could be drawn");
    checkSelfContained(report.html);
  });
});

describe("buildBatchReport", () => {
  it("shows Table 4.1 with mean ± sd and 95 % CI, the runs with the failure, and the batch figures", async () => {
    const report = await buildBatchReport(writeBatchDir(join(tempDir(), "batch")));
    const html = report.html;
    expect(report.kind).toBe("batch");
    expect(html).toContain("<h1>chordtrain batch padding-study</h1>");
    expect(html).toContain("<h2>Results (Table 4.1)</h2>");
    expect(html).toContain("<th scope=\"col\">target / original length</th>");
    expect(html).toContain("<td>bce-strong</td><td>150/150</td><td>Binary cross-entropy</td><td>0.765 ± 0.004<small>95 % CI [0.729, 0.801]</small></td>");
    expect(html).toContain("<td>sdtw-16-uniform</td><td>16/150</td><td>Soft-DTW (uniform)</td><td>0.761</td>");
    expect(html).toContain("<td>1 (+1 failed)</td>");
    expect(html).toContain("3 completed, 1 failed");
    expect(html).toContain("training diverged &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(report.problems.some((p) => p.includes("FAILED: training diverged"))).toBe(true);
    expect(report.figures.map((f) => f.name)).toEqual(["scores", "loss", "templates", "targets", "padding", "class-distribution"]);
    checkSelfContained(html);
  });

  it("links each run's own report when it exists", async () => {
    const dir = writeBatchDir(join(tempDir(), "batch"));
    await writeReport(join(dir, "bce-strong", "20261125-101530-123-s0"), { png: false });
    const { html } = await buildBatchReport(dir);
    expect(html).toContain(`<a href="bce-strong/20261125-101530-123-s0/report.html">`);
    expect(html).toContain("bce-strong/20261125-101531-123-s1 <small>(no report.html)</small>");
  });
});

describe("writeReport", () => {
  it("writes figures/*.svg, *.png and report.html, leaving no temporary files", async () => {
    const dir = writeRunDir(join(tempDir(), "run"));
    const written = await writeReport(dir, { png: true });
    expect(written.kind).toBe("run");
    expect(written.path).toBe(join(dir, "report.html"));
    const files = readdirSync(join(dir, "figures")).sort();
    expect(files).toContain("loss.svg");
    expect(files).toContain("loss.png");
    expect(files.filter((f) => f.endsWith(".svg"))).toHaveLength(8);
    expect(files.filter((f) => f.endsWith(".png"))).toHaveLength(8);
    expect([...readdirSync(dir), ...files].filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(readFileSync(join(dir, "figures", "loss.svg"), "utf8")).toMatch(/^<svg /);
    for (const png of files.filter((f) => f.endsWith(".png"))) {
      expect(Array.from(readFileSync(join(dir, "figures", png)).subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    }
    expect(readFileSync(written.path, "utf8")).toContain("<h2>Figures</h2>");
  });

  it("writes no PNG with png: false, and detects a batch folder", async () => {
    const dir = writeBatchDir(join(tempDir(), "batch"));
    const written = await writeReport(dir, { png: false });
    expect(written.kind).toBe("batch");
    expect(readdirSync(join(dir, "figures")).filter((f) => f.endsWith(".png"))).toEqual([]);
    expect(existsSync(join(dir, "report.html"))).toBe(true);
  });

  it("refuses a folder that is neither a run nor a batch", () => {
    const dir = join(tempDir(), "empty");
    mkdirSync(dir);
    expect(() => detectResultsKind(dir)).toThrow(InputError);
    expect(() => detectResultsKind(dir)).toThrow(/expected run.json \(a run\) or batch.json \(a batch\)/);
  });
});

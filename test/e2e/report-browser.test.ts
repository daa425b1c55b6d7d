/**
 * End to end: report.html of a run and of a batch, opened in real headless Chromium (Debian's
 * /usr/bin/chromium through playwright-core). The page must load with no console error, no
 * failed or network request, every figure drawn at a non-zero size, the expected headings, and
 * no horizontal scrolling on a laptop-sized window. Full-page screenshots are written to
 * <tmp>/chordtrain-report-browser/ for a human look.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { writeReport } from "../../src/reporting/index.js";
import { tempDir, writeBatchDir, writeRunDir } from "../reporting/fixtures.js";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const SCREENSHOT_DIR = join(tmpdir(), "chordtrain-report-browser");

interface PageLog {
  consoleErrors: string[];
  failedRequests: string[];
  /** Requests to anything but file: and data: URLs (the page must be self-contained). */
  networkRequests: string[];
}

function watch(page: Page): PageLog {
  const log: PageLog = { consoleErrors: [], failedRequests: [], networkRequests: [] };
  page.on("console", (m) => {
    if (m.type() === "error") log.consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => log.consoleErrors.push(e.message));
  page.on("requestfailed", (r) => log.failedRequests.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on("request", (r) => {
    if (!/^(file|data):/.test(r.url())) log.networkRequests.push(r.url());
  });
  return log;
}

/**
 * Sizes of every <svg> and <img> as laid out (and naturalWidth for images). Written as a string
 * because it runs in the page, and this project compiles without the DOM typings.
 */
const GRAPHIC_SIZES = `[...document.querySelectorAll("svg, img")].map((el) => {
  const r = el.getBoundingClientRect();
  return { tag: el.tagName.toLowerCase(), width: r.width, height: r.height, natural: el.tagName === "IMG" ? el.naturalWidth : -1 };
})`;

interface GraphicSize {
  tag: string;
  width: number;
  height: number;
  natural: number;
}

async function openReport(context: BrowserContext, htmlPath: string): Promise<{ page: Page; log: PageLog }> {
  const page = await context.newPage();
  const log = watch(page);
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load" });
  return { page, log };
}

async function expectCleanPage(page: Page, log: PageLog, figures: number): Promise<void> {
  expect(log.consoleErrors).toEqual([]);
  expect(log.failedRequests).toEqual([]);
  expect(log.networkRequests).toEqual([]);
  const sizes = (await page.evaluate(GRAPHIC_SIZES)) as GraphicSize[];
  expect(sizes.filter((s) => s.tag === "svg")).toHaveLength(figures);
  for (const s of sizes) {
    expect(s.width).toBeGreaterThan(50);
    expect(s.height).toBeGreaterThan(50);
    if (s.tag === "img") expect(s.natural).toBeGreaterThan(0);
  }
  const overflow = (await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")) as number;
  expect(overflow).toBeLessThanOrEqual(0);
}

describe("report.html in headless Chromium", () => {
  let context: BrowserContext | undefined;
  let runHtml = "";
  let batchHtml = "";

  /** The context, or a failure naming the fix; each test fails (not skips) without Chromium. */
  function browser(): BrowserContext {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install chromium\` (CI installs it; this test is never skipped)`);
    }
    if (!context) throw new Error("Chromium did not start (see the beforeAll error)");
    return context;
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) return;
    const base = tempDir("chordtrain-report-e2e-");
    runHtml = (await writeReport(writeRunDir(join(base, "run"), { name: "sdtw16" }), { png: false })).path;
    batchHtml = (await writeReport(writeBatchDir(join(base, "batch")), { png: false })).path;
    context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "chordtrain-chromium-")), {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1366, height: 768 },
    });
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  });

  afterAll(async () => {
    await context?.close();
  });

  it("shows a run report: headings, every figure drawn, nothing requested from outside", async () => {
    const { page, log } = await openReport(browser(), runHtml);
    expect(await page.locator("h1").innerText()).toBe("chordtrain run sdtw16 — 20261125-101530-123-s0");
    expect(await page.locator("h2").allInnerTexts()).toEqual(["Run", "Provenance", "Figures"]);
    const figureTitles = await page.locator("figure h3").allInnerTexts();
    expect(figureTitles).toHaveLength(8);
    expect(figureTitles[2]).toBe("Figure 3. Training and validation loss");
    await expectCleanPage(page, log, 8);
    await page.screenshot({ path: join(SCREENSHOT_DIR, "run-report.png"), fullPage: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, "run-report-top.png") });
  });

  it("shows a batch report: the results table, the failed run, the figures", async () => {
    const { page, log } = await openReport(browser(), batchHtml);
    expect(await page.locator("h1").innerText()).toBe("chordtrain batch padding-study");
    expect(await page.locator("h2").allInnerTexts()).toEqual(["Results (Table 4.1)", "Runs", "Figures"]);
    expect(await page.locator("#table tbody tr").count()).toBe(2);
    expect(await page.locator("#runs .status.failed").count()).toBe(1);
    // the error text from run.json is shown as text, not run as markup
    expect(await page.locator("#runs .error").first().innerText()).toBe("training diverged <script>alert(1)</script>");
    await expectCleanPage(page, log, 6);
    await page.screenshot({ path: join(SCREENSHOT_DIR, "batch-report.png"), fullPage: true });
  });
});

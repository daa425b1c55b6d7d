/**
 * Rendering: Vega-Lite spec → SVG (vega-lite compile, vega headless view) and SVG → PNG
 * (resvg with the system fonts). The only place that knows the rendering libraries.
 */
import type { LoggerInterface } from "vega";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import type { ResvgRenderOptions } from "@resvg/resvg-js";
import type { VegaLiteSpec } from "./figures/common.js";

// The renderers are loaded on first use, not when chordtrain is imported: vega and vega-lite cost
// ~0.7 s of CPU to load, which a library user calling softDtw, or a run with the report off, should
// not pay (bench/losses.bench.ts, "cold process").
type Renderers = { vega: typeof import("vega"); vegaLite: typeof import("vega-lite") };
let renderers: Promise<Renderers> | undefined;
function loadRenderers(): Promise<Renderers> {
  return (renderers ??= Promise.all([import("vega"), import("vega-lite")]).then(([vega, vegaLite]) => ({ vega, vegaLite })));
}
const requireHere = createRequire(import.meta.url);
let resvg: typeof import("@resvg/resvg-js") | undefined;

export interface RenderOptions {
  /** Receives vega / vega-lite warnings (otherwise they are dropped, never printed). */
  warnings?: string[];
}

/** A vega logger that collects warnings and errors instead of writing to the console. */
function collectingLogger(sink: string[] | undefined, Warn: number): LoggerInterface {
  let level = Warn;
  const push = (...args: readonly unknown[]) => {
    sink?.push(args.map(String).join(" "));
  };
  const logger: LoggerInterface = {
    level(l?: number) {
      if (l === undefined) return level as never;
      level = l;
      return logger as never;
    },
    error: (...a: readonly unknown[]) => (push(...a), logger),
    warn: (...a: readonly unknown[]) => (push(...a), logger),
    info: () => logger,
    debug: () => logger,
  } as LoggerInterface;
  return logger;
}

/**
 * Rendered SVGs by spec, so a figure drawn from the same data (the targets, padding and class-
 * distribution figures are the same in every run of a batch and in the batch report) is laid out
 * once per process. Bounded; the oldest entry goes first.
 */
const svgCache = new Map<string, { svg: string; warnings: string[] }>();
const SVG_CACHE_SIZE = 64;

export async function renderSvg(spec: VegaLiteSpec, opts: RenderOptions = {}): Promise<string> {
  const key = JSON.stringify(spec);
  const hit = svgCache.get(key);
  if (hit) {
    opts.warnings?.push(...hit.warnings);
    return hit.svg;
  }
  const warnings: string[] = [];
  const { vega, vegaLite } = await loadRenderers();
  const logger = collectingLogger(warnings, vega.Warn);
  const { shape, datasets, titles } = separateData(spec);
  const runtime = compiledShape(shape, titles, { vega, vegaLite }, warnings);
  const view = new vega.View(runtime, { renderer: "none", logger });
  for (const [name, values] of datasets) view.data(name, values);
  try {
    const svg = await view.toSVG();
    if (svgCache.size >= SVG_CACHE_SIZE) svgCache.delete(svgCache.keys().next().value!);
    svgCache.set(key, { svg, warnings });
    return svg;
  } finally {
    opts.warnings?.push(...warnings);
    view.finalize();
  }
}

/**
 * A spec's inline datasets and its title moved out: every `data: { values }` becomes
 * `data: { name: "inline<k>" }` and the figure's title a placeholder (in document order), so
 * figures of the same kind — the same spec with other data and other titles — share one
 * Vega-Lite compilation (~40% of a batch's figure time went there: issue #11). The titles go
 * back into the compiled Vega spec as JSON text, the data into the view.
 */
function separateData(spec: VegaLiteSpec): { shape: VegaLiteSpec; datasets: Array<[string, unknown[]]>; titles: string[] } {
  const datasets: Array<[string, unknown[]]> = [];
  const titles: string[] = [];
  const placeholder = (text: string): string => {
    titles.push(text);
    return `${TITLE_MARK}${titles.length - 1}${TITLE_MARK}`;
  };
  const walk = (node: unknown, root = false): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n));
    if (node === null || typeof node !== "object") return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      const data = value as { values?: unknown } | null;
      if (key === "data" && data !== null && typeof data === "object" && Array.isArray(data.values)) {
        const name = `inline${datasets.length}`;
        datasets.push([name, data.values as unknown[]]);
        const { values: _values, ...rest } = data;
        out[key] = { ...rest, name };
      } else if (root && key === "title" && typeof value === "string") out[key] = placeholder(value);
      else if (root && key === "title" && value !== null && typeof value === "object" && typeof (value as { text?: unknown }).text === "string") {
        out[key] = { ...(walk(value) as object), text: placeholder((value as { text: string }).text) };
      } else out[key] = walk(value);
    }
    return out;
  };
  // Only the figure's own title: Vega-Lite merges the axis titles of layers by their text.
  return { shape: walk(spec, true) as VegaLiteSpec, datasets, titles };
}

/** Brackets a title placeholder (not a character a title or Vega-Lite's output contains). */
const TITLE_MARK = "\u241f";

/** Compiled shapes (separateData) as Vega JSON with their compile-time warnings; bounded. */
const shapeCache = new Map<string, { vegaJson: string; warnings: string[] }>();

/** The parsed Vega spec of a shape with its titles put back. */
function compiledShape(shape: VegaLiteSpec, titles: readonly string[], r: Renderers, warnings: string[]): ReturnType<Renderers["vega"]["parse"]> {
  const key = JSON.stringify(shape);
  let hit = shapeCache.get(key);
  if (!hit) {
    const seen: string[] = [];
    const logger = collectingLogger(seen, r.vega.Warn);
    const vegaJson = JSON.stringify(r.vegaLite.compile(shape, { logger }).spec);
    if (shapeCache.size >= SVG_CACHE_SIZE) shapeCache.delete(shapeCache.keys().next().value!);
    shapeCache.set(key, (hit = { vegaJson, warnings: seen }));
  }
  warnings.push(...hit.warnings);
  const json = hit.vegaJson.replace(new RegExp(`${TITLE_MARK}(\\d+)${TITLE_MARK}`, "g"), (_, k: string) => JSON.stringify(titles[Number(k)]).slice(1, -1));
  return r.vega.parse(JSON.parse(json));
}

export interface PngOptions {
  /** Pixels per SVG unit; 2 gives crisp slides. */
  scale?: number;
}

/** Where distributions install DejaVu Sans (Debian/Ubuntu, Fedora, Arch/Alpine). */
const DEJAVU_DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu-sans-fonts", "/usr/share/fonts/TTF", "/usr/share/fonts/dejavu"];

/**
 * Loading DejaVu Sans directly takes ~1 ms; scanning every system font takes 15–40 ms per
 * figure. Fall back to the scan where DejaVu is not at a known place.
 */
function fontOptions(): ResvgRenderOptions["font"] {
  for (const dir of DEJAVU_DIRS) {
    const files = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((f) => join(dir, f));
    if (files.every((f) => existsSync(f))) return { loadSystemFonts: false, fontFiles: files, defaultFontFamily: "DejaVu Sans" };
  }
  return { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" };
}

export function svgToPng(svg: string, opts: PngOptions = {}): Uint8Array {
  resvg ??= requireHere("@resvg/resvg-js") as typeof import("@resvg/resvg-js");
  const renderer = new resvg.Resvg(svg, {
    fitTo: { mode: "zoom", value: opts.scale ?? 2 },
    background: "white",
    font: fontOptions(),
  });
  return new Uint8Array(renderer.render().asPng());
}

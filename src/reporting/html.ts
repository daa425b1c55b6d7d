/**
 * HTML building blocks of report.html (pure string builders). The page is self-contained:
 * inline CSS, SVG figures inlined, no script, no external resource. Every string that comes
 * from a results file goes through `escapeHtml`.
 */

export interface HtmlFigure {
  name: string;
  title: string;
  caption: string;
  svg: string;
}

export function escapeHtml(text: unknown): string {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * Prefix every id of an SVG (and the url(#…)/href="#…" references to it). Vega numbers its clip
 * paths and gradients from 1 in every SVG, so two inlined figures would otherwise share ids and
 * the second figure would be clipped by the first one's rectangles.
 */
export function namespaceSvgIds(svg: string, prefix: string): string {
  const ids = new Set<string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) ids.add(m[1]);
  if (ids.size === 0) return svg;
  const safe = prefix.replace(/[^A-Za-z0-9_-]/g, "_");
  return svg
    .replace(/(\sid=")([^"]+)"/g, (all, head: string, id: string) => (ids.has(id) ? `${head}${safe}-${id}"` : all))
    .replace(/url\(#([^)]+)\)/g, (all, id: string) => (ids.has(id) ? `url(#${safe}-${id})` : all))
    .replace(/(href=")#([^"]+)"/g, (all, head: string, id: string) => (ids.has(id) ? `${head}#${safe}-${id}"` : all));
}

/** A two-column table of label → value (both escaped). */
export function keyValueTable(rows: readonly (readonly [string, string])[], cls = "kv"): string {
  const body = rows.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("\n");
  return `<table class="${cls}"><tbody>\n${body}\n</tbody></table>`;
}

/** A data table; header and cells are escaped unless a cell is given as `{ html }`. */
export function dataTable(header: readonly string[], rows: readonly (readonly (string | { html: string })[])[]): string {
  const cell = (c: string | { html: string }) => (typeof c === "string" ? escapeHtml(c) : c.html);
  const head = `<tr>${header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join("")}</tr>`).join("\n");
  return `<div class="scroll"><table class="data"><thead>${head}</thead><tbody>\n${body}\n</tbody></table></div>`;
}

export function figureBlock(fig: HtmlFigure, number: number): string {
  const svg = namespaceSvgIds(fig.svg, `fig-${fig.name}`);
  return `<figure id="fig-${escapeHtml(fig.name)}">
<h3>Figure ${number}. ${escapeHtml(fig.title)}</h3>
<div class="plot" role="img" aria-label="${escapeHtml(fig.title)}">${svg}</div>
<figcaption>${escapeHtml(fig.caption)}</figcaption>
</figure>`;
}

export function noteList(title: string, notes: readonly string[], cls: "notes" | "problems"): string {
  if (notes.length === 0) return "";
  return `<div class="${cls}"><h3>${escapeHtml(title)}</h3><ul>${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul></div>`;
}

export function statusBadge(status: string): string {
  const cls = ["COMPLETED", "FAILED", "RUNNING"].includes(status) ? status.toLowerCase() : "unknown";
  return `<span class="status ${cls}">${escapeHtml(status)}</span>`;
}

export function section(id: string, title: string, body: string): string {
  return `<section id="${escapeHtml(id)}">\n<h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

const CSS = `
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; font-size: 15px; line-height: 1.45; color: #1a1a1a;
  background: #fff; margin: 0; }
main { max-width: 1180px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 1.6em; margin: 0.4em 0 0.2em; }
h2 { font-size: 1.25em; border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 1.6em; }
h3 { font-size: 1.02em; margin: 0.6em 0 0.4em; }
nav { font-size: 0.92em; margin: 0.4em 0 1em; }
nav a { margin-right: 1em; }
.subtitle { color: #444; margin: 0 0 0.6em; }
.status { display: inline-block; padding: 1px 8px; border-radius: 4px; font-weight: bold; border: 1px solid; }
.status.completed { color: #1b5e20; background: #e8f5e9; }
.status.failed { color: #b71c1c; background: #ffebee; }
.status.running, .status.unknown { color: #7a4f00; background: #fff8e1; }
.error { border-left: 4px solid #b71c1c; background: #ffebee; padding: 8px 12px; white-space: pre-wrap; }
strong.degenerate { color: #b71c1c; }
.problems { border-left: 4px solid #e65100; background: #fff3e0; padding: 4px 12px; margin: 1em 0; }
.notes { border-left: 4px solid #546e7a; background: #eceff1; padding: 4px 12px; margin: 1em 0; }
.grid { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.grid > div { flex: 1 1 340px; min-width: 0; }
table { border-collapse: collapse; font-size: 0.94em; }
table.kv th { text-align: left; font-weight: normal; color: #444; padding: 2px 16px 2px 0; vertical-align: top; }
table.kv td { padding: 2px 0; font-family: "DejaVu Sans Mono", monospace; font-size: 0.92em; word-break: break-all; }
table.data th, table.data td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
table.data thead th { background: #f3f3f3; }
table.data td small { color: #555; display: block; }
.scroll { overflow-x: auto; }
figure { margin: 1.2em 0 2em; padding: 0; }
.plot { overflow-x: auto; }
.plot svg { max-width: 100%; height: auto; display: block; }
figcaption { color: #333; max-width: 70em; margin-top: 0.4em; }
footer { color: #666; font-size: 0.85em; margin-top: 3em; }
`;

export function htmlDocument(opts: { title: string; body: string; nav: readonly [string, string][] }): string {
  const nav = opts.nav.map(([id, label]) => `<a href="#${escapeHtml(id)}">${escapeHtml(label)}</a>`).join("");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(opts.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${escapeHtml(opts.title)}</h1>
<nav>${nav}</nav>
${opts.body}
</main>
</body>
</html>
`;
}

/** Helpers to look inside Vega-Lite specs and rendered SVG in tests. */

type Obj = Record<string, unknown>;

/** Every inline `data.values` array in a spec, depth first, with the title of its panel. */
export function inlineData(spec: unknown, title = ""): { title: string; values: Obj[] }[] {
  if (!spec || typeof spec !== "object") return [];
  const s = spec as Obj;
  const here = typeof s.title === "string" ? s.title : title;
  const out: { title: string; values: Obj[] }[] = [];
  const data = s.data as { values?: Obj[] } | undefined;
  if (data?.values) out.push({ title: here, values: data.values });
  for (const key of ["layer", "hconcat", "vconcat", "concat"]) {
    const children = s[key];
    if (Array.isArray(children)) for (const c of children) out.push(...inlineData(c, here));
  }
  return out;
}

/** The data of the first panel whose title contains `title`, or whose values have `field`. */
export function dataWith(spec: unknown, field: string, title?: string): Obj[] {
  const found = inlineData(spec).find((d) => (title === undefined || d.title.includes(title)) && d.values.length > 0 && field in d.values[0]);
  if (!found) throw new Error(`no inline data with field ${field}${title ? ` in panel "${title}"` : ""}`);
  return found.values;
}

/** Text content of every <text> element of a vega SVG. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
}

/** Number of mark items (paths) in the mark groups whose class contains `cls`. */
export function markCount(svg: string, cls: string): number {
  let n = 0;
  for (const m of svg.matchAll(/<g class="mark-([a-z]+) role-mark ([^"]*)"[^>]*>/g)) {
    if (!`${m[1]} ${m[2]}`.includes(cls)) continue;
    // count children up to the closing tag of this group (mark groups are flat)
    const start = m.index! + m[0].length;
    const end = svg.indexOf("</g>", start);
    n += (svg.slice(start, end).match(/<(path|text|line)\b/g) ?? []).length;
  }
  return n;
}

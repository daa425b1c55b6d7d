import { describe, expect, it } from "vitest";
import { escapeHtml, namespaceSvgIds } from "../../src/reporting/html.js";

describe("escapeHtml", () => {
  it.each([
    ["<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"],
    [`a "quoted" 'x' & y`, "a &quot;quoted&quot; &#39;x&#39; &amp; y"],
    [42, "42"],
  ])("%s", (input, want) => {
    expect(escapeHtml(input)).toBe(want);
  });
});

describe("namespaceSvgIds", () => {
  const svg = `<svg><defs><clipPath id="clip1"><rect/></clipPath><linearGradient id="gradient_0"/></defs>` +
    `<g clip-path="url(#clip1)"><rect fill="url(#gradient_0)"/><use xlink:href="#clip1"/><a href="#elsewhere"/></g></svg>`;

  it("prefixes every id and every reference to it, and nothing else", () => {
    const out = namespaceSvgIds(svg, "fig-loss");
    expect(out).toContain(`id="fig-loss-clip1"`);
    expect(out).toContain(`clip-path="url(#fig-loss-clip1)"`);
    expect(out).toContain(`fill="url(#fig-loss-gradient_0)"`);
    expect(out).toContain(`xlink:href="#fig-loss-clip1"`);
    expect(out).toContain(`href="#elsewhere"`);
  });

  it("makes two inlined copies of the same SVG id-disjoint", () => {
    const ids = (s: string) => [...s.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    const a = ids(namespaceSvgIds(svg, "a"));
    const b = ids(namespaceSvgIds(svg, "b"));
    expect(a.filter((id) => b.includes(id))).toEqual([]);
  });
});

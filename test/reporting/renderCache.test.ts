/**
 * renderSvg lays out a spec once per process (issue #11: the targets, padding and class-distribution
 * figures are the same in every run of a batch): a second call with an equal spec returns the same
 * SVG and replays the renderer's warnings; a different spec is rendered anew.
 */
import { describe, expect, it } from "vitest";
import { renderSvg } from "../../src/reporting/render.js";
import type { VegaLiteSpec } from "../../src/reporting/figures/common.js";

const spec = (values: number[]): VegaLiteSpec =>
  ({
    data: { values: values.map((v, i) => ({ i, v })) },
    mark: "bar",
    // shape is not a bar channel: vega-lite drops it with a warning
    encoding: { x: { field: "i", type: "ordinal" }, y: { field: "v", type: "quantitative" }, shape: { field: "i", type: "nominal" } },
  }) as unknown as VegaLiteSpec;

describe("renderSvg's per-process cache", () => {
  it("returns the same SVG and the same warnings for an equal spec, and renders a changed spec anew", async () => {
    const firstWarnings: string[] = [];
    const first = await renderSvg(spec([1, 2, 3]), { warnings: firstWarnings });
    expect(firstWarnings.some((w) => /shape/.test(w))).toBe(true);
    const againWarnings: string[] = [];
    const again = await renderSvg(spec([1, 2, 3]), { warnings: againWarnings });
    expect(again).toBe(first);
    expect(againWarnings).toEqual(firstWarnings);
    const other = await renderSvg(spec([1, 2, 30]));
    expect(other).not.toBe(first);
    expect(other.startsWith("<svg")).toBe(true);
  });
});

describe("renderSvg's compiled shapes", () => {
  it("a spec with other data reuses the compiled shape, keeps its warnings, and draws exactly what a fresh process draws", async () => {
    await renderSvg(spec([1, 2, 3])); // compiles the shape
    const warnings: string[] = [];
    const svg = await renderSvg(spec([3, 1, 2, 5]), { warnings });
    expect(warnings.some((w) => /shape/.test(w))).toBe(true); // vega-lite's compile warning, replayed
    // the same figure from a process that never saw the other data
    const { spawnSync } = await import("node:child_process");
    const code = `
      const { renderSvg } = await import("./src/reporting/render.ts");
      const spec = ${JSON.stringify(spec([3, 1, 2, 5]))};
      process.stdout.write(await renderSvg(spec));
    `;
    const root = new URL("../..", import.meta.url).pathname;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { cwd: root, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(svg).toBe(r.stdout);
    // and it is not the first figure: four bars
    expect(svg.match(/aria-roledescription="bar"/g)?.length).toBe(4);
  }, 60_000);
});

describe("renderSvg's compiled shapes and titles", () => {
  it("a figure of the same shape with another title shows its own title (quotes and backslashes kept), as a fresh render does", async () => {
    const titled = (title: string, values: number[]) => ({ ...spec(values), title } as unknown as VegaLiteSpec);
    await renderSvg(titled("first figure", [1, 2]));
    const tricky = 'second "figure" \\ 126 of 150';
    const svg = await renderSvg(titled(tricky, [2, 1]));
    expect(svg).toContain("second &quot;figure&quot; \\ 126 of 150");
    expect(svg).not.toContain("first figure");
    const { spawnSync } = await import("node:child_process");
    const code = `
      const { renderSvg } = await import("./src/reporting/render.ts");
      process.stdout.write(await renderSvg(${JSON.stringify(titled(tricky, [2, 1]))}));
    `;
    const root = new URL("../..", import.meta.url).pathname;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { cwd: root, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(svg).toBe(r.stdout);
  }, 60_000);
});

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

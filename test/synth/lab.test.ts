import { describe, expect, it } from "vitest";
import { parseAnnotation } from "../../src/annotations/index.js";
import { formatLab, generateSpans, intendedClass, SONGS } from "../../src/synth/index.js";

describe("formatLab", () => {
  it("writes Isophonics lines with 6 decimals, LF endings and a final newline", () => {
    const text = formatLab([
      { startSec: 0, endSec: 0.5, label: "N" },
      { startSec: 0.5, endSec: 2.1234567, label: "A:min/b7" },
    ]);
    expect(text).toBe("0.000000 0.500000 N\n0.500000 2.123457 A:min/b7\n");
  });

  it("gives an empty file for no spans", () => {
    expect(formatLab([])).toBe("");
  });
});

describe("the generated .lab files", () => {
  it.each(SONGS.map((s, i) => [s.name, i] as const))("%s parses strictly and reduces to the intended classes", (name, i) => {
    const spans = generateSpans(i, { seed: 5 });
    const text = formatLab(spans);
    expect(text).toMatch(/^(\d+\.\d{6} \d+\.\d{6} \S+\n)+$/);
    const parsed = parseAnnotation(text, "lab", { file: `${name}.lab`, annotations: { dim: "min", aug: "maj" }, lenient: false });
    expect(parsed.spans).toHaveLength(spans.length);
    parsed.spans.forEach((p, k) => {
      expect(p.label).toBe(spans[k].label);
      expect(p.startSec).toBe(spans[k].startSec); // spans are already rounded to the file's precision
      expect(p.endSec).toBe(spans[k].endSec);
      expect(p.chord, p.label).toBe(intendedClass(p.label));
    });
  });
});

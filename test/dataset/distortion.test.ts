import { describe, expect, it } from "vitest";
import { distortSpans, isNeutralDistortion, songStream } from "../../src/dataset/distortion.js";
import { createRng } from "../../src/util/random.js";
import { span } from "./fixtures.js";

const spans = [span(0.5, 2, 0, 1), span(2, 3.5, 7, 2), span(3.5, 4, 12, 3), span(5, 8, 5, 4)];
const neutral = { jitterSec: 0, offsetSec: 0, stretch: 1 };

describe("distortSpans", () => {
  it("neutral config: equal spans, and no random draws", () => {
    const rng = createRng(1);
    expect(isNeutralDistortion(neutral)).toBe(true);
    expect(distortSpans(spans, neutral, rng)).toEqual(spans);
    expect(rng.next()).toBe(createRng(1).next());
  });

  it("offset and stretch are exact: t' = stretch·t + offset", () => {
    const out = distortSpans(spans, { jitterSec: 0, offsetSec: -0.25, stretch: 1.5 }, createRng(0));
    expect(out.map((s) => [s.startSec, s.endSec])).toEqual(spans.map((s) => [1.5 * s.startSec - 0.25, 1.5 * s.endSec - 0.25]));
    expect(out.map((s) => [s.chord, s.label, s.line])).toEqual(spans.map((s) => [s.chord, s.label, s.line]));
  });

  it("jitter: same seed → same spans; another seed → different", () => {
    const cfg = { jitterSec: 0.3, offsetSec: 0, stretch: 1 };
    const a = distortSpans(spans, cfg, createRng(7, songStream("a")));
    expect(distortSpans(spans, cfg, createRng(7, songStream("a")))).toEqual(a);
    expect(distortSpans(spans, cfg, createRng(8, songStream("a")))).not.toEqual(a);
    expect(songStream("a")).not.toBe(songStream("b"));
  });

  it("jitter moves internal boundaries only, keeps them ordered and touching spans touching", () => {
    for (let seed = 0; seed < 200; seed++) {
      const out = distortSpans(spans, { jitterSec: 2, offsetSec: 0, stretch: 1 }, createRng(seed));
      expect(out[0].startSec).toBe(0.5); // first and last boundary fixed
      expect(out[3].endSec).toBe(8);
      expect(out[0].endSec).toBe(out[1].startSec);
      expect(out[1].endSec).toBe(out[2].startSec);
      const times = out.flatMap((s) => [s.startSec, s.endSec]);
      for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
    }
  });

  it("small jitter has the planted spread (σ recovered from many draws)", () => {
    const long = Array.from({ length: 2001 }, (_, i) => span(i * 10, (i + 1) * 10, i % 24));
    const out = distortSpans(long, { jitterSec: 0.2, offsetSec: 0, stretch: 1 }, createRng(3));
    const deltas = out.slice(1).map((s, i) => s.startSec - long[i + 1].startSec);
    const mean = deltas.reduce((a, b) => a + b, 0) / deltas.length;
    const sd = Math.sqrt(deltas.reduce((a, b) => a + (b - mean) ** 2, 0) / deltas.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(sd).toBeGreaterThan(0.18);
    expect(sd).toBeLessThan(0.22);
  });
});

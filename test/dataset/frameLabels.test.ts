import { describe, expect, it } from "vitest";
import { NO_CHORD as N } from "../../src/annotations/chordClasses.js";
import { chordFrameRange, frameLabels } from "../../src/dataset/frameLabels.js";
import { span } from "./fixtures.js";

describe("frameLabels: the label at each frame centre n / frameRateHz", () => {
  const cases: { name: string; spans: ReturnType<typeof span>[]; nFrames: number; rateHz: number; want: number[] }[] = [
    {
      name: "boundaries exactly at centres go to the span that starts there; gap and tail are N",
      spans: [span(0, 0.3, 0), span(0.3, 0.5, 7), span(0.7, 1.0, 21)],
      nFrames: 12,
      rateHz: 10,
      want: [0, 0, 0, 7, 7, N, N, 21, 21, 21, N, N],
    },
    {
      name: "time before the first span is N",
      spans: [span(0.25, 0.6, 4)],
      nFrames: 8,
      rateHz: 10,
      want: [N, N, N, 4, 4, 4, N, N],
    },
    {
      name: "boundaries between centres: the span holding the centre",
      spans: [span(0, 0.149, 1), span(0.149, 0.351, 2), span(0.351, 0.5, 3)],
      nFrames: 5,
      rateHz: 10,
      want: [1, 1, 2, 2, 3],
    },
    {
      name: "a span shorter than a hop between two centres is invisible",
      spans: [span(0, 0.11, 1), span(0.11, 0.19, 2), span(0.19, 1, 3)],
      nFrames: 4,
      rateHz: 10,
      want: [1, 1, 3, 3],
    },
    {
      name: "explicit N spans map to N",
      spans: [span(0, 0.2, N), span(0.2, 0.4, 12)],
      nFrames: 4,
      rateHz: 10,
      want: [N, N, 12, 12],
    },
    {
      name: "unsorted input is sorted by start",
      spans: [span(0.2, 0.4, 12), span(0, 0.2, 5)],
      nFrames: 4,
      rateHz: 10,
      want: [5, 5, 12, 12],
    },
    {
      name: "non-integer frame rate (22050/2048): centres at n·hop/sr",
      spans: [span(0, 2048 / 22050, 0), span(2048 / 22050, 1, 1)],
      nFrames: 3,
      rateHz: 22050 / 2048,
      want: [0, 1, 1],
    },
    { name: "no spans: all N", spans: [], nFrames: 3, rateHz: 10, want: [N, N, N] },
    { name: "no frames", spans: [span(0, 1, 0)], nFrames: 0, rateHz: 10, want: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(Array.from(frameLabels(c.spans, c.nFrames, c.rateHz))).toEqual(c.want);
    });
  }

  it("agrees with a brute-force lookup on random spans", () => {
    const spans = [];
    let t = 0.05;
    for (let i = 0; i < 200; i++) {
      const len = 0.01 + ((i * 37) % 23) / 10;
      const gap = i % 7 === 0 ? 0.3 : 0;
      spans.push(span(t + gap, t + gap + len, i % 24));
      t += gap + len;
    }
    const rateHz = 22050 / 2048;
    const nFrames = Math.ceil(t * rateHz) + 5;
    const got = frameLabels(spans, nFrames, rateHz);
    for (let n = 0; n < nFrames; n++) {
      const tSec = n / rateHz;
      const hit = spans.find((s) => s.startSec <= tSec && tSec < s.endSec);
      expect(got[n]).toBe(hit ? hit.chord : N);
    }
  });
});

describe("chordFrameRange: trimming leading and trailing N", () => {
  const cases = [
    { name: "leading and trailing N removed, inner N kept", labels: [N, N, 3, N, 4, N], want: { startFrame: 2, endFrame: 5 } },
    { name: "nothing to trim", labels: [1, 2], want: { startFrame: 0, endFrame: 2 } },
    { name: "all N: empty", labels: [N, N, N], want: { startFrame: 0, endFrame: 0 } },
    { name: "empty", labels: [], want: { startFrame: 0, endFrame: 0 } },
  ];
  for (const c of cases) {
    it(c.name, () => expect(chordFrameRange(Int16Array.from(c.labels))).toEqual(c.want));
  }
});

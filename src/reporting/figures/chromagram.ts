/**
 * The chromagram of a test segment (12 pitch classes × frames, time in seconds of the original
 * audio) above two bands: the reference chords and the model's estimate, each a run of equal
 * frames drawn from its first frame's start to its last frame's end, labelled with its name in the
 * run's vocabulary (common.ts classLabel). N and X (a context run's frames outside its vocabulary)
 * are grey bands.
 */
import type { VocabularyName } from "../../annotations/vocabulary.js";
import { chordRoot, isMinor } from "../../annotations/chordClasses.js";
import {
  BASE_CONFIG, HEATMAP_SCHEME, NO_CHORD_COLOUR, PITCH_CLASSES, ROOT_COLOURS, classLabel, round,
  type LayerPanel, type UnitPanel, type VegaLiteSpec,
} from "./common.js";

/** One entry of artifacts.json → test. */
export interface TestSegmentData {
  song: string;
  segment: number;
  /** Time of frame 0 in the original audio, seconds. */
  startSec: number;
  /** [frames][12]. */
  chroma: number[][];
  /** [frames] reference class per frame in the run's vocabulary (-1 = N, -2 = X). */
  reference: number[];
  /** [frames] estimated class per frame. */
  estimate: number[];
}

export interface ChordBand {
  track: "reference" | "estimate";
  chord: string;
  root: string;
  quality: "major" | "minor" | "none";
  startSec: number;
  endSec: number;
  /** The name, or "" when the band is too narrow to carry it legibly. */
  label: string;
}

export interface ChromaCell {
  pitch: string;
  t0: number;
  t1: number;
  value: number;
}

/** Runs of equal classes; frame n covers [startSec + n/rate, startSec + (n+1)/rate). */
export function chordBands(
  labels: readonly number[],
  track: ChordBand["track"],
  opts: { startSec: number; frameRateHz: number; vocabulary: VocabularyName; minLabelFraction?: number },
): ChordBand[] {
  const bands: ChordBand[] = [];
  const t = (n: number) => opts.startSec + n / opts.frameRateHz;
  const minFrames = (opts.minLabelFraction ?? 0.025) * labels.length;
  let start = 0;
  for (let n = 1; n <= labels.length; n++) {
    if (n < labels.length && labels[n] === labels[start]) continue;
    const c = labels[start];
    const chord = classLabel(c, opts.vocabulary);
    const none = chord === "N" || chord === "X"; // no chord of the vocabulary: no root to colour
    bands.push({
      track,
      chord,
      root: none ? "N" : PITCH_CLASSES[chordRoot(c)],
      quality: none ? "none" : isMinor(c) ? "minor" : "major",
      startSec: t(start),
      endSec: t(n),
      label: n - start >= minFrames ? chord : "",
    });
    start = n;
  }
  return bands;
}

export function chromaCells(test: TestSegmentData, frameRateHz: number): ChromaCell[] {
  return test.chroma.flatMap((frame, n) => {
    if (frame.length !== 12) throw new Error(`chroma frame ${n} of ${test.song} has ${frame.length} values, expected 12`);
    const t0 = test.startSec + n / frameRateHz;
    return frame.map((value, p) => ({ pitch: PITCH_CLASSES[p], t0, t1: t0 + 1 / frameRateHz, value }));
  });
}

function timeX(domain: [number, number], title?: string) {
  return { field: "t0", type: "quantitative" as const, title, scale: { domain, nice: false, zero: false } };
}

function chromaPanel(cells: ChromaCell[], domain: [number, number]): UnitPanel {
  return {
    width: 760,
    height: 180,
    data: { values: cells },
    mark: { type: "rect", strokeWidth: 0.4, aria: false },
    encoding: {
      x: { ...timeX(domain, "time (s)"), axis: { orient: "top" } },
      x2: { field: "t1" },
      y: { field: "pitch", type: "ordinal", title: "pitch class", sort: [...PITCH_CLASSES].reverse() },
      color: { field: "value", type: "quantitative", title: "chroma", scale: { scheme: HEATMAP_SCHEME, domainMin: 0 } },
      // A hairline in the fill colour closes the anti-aliasing seams between adjacent cells.
      stroke: { field: "value", type: "quantitative", scale: { scheme: HEATMAP_SCHEME, domainMin: 0 }, legend: null },
    },
  };
}

function bandsPanel(bands: ChordBand[], domain: [number, number]): LayerPanel {
  const x = { field: "startSec", type: "quantitative" as const, title: "time (s)", scale: { domain, nice: false, zero: false } };
  const y = { field: "track", type: "nominal" as const, title: null, sort: ["reference", "estimate"] };
  const rect: UnitPanel = {
    mark: { type: "rect", stroke: "white", strokeWidth: 0.5 },
    encoding: {
      x,
      x2: { field: "endSec" },
      y,
      color: { field: "root", type: "nominal", legend: null, scale: { domain: [...PITCH_CLASSES, "N"], range: [...ROOT_COLOURS, NO_CHORD_COLOUR] } },
      opacity: { field: "quality", type: "ordinal", sort: ["major", "minor", "none"], legend: null, scale: { domain: ["major", "minor", "none"], range: [1, 0.55, 1] } },
      tooltip: [{ field: "chord" }, { field: "startSec", format: ".2f" }, { field: "endSec", format: ".2f" }],
    },
  };
  const text: UnitPanel = {
    transform: [{ calculate: "(datum.startSec + datum.endSec) / 2", as: "mid" }],
    mark: { type: "text", fontSize: 11, color: "black" },
    encoding: { x: { field: "mid", type: "quantitative" }, y, text: { field: "label" } },
  };
  return { width: 760, height: 56, data: { values: bands }, layer: [rect, text] };
}

/** `vocabulary`: the one the run's frame classes belong to (dChord: majmin). */
export function chromagramFigure(test: TestSegmentData, frameRateHz: number, vocabulary: VocabularyName): VegaLiteSpec {
  const frames = test.chroma.length;
  if (test.reference.length !== frames || test.estimate.length !== frames) {
    throw new Error(`test segment ${test.song}/${test.segment}: ${frames} chroma frames but ${test.reference.length} reference and ${test.estimate.length} estimated labels`);
  }
  const domain: [number, number] = [round(test.startSec, 6), round(test.startSec + frames / frameRateHz, 6)];
  const opts = { startSec: test.startSec, frameRateHz, vocabulary };
  return {
    config: BASE_CONFIG,
    title: `Chromagram and chords — ${test.song}, segment ${test.segment} (top band: reference, bottom: estimate)`,
    spacing: 8,
    resolve: { scale: { x: "shared" } },
    vconcat: [
      chromaPanel(chromaCells(test, frameRateHz), domain),
      bandsPanel([...chordBands(test.reference, "reference", opts), ...chordBands(test.estimate, "estimate", opts)], domain),
    ],
  };
}

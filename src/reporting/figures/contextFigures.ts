/**
 * Figures of the context network (model/context.ts), for either input (chroma or the
 * log-frequency spectrogram): what its first layer looks at, and which input pitches raise each
 * class's score.
 *
 * - First-layer filters: the first dense layer's weights W_1 [D·(2r+1)][units] read as filters
 *   over (frame offset −r…r, input pitch). Left: the L2 norm over all units per (offset, pitch),
 *   where the layer looks at all; right: the units with the largest norms, signed weights.
 * - Class saliency: saliency.json (model/context.ts classSaliency), the mean gradient of each
 *   class's logit with respect to the input window over the test frames of that class, summed over
 *   frame offsets: class (rows) × input pitch (columns), signed.
 *
 * The pitch axis is quantitative: chroma bins at 0…11 labelled C…B; log-frequency bins at their
 * centre pitch (fractional MIDI), each cell 1/B semitone wide.
 */
import { PITCH_CLASS_NAMES } from "../../annotations/chordClasses.js";
import { BASE_CONFIG, classLabelsOf, HEATMAP_SCHEME, type UnitPanel, type VegaLiteSpec } from "./common.js";

/** What the network's input bins are: 12 pitch classes, or log-frequency bins with centres (MIDI). */
export type InputAxis = { kind: "chroma" } | { kind: "logfreq"; centres: readonly number[]; binsPerSemitone: number };

export interface PitchCell {
  /** Left and right edge on the pitch axis. */
  x0: number;
  x1: number;
  value: number;
}

const DIVERGING = "blueorange";
/** Units drawn one by one in the filters figure. */
export const FILTER_UNITS = 4;

export function axisWidth(axis: InputAxis): number {
  return axis.kind === "chroma" ? 12 : axis.centres.length;
}

/** Edges of input bin d on the pitch axis. */
export function binEdges(axis: InputAxis, d: number): [number, number] {
  if (axis.kind === "chroma") return [d - 0.5, d + 0.5];
  const half = 0.5 / axis.binsPerSemitone;
  return [axis.centres[d] - half, axis.centres[d] + half];
}

/**
 * One cell per (class, input bin) of saliency.json's values [classes][D]; classes without frames
 * are left out. The rows are the vocabulary's outputs (25: majmin, 61: sevenths; N last), named
 * by their count (classLabelsOf).
 */
export function saliencyCells(
  saliency: { values: readonly (readonly number[])[]; counts: readonly number[] },
  axis: InputAxis,
): (PitchCell & { chord: string; frames: number })[] {
  const width = axisWidth(axis);
  const labels = classLabelsOf(saliency.values.length);
  return saliency.values.flatMap((row, c) => {
    if (row.length !== width) throw new Error(`saliency row ${c} has ${row.length} values, the input has ${width}`);
    if (!(saliency.counts[c] > 0)) return [];
    return row.map((value, d) => {
      const [x0, x1] = binEdges(axis, d);
      return { chord: labels[c], frames: saliency.counts[c], x0, x1, value };
    });
  });
}

/** The L2 norm of each first-layer unit's weights (column norms of W_1 [inputs][units]). */
export function unitNorms(first: readonly (readonly number[])[]): number[] {
  const units = first[0]?.length ?? 0;
  const out = new Array<number>(units).fill(0);
  for (const row of first) for (let u = 0; u < units; u++) out[u] += row[u] * row[u];
  return out.map(Math.sqrt);
}

/** The `k` units with the largest norms, largest first (the lower index on ties). */
export function strongestUnits(first: readonly (readonly number[])[], k: number): number[] {
  const norms = unitNorms(first);
  return norms
    .map((n, u) => [n, u] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, k)
    .map(([, u]) => u);
}

/**
 * Cells (frame offset, input bin) of the first layer W_1 [D·(2r+1)][units] (row o·D + d is offset
 * o − r, bin d): `unit` = that unit's weight, undefined = the L2 norm over all units.
 */
export function filterCells(first: readonly (readonly number[])[], axis: InputAxis, unit?: number): (PitchCell & { offset: number })[] {
  const width = axisWidth(axis);
  if (first.length % width !== 0 || (first.length / width) % 2 !== 1) {
    throw new Error(`the first layer has ${first.length} inputs, not (2r+1)·${width}`);
  }
  const radius = (first.length / width - 1) / 2;
  return first.map((row, i) => {
    const d = i % width;
    const [x0, x1] = binEdges(axis, d);
    const value = unit === undefined ? Math.sqrt(row.reduce((a, w) => a + w * w, 0)) : row[unit];
    return { offset: Math.floor(i / width) - radius, x0, x1, value };
  });
}

function pitchX(axis: InputAxis, title: string) {
  const x = { field: "x0", type: "quantitative" as const, title, scale: { zero: false, nice: false } };
  if (axis.kind === "chroma") {
    const names = JSON.stringify(PITCH_CLASS_NAMES);
    return { ...x, axis: { values: [...Array(12).keys()], labelExpr: `${names}[datum.value]`, labelAngle: 0 } };
  }
  // C of every octave, labelled C2, C3, … (MIDI 12·(k+1) is Ck)
  const lo = Math.ceil(axis.centres[0] / 12) * 12;
  const hi = axis.centres[axis.centres.length - 1];
  const ticks: number[] = [];
  for (let m = lo; m <= hi; m += 12) ticks.push(m);
  return { ...x, axis: { values: ticks, labelExpr: "'C' + (datum.value / 12 - 1)" } };
}

const pitchTitle = (axis: InputAxis) => (axis.kind === "chroma" ? "input pitch class" : "input pitch (log-frequency bin centre, MIDI)");

function heatmap(cells: readonly object[], axis: InputAxis, o: { title: string; y: object; signed: boolean; width: number; height: number }): UnitPanel {
  return {
    title: o.title,
    width: o.width,
    height: o.height,
    data: { values: cells as object[] },
    mark: { type: "rect", aria: false },
    encoding: {
      x: pitchX(axis, pitchTitle(axis)),
      x2: { field: "x1" },
      y: o.y,
      color: {
        field: "value",
        type: "quantitative",
        title: o.signed ? "weight" : "L2 norm",
        scale: o.signed ? { scheme: DIVERGING, domainMid: 0 } : { scheme: HEATMAP_SCHEME },
      },
    },
  } as UnitPanel;
}

/** The first-layer filters: norm over units, then the FILTER_UNITS strongest units. */
export function firstLayerFigure(first: readonly (readonly number[])[], axis: InputAxis): VegaLiteSpec {
  const width = axisWidth(axis);
  const radius = (first.length / width - 1) / 2;
  const offsets = Array.from({ length: 2 * radius + 1 }, (_, k) => k - radius);
  const y = { field: "offset", type: "ordinal", title: "frame offset", sort: offsets };
  const size = { width: axis.kind === "chroma" ? 160 : 420, height: Math.max(60, 12 * offsets.length) };
  const panels: UnitPanel[] = [heatmap(filterCells(first, axis), axis, { title: "all units (L2 norm)", y, signed: false, ...size })];
  for (const u of strongestUnits(first, FILTER_UNITS)) {
    panels.push(heatmap(filterCells(first, axis, u), axis, { title: `unit ${u}`, y, signed: true, ...size }));
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    config: BASE_CONFIG,
    columns: 1,
    concat: panels,
    resolve: { scale: { color: "independent" } },
  } as VegaLiteSpec;
}

/** Class saliency over input pitch: class × bin, signed. */
export function saliencyFigure(saliency: { values: readonly (readonly number[])[]; counts: readonly number[] }, axis: InputAxis): VegaLiteSpec {
  const cells = saliencyCells(saliency, axis);
  const present = classLabelsOf(saliency.values.length).filter((name) => cells.some((c) => c.chord === name));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    config: BASE_CONFIG,
    ...heatmap(cells, axis, {
      title: "",
      y: { field: "chord", type: "ordinal", title: "class (reference)", sort: present },
      signed: true,
      width: axis.kind === "chroma" ? 240 : 560,
      height: 12 * present.length,
    }),
    title: undefined,
  } as VegaLiteSpec;
}

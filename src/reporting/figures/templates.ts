/**
 * Figure 4.3 of the study: the learned chord templates. Top: the shared major and minor
 * 12-vectors over pitch classes C…B (bars) with the binary-triad initialisation as ticks.
 * Bottom: the full 24 × 12 template matrix as a heatmap next to the initialisation.
 */
import { CHORD_NAMES } from "../../annotations/chordClasses.js";
import { BASE_CONFIG, HEATMAP_SCHEME, PITCH_CLASSES, type LayerPanel, type UnitPanel, type VegaLiteSpec } from "./common.js";

/** weights.json (the fields the figure needs). */
export interface TemplateWeights {
  major: number[];
  minor: number[];
  /** [24][12] learned templates (rows C…B, Cm…Bm). */
  templates: number[][];
  /** [24][12] templates before training. */
  initTemplates: number[][];
}

export interface TemplateCell {
  chord: string;
  chordIndex: number;
  pitch: string;
  pitchIndex: number;
  value: number;
}

export interface VectorBar {
  pitch: string;
  pitchIndex: number;
  learned: number;
  init: number;
}

function checkMatrix(m: readonly (readonly number[])[], name: string): void {
  if (m.length !== 24 || m.some((row) => row.length !== 12)) {
    throw new Error(`weights.${name} must be 24 rows of 12 values, got ${m.length} rows`);
  }
}

export function templateCells(matrix: readonly (readonly number[])[]): TemplateCell[] {
  return matrix.flatMap((row, chordIndex) =>
    row.map((value, pitchIndex) => ({
      chord: CHORD_NAMES[chordIndex],
      chordIndex,
      pitch: PITCH_CLASSES[pitchIndex],
      pitchIndex,
      value,
    })),
  );
}

export function vectorBars(learned: readonly number[], init: readonly number[]): VectorBar[] {
  if (learned.length !== 12) throw new Error(`a template vector needs 12 values, got ${learned.length}`);
  return learned.map((value, i) => ({ pitch: PITCH_CLASSES[i], pitchIndex: i, learned: value, init: init[i] }));
}

const pitchX = { field: "pitch", type: "ordinal" as const, title: "pitch class", sort: [...PITCH_CLASSES], axis: { labelAngle: 0 } };

function vectorPanel(title: string, bars: VectorBar[]): LayerPanel {
  const bar: UnitPanel = {
    mark: { type: "bar", color: "#31688e" },
    encoding: { x: pitchX, y: { field: "learned", type: "quantitative", title: "weight" } },
  };
  const tick: UnitPanel = {
    mark: { type: "tick", color: "#e66101", thickness: 2.5 },
    encoding: { x: pitchX, y: { field: "init", type: "quantitative" } },
  };
  return { title, width: 300, height: 150, data: { values: bars }, layer: [bar, tick] };
}

function heatmapPanel(title: string, cells: TemplateCell[]): UnitPanel {
  return {
    title,
    width: 200,
    height: 360,
    data: { values: cells },
    mark: { type: "rect", aria: false },
    encoding: {
      x: pitchX,
      y: { field: "chord", type: "ordinal", title: "chord template", sort: [...CHORD_NAMES] },
      color: { field: "value", type: "quantitative", title: "weight", scale: { scheme: HEATMAP_SCHEME } },
    },
  };
}

export function templatesFigure(weights: TemplateWeights): VegaLiteSpec {
  checkMatrix(weights.templates, "templates");
  checkMatrix(weights.initTemplates, "initTemplates");
  return {
    config: BASE_CONFIG,
    title: "Chord templates (bars: learned; orange ticks: binary-triad initialisation)",
    vconcat: [
      {
        hconcat: [
          vectorPanel("major (C-rooted)", vectorBars(weights.major, weights.initTemplates[0])),
          vectorPanel("minor (C-rooted)", vectorBars(weights.minor, weights.initTemplates[12])),
        ],
      },
      {
        hconcat: [heatmapPanel("learned 24 × 12", templateCells(weights.templates)), heatmapPanel("initialisation 24 × 12", templateCells(weights.initTemplates))],
        resolve: { scale: { color: "independent" } },
      },
    ],
  };
}

/**
 * Figure 3.1 of the study: the strong target sequence of one segment (one class per frame)
 * next to its soft target (adjacent repetitions removed). Chord names on the y axis, in class
 * order (C…B, Cm…Bm, N; a sevenths run's vocabulary adds C7…Bm7 before N, and X after it) with
 * the lowest class at the bottom. The classes are named in the run's vocabulary (common.ts classLabel).
 */
import type { VocabularyName } from "../../annotations/vocabulary.js";
import { BASE_CONFIG, chordsPresent, classLabel, type UnitPanel, type LayerPanel, type VegaLiteSpec } from "./common.js";

/** artifacts.json → targetsExample. */
export interface TargetsExample {
  song: string;
  segment: number;
  /** [frames] class per frame in the run's vocabulary (-1 = N; -2 = X, outside a context run's vocabulary). */
  strong: number[];
  /** The strong sequence with adjacent repetitions removed. */
  reduced: number[];
  variants: PaddingVariant[];
}

export interface PaddingVariant {
  padding: string;
  softLength: number;
  sequence: number[];
}

export interface SequencePoint {
  position: number;
  classIndex: number;
  chord: string;
}

export function sequenceValues(sequence: readonly number[], vocabulary: VocabularyName): SequencePoint[] {
  return sequence.map((c, position) => ({ position, classIndex: c, chord: classLabel(c, vocabulary) }));
}

export interface SequencePanelOptions {
  title: string;
  xTitle: string;
  width: number;
  height?: number;
  /** y domain, bottom to top. */
  chords: string[];
}

/** One target sequence as a step line with a dot per element. */
export function sequencePanel(values: SequencePoint[], opts: SequencePanelOptions): LayerPanel {
  const x = {
    field: "position",
    type: "quantitative" as const,
    title: opts.xTitle,
    scale: { domain: [0, Math.max(1, values.length - 1)], nice: false },
    axis: { tickMinStep: 1, format: "d" },
  };
  // Point scales put the first domain value at the top: reverse so class order rises upward.
  const y = {
    field: "chord",
    type: "ordinal" as const,
    title: "chord",
    scale: { domain: [...opts.chords].reverse() },
  };
  const line: UnitPanel = {
    mark: { type: "line", interpolate: "step-after", color: "#31688e", strokeWidth: 1.5 },
    encoding: { x, y },
  };
  const dots: UnitPanel = {
    mark: { type: "point", filled: true, color: "#31688e", size: values.length > 60 ? 12 : 40 },
    encoding: { x, y },
  };
  return {
    title: opts.title,
    width: opts.width,
    height: opts.height ?? Math.max(90, 18 * opts.chords.length),
    data: { values },
    layer: [line, dots],
  };
}

/** `vocabulary`: the one the run's frame classes belong to (dChord: majmin). */
export function targetsFigure(example: TargetsExample, vocabulary: VocabularyName): VegaLiteSpec {
  const chords = chordsPresent([example.strong, example.reduced], vocabulary);
  return {
    config: BASE_CONFIG,
    title: `Strong and soft targets — ${example.song}, segment ${example.segment}`,
    resolve: { scale: { y: "shared" } },
    hconcat: [
      sequencePanel(sequenceValues(example.strong, vocabulary), {
        title: `strong (length ${example.strong.length})`,
        xTitle: "frame",
        width: 520,
        chords,
      }),
      sequencePanel(sequenceValues(example.reduced, vocabulary), {
        title: `soft, repetitions removed (length ${example.reduced.length})`,
        xTitle: "position in soft target",
        width: 220,
        chords,
      }),
    ],
  };
}

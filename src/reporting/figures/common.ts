/**
 * Shared vocabulary of the figure builders: the spec types, fonts, colour schemes and chord
 * labels. Every builder is pure: plain data in, a Vega-Lite spec out (no I/O, no rendering).
 *
 * Colour: continuous values use perceptually uniform schemes whose lightness is monotonic
 * (viridis, magma), so heatmaps stay readable when printed in greyscale.
 */
import type { TopLevelSpec, Config } from "vega-lite";
import type { Field } from "vega-lite/types_unstable/channeldef.js";
import type { LayerSpec, UnitSpecWithFrame } from "vega-lite/types_unstable/spec/index.js";
import { CHORD_NAMES, chordName, NO_CHORD, OUT_OF_VOCABULARY, PITCH_CLASS_NAMES } from "../../annotations/chordClasses.js";
import { vocabularyOf, type VocabularyName } from "../../annotations/vocabulary.js";

export type VegaLiteSpec = TopLevelSpec;
/** A single-view spec placed inside a concatenation. */
export type UnitPanel = UnitSpecWithFrame<Field>;
/** A layered spec placed inside a concatenation. */
export type LayerPanel = LayerSpec<Field>;

/** DejaVu is installed on the systems chordtrain targets; resvg and browsers both find it. */
export const FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif";

/**
 * Dense heatmaps set `aria: false` on their cell marks: a screen reader gains nothing from 2,400
 * labelled cells, and the labels would triple the SVG size. The figure as a whole is labelled in
 * the HTML.
 */
export const BASE_CONFIG: Config = {
  font: FONT_FAMILY,
  background: "white",
  // Batch row names are long ("Soft-DTW uniform 16/150"): do not cut them at vega's 180 px.
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal", grid: false, labelLimit: 280 },
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 280 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 14, anchor: "start", fontWeight: "bold" },
  concat: { spacing: 28 },
};

/** Sequential scheme for heatmaps whose low end should read as "nothing" (dark). */
export const HEATMAP_SCHEME = "viridis";
/** viridis(0): the colour of a zero cell, used as the background where zero cells are omitted. */
export const VIRIDIS_ZERO = "#440154";

/** The confusion-matrix and display order of classes: C…B, Cm…Bm, N last (index 24). */
export const CLASS_LABELS: readonly string[] = [...CHORD_NAMES, "N"];

/**
 * The confusion order of a context model's sevenths vocabulary (61 × 61): C…B, Cm…Bm, C7…B7,
 * Cmaj7…Bmaj7, Cm7…Bm7, N last (index 60).
 */
export const SEVENTHS_CLASS_LABELS: readonly string[] = [...Array.from({ length: 60 }, (_, c) => chordName(c)), "N"];

/** The class labels of a table of `size` class rows, N last (confusion matrix, saliency; 25: CLASS_LABELS; 61: SEVENTHS_CLASS_LABELS). */
export function classLabelsOf(size: number): readonly string[] {
  if (size === CLASS_LABELS.length) return CLASS_LABELS;
  if (size === SEVENTHS_CLASS_LABELS.length) return SEVENTHS_CLASS_LABELS;
  throw new Error(`a class table (confusion matrix, saliency) must have 25 rows (25 × 25: majmin) or 61 (61 × 61: sevenths), N last; got ${size} rows`);
}

/**
 * The class names of a vocabulary in display order (`majmin`: CLASS_LABELS, `sevenths`:
 * SEVENTHS_CLASS_LABELS), N last. Frame classes of a context run are its vocabulary's classes
 * (annotations/vocabulary.ts), so a figure of them must name them with that vocabulary: in
 * `sevenths` class 24 is C7, not dChord's N slot.
 */
export function vocabularyClassLabels(vocabulary: VocabularyName): readonly string[] {
  return vocabulary === "sevenths" ? SEVENTHS_CLASS_LABELS : CLASS_LABELS;
}

/**
 * Display position of a class in `vocabulary`: its chords 0 … chords − 1 (C…B, Cm…Bm, and in
 * `sevenths` C7…B7, Cmaj7…Bmaj7, Cm7…Bm7), then N (NO_CHORD, or the output index of N: 24 in
 * `majmin`, 60 in `sevenths`), then X (OUT_OF_VOCABULARY: a context run's frames whose chord the
 * vocabulary cannot name).
 */
export function classOrder(c: number, vocabulary: VocabularyName): number {
  const chords = vocabularyOf(vocabulary).chords;
  if (c === NO_CHORD || c === chords) return chords;
  if (c === OUT_OF_VOCABULARY) return chords + 1;
  if (!Number.isInteger(c) || c < 0 || c > chords) {
    throw new Error(`chord class out of range for the ${vocabulary} vocabulary (0..${chords - 1}, N = ${chords} or -1, X = -2): ${c}`);
  }
  return c;
}

/** Display name of a class in `vocabulary` (classOrder): chordName of a chord, "N", "X". */
export function classLabel(c: number, vocabulary: VocabularyName): string {
  const i = classOrder(c, vocabulary);
  return i === vocabularyOf(vocabulary).chords + 1 ? "X" : vocabularyClassLabels(vocabulary)[i];
}

/** The chord names occurring in `sequences`, in display order (classOrder: chords, N, X). */
export function chordsPresent(sequences: readonly (readonly number[])[], vocabulary: VocabularyName): string[] {
  const present = new Map<number, string>();
  for (const seq of sequences) for (const c of seq) present.set(classOrder(c, vocabulary), classLabel(c, vocabulary));
  return [...present.entries()].sort((a, b) => a[0] - b[0]).map(([, name]) => name);
}

export const PITCH_CLASSES: readonly string[] = PITCH_CLASS_NAMES;

/**
 * Categorical colours for chord roots (ColorBrewer Set3, light enough for black text) and grey
 * for N. Minor chords use the same hue at lower opacity; the chord name is always written on
 * the band, so greyscale prints stay readable.
 */
export const ROOT_COLOURS: readonly string[] = [
  "#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462",
  "#b3de69", "#fccde5", "#bc80bd", "#ccebc5", "#ffed6f", "#d9b38c",
];
export const NO_CHORD_COLOUR = "#d9d9d9";

/**
 * Categorical colours for batch rows (Tableau 10). A sequential scheme such as viridis keeps
 * greyscale order but makes neighbouring rows of a six-row batch indistinguishable on screen;
 * lines are also told apart by the legend order and by their panel (one per loss).
 */
export const ROW_SCHEME = "tableau10";

const PADDING_ORDER = ["uniform", "last", "none"];

/** The study's order of padding strategies: uniform, then last-element, then none. */
export function paddingRank(padding: string): number {
  const i = PADDING_ORDER.indexOf(padding);
  return i < 0 ? PADDING_ORDER.length : i;
}

/** Round for display inside specs (tooltips/labels); data values themselves stay exact. */
export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A finite number or null (Vega-Lite treats null as missing and breaks lines there). */
export function finiteOrNull(x: number | undefined): number | null {
  return x !== undefined && Number.isFinite(x) ? x : null;
}

/**
 * Figure 4.2 of the study: the reduced soft target padded to each soft length with each
 * padding strategy, side by side (columns: padding; rows: soft length).
 */
import type { VocabularyName } from "../../annotations/vocabulary.js";
import { BASE_CONFIG, chordsPresent, paddingRank, type VegaLiteSpec } from "./common.js";
import { sequencePanel, sequenceValues, type TargetsExample, type PaddingVariant } from "./targets.js";

/** Variants ordered by soft length, then uniform before last (the study's (a)–(d)). */
export function orderVariants(variants: readonly PaddingVariant[]): PaddingVariant[] {
  return [...variants].sort(
    (a, b) => a.softLength - b.softLength || paddingRank(a.padding) - paddingRank(b.padding),
  );
}

/** `vocabulary`: the one the run's frame classes belong to (dChord: majmin). */
export function paddingFigure(example: TargetsExample, vocabulary: VocabularyName): VegaLiteSpec {
  const variants = orderVariants(example.variants);
  if (variants.length === 0) throw new Error("targetsExample.variants is empty");
  const chords = chordsPresent(variants.map((v) => v.sequence), vocabulary);
  const paddings = new Set(variants.map((v) => v.padding));
  return {
    config: BASE_CONFIG,
    title: `Padded soft targets (reduced length ${example.reduced.length}) — ${example.song}, segment ${example.segment}`,
    columns: Math.max(1, Math.min(paddings.size, 3)),
    resolve: { scale: { y: "shared" } },
    concat: variants.map((v) =>
      sequencePanel(sequenceValues(v.sequence, vocabulary), {
        title: `${v.padding} padding, soft length ${v.softLength}`,
        xTitle: "position in soft target",
        width: 340,
        chords,
      }),
    ),
  };
}

/**
 * Frame-wise chord estimates of a trained model: argmax over the 24 chord outputs. A CTC model's
 * blank (output 24) is ignored — dChord has no no-chord class, so every frame gets a chord, as
 * in the study; the blank only serves the CTC alignment during training.
 *
 * A trained model answers through a `ChordScorer` on the engine it was trained with
 * (`training.engine`): "js" runs the float64 forward pass of jsForward.ts, "tfjs" the tfjs op of
 * forward.ts (float32). The run's own test predictions and `chordtrain predict` use the same
 * scorer, so they give the same classes for the same chroma.
 */
import { tf } from "../util/tfjs.js";
import { NO_CHORD, NUM_CHORDS } from "../annotations/chordClasses.js";
import type { Segment } from "../dataset/types.js";
import type { ModelConfig, TrainingConfig } from "../config/schema.js";
import { createDChord, vectorFromWeights, type DChord, type TrainedParameters } from "./dchord.js";
import { createForwardCache, jsForward, jsLayout } from "./jsForward.js";

/** How a model computes: the name of `training.engine`. */
export type EngineName = TrainingConfig["engine"];

/** A trained model for inference. */
export interface ChordScorer {
  readonly engine: EngineName;
  /** 24, or 25 with the CTC blank (dChord); the context model: its vocabulary's classes (25 or 61, N last), one more with the blank. */
  readonly outputs: number;
  /** The output index of a no-chord class N, the last class (the context model: 24 or 60); absent: the model has none (dChord). */
  readonly noChordOutput?: number;
  /**
   * Values per input frame when the model's input is not the chroma (a context network on the
   * log-frequency spectrogram: Segment.input); absent: the chroma, 12.
   */
  readonly inputWidth?: number;
  /** [frames][outputs] logits of `chroma` [frames][12], or of the input [frames][inputWidth] (any number of segments laid end to end). */
  logits(chroma: Float32Array): Float32Array | Float64Array;
  dispose(): void;
}

/** The scorer of `engine` holding trained `weights` (e.g. read from a model file). */
export function createScorer(engine: EngineName, config: ModelConfig, weights: TrainedParameters): ChordScorer {
  if (engine === "tfjs") return tfjsScorer(dchordFromWeights(config, weights));
  return jsScorer(config, weights);
}

/** dChord's float64 forward pass (jsForward.ts) at fixed weights: no tfjs. */
export function jsScorer(config: ModelConfig, weights: TrainedParameters): ChordScorer {
  const layout = jsLayout({ sharedTemplates: config.sharedTemplates, withBlank: weights.blank !== undefined });
  const params = vectorFromWeights(weights, config.sharedTemplates);
  const cache = createForwardCache();
  return {
    engine: "js",
    outputs: layout.outputs,
    logits(chroma) {
      const frames = chroma.length / 12;
      const out = new Float64Array(frames * layout.outputs);
      return jsForward({ params, layout, temperature: config.temperature, chroma, frames, out, cache });
    },
    dispose: () => undefined,
  };
}

/** A tfjs dChord as a scorer; dispose() disposes the model. */
export function tfjsScorer(model: DChord): ChordScorer {
  return {
    engine: "tfjs",
    outputs: model.outputs,
    logits(chroma) {
      const frames = chroma.length / 12;
      if (frames === 0) return new Float32Array(0);
      const logits = tf.tidy(() => model.logits(tf.tensor3d(chroma, [1, frames, 12])));
      const out = logits.dataSync() as Float32Array;
      logits.dispose();
      return Float32Array.from(out);
    },
    dispose: () => model.dispose(),
  };
}

/**
 * Per frame, the class with the largest value (the lowest one on ties, as numpy's argmax) among
 * the first `classes` of each row of `stride` values (default: rows of exactly `classes`).
 */
export function argmaxPath(values: ArrayLike<number>, classes: number, stride = classes): Int16Array {
  const frames = values.length / stride;
  const path = new Int16Array(frames);
  for (let n = 0; n < frames; n++) {
    const at = n * stride;
    let best = 0;
    for (let k = 1; k < classes; k++) if (values[at + k] > values[at + best]) best = k;
    path[n] = best;
  }
  return path;
}

/** The outputs that are classes (chords, and N when the model has it), before any CTC blank. */
export function chordClasses(scorer: Pick<ChordScorer, "noChordOutput">): number {
  return scorer.noChordOutput !== undefined ? scorer.noChordOutput + 1 : NUM_CHORDS;
}

/**
 * One Int16Array of classes 0..23 (0..59 from a sevenths context model; NO_CHORD from a model with
 * an N class) per segment;
 * segments of equal length share one forward pass.
 */
export function predictClasses(scorer: ChordScorer, segments: readonly Pick<Segment, "chroma" | "input">[]): Int16Array[] {
  const out: Int16Array[] = new Array(segments.length);
  const byLength = new Map<number, number[]>();
  const width = scorer.inputWidth ?? 12;
  const inputOf = (s: Pick<Segment, "chroma" | "input">): Float32Array => {
    if (scorer.inputWidth === undefined) return s.chroma;
    if (!s.input) throw new Error("predictClasses: the model reads a log-frequency input the segment does not have");
    return s.input;
  };
  segments.forEach((s, i) => {
    const frames = inputOf(s).length / width;
    byLength.set(frames, [...(byLength.get(frames) ?? []), i]);
  });
  for (const [frames, indices] of byLength) {
    const data = new Float32Array(indices.length * frames * width);
    indices.forEach((i, k) => data.set(inputOf(segments[i]), k * frames * width));
    const classes = argmaxPath(scorer.logits(data), chordClasses(scorer), scorer.outputs);
    if (scorer.noChordOutput !== undefined) classes.forEach((c, n) => (classes[n] = c === scorer.noChordOutput ? NO_CHORD : c));
    indices.forEach((i, k) => (out[i] = classes.slice(k * frames, (k + 1) * frames)));
  }
  return out;
}

/** A dChord holding trained `weights` (e.g. read from a model file), for inference. */
export function dchordFromWeights(config: ModelConfig, weights: TrainedParameters): DChord {
  // The seed only shapes the initial templates, which restore() overwrites.
  const model = createDChord(config, { seed: 0, withBlank: weights.blank !== undefined });
  model.restore(weights);
  return model;
}

/**
 * [frames][24] chord scores (the logits, temperature applied) of one whole chromagram, one forward
 * pass ([frames][25] with the N class of a model that has one). A CTC model's blank is dropped,
 * as in predictClasses.
 */
export function chordLogits(scorer: ChordScorer, chroma: Float32Array /* [frames][12] or [frames][inputWidth] */): Float32Array | Float64Array {
  const logits = scorer.logits(chroma);
  const classes = chordClasses(scorer);
  if (scorer.outputs === classes) return logits;
  const frames = chroma.length / (scorer.inputWidth ?? 12);
  const out = logits instanceof Float64Array ? new Float64Array(frames * classes) : new Float32Array(frames * classes);
  for (let f = 0; f < frames; f++) out.set(logits.subarray(f * scorer.outputs, f * scorer.outputs + classes), f * classes);
  return out;
}

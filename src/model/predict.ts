/**
 * Frame-wise chord estimates of a trained model: argmax over the 24 chord outputs. A CTC model's
 * blank (output 24) is ignored — dChord has no no-chord class, so every frame gets a chord, as
 * in the study; the blank only serves the CTC alignment during training.
 */
import { tf } from "../util/tfjs.js";
import { NUM_CHORDS } from "../annotations/chordClasses.js";
import type { Segment } from "../dataset/types.js";
import type { ModelConfig } from "../config/schema.js";
import { createDChord, type DChord, type TrainedParameters } from "./dchord.js";

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

/** One Int16Array of classes 0..23 per segment; segments of equal length share one forward pass. */
export function predictClasses(model: DChord, segments: readonly Pick<Segment, "chroma">[]): Int16Array[] {
  const out: Int16Array[] = new Array(segments.length);
  const byLength = new Map<number, number[]>();
  segments.forEach((s, i) => {
    const frames = s.chroma.length / 12;
    byLength.set(frames, [...(byLength.get(frames) ?? []), i]);
  });
  for (const [frames, indices] of byLength) {
    const data = new Float32Array(indices.length * frames * 12);
    indices.forEach((i, k) => data.set(segments[i].chroma, k * frames * 12));
    const classes = tf.tidy(() => {
      const logits = model.logits(tf.tensor3d(data, [indices.length, frames, 12]));
      return tf.argMax(tf.slice(logits, [0, 0, 0], [-1, -1, NUM_CHORDS]), 2);
    });
    const flat = classes.dataSync();
    classes.dispose();
    indices.forEach((i, k) => (out[i] = Int16Array.from(flat.subarray(k * frames, (k + 1) * frames))));
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
 * pass. A CTC model's blank (output 24) is dropped, as in predictClasses.
 */
export function chordLogits(model: DChord, chroma: Float32Array /* [frames][12] */): Float32Array {
  const frames = chroma.length / 12;
  if (frames === 0) return new Float32Array(0);
  const scores = tf.tidy(() => {
    const logits = model.logits(tf.tensor3d(chroma, [1, frames, 12]));
    return tf.slice(logits, [0, 0, 0], [-1, -1, NUM_CHORDS]);
  });
  const out = scores.dataSync() as Float32Array;
  scores.dispose();
  return Float32Array.from(out);
}

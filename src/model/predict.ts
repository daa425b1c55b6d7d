/**
 * Frame-wise chord estimates of a trained model: argmax over the 24 chord outputs. A CTC model's
 * blank (output 24) is ignored — dChord has no no-chord class, so every frame gets a chord, as
 * in the study; the blank only serves the CTC alignment during training.
 */
import { tf } from "../util/tfjs.js";
import { NUM_CHORDS } from "../annotations/chordClasses.js";
import type { Segment } from "../dataset/types.js";
import type { DChord } from "./dchord.js";

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

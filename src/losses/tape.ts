/** Internal helper of the tfjs ops (not exported from the package). */
import { tf } from "../util/tfjs.js";

/**
 * Whether a gradient tape (tf.grad, tf.variableGrads, …) is recording. A custom op run outside
 * one (e.g. a validation pass) can never be asked for its gradient, so it may skip the backward
 * pass; the ops still compute it on demand should their gradFunc be called anyway.
 */
export function recordingGradients(): boolean {
  return tf.engine().state.gradientDepth > 0;
}

import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/util/tfjs.js";

/** Tests run on the same backend as the default config: wasm. */
export async function useWasmBackend(): Promise<void> {
  await initBackend("wasm");
}

/** A tfjs loss of a [B, T, C] tensor and its gradient, at `data` of that shape, read back (float32). */
export function tfValueAndGrad(loss: (x: tf.Tensor3D) => tf.Scalar, data: Float32Array, shape: [number, number, number]): { value: number; grad: Float32Array } {
  return tf.tidy(() => {
    const { value, grad } = tf.valueAndGrad((p: tf.Tensor) => loss(p as tf.Tensor3D))(tf.tensor3d(data, shape));
    return { value: value.dataSync()[0], grad: grad.dataSync() as Float32Array };
  });
}

/**
 * The loss of a [B, T, C] variable that starts at `data`, before and after `steps` steps of
 * `optimizer` minimising it (the optimizer and the variable are disposed of afterwards).
 */
export function lossBeforeAndAfter(
  loss: (x: tf.Tensor3D) => tf.Scalar,
  data: Float32Array,
  shape: [number, number, number],
  optimizer: tf.Optimizer,
  steps: number,
): { first: number; last: number } {
  const v = tf.variable(tf.tensor3d(data, shape));
  const value = (): tf.Scalar => loss(v as tf.Tensor3D);
  const first = tf.tidy(() => value().dataSync()[0]);
  for (let k = 0; k < steps; k++) {
    tf.tidy(() => {
      optimizer.minimize(value);
    });
  }
  const last = tf.tidy(() => value().dataSync()[0]);
  optimizer.dispose();
  v.dispose();
  return { first, last };
}

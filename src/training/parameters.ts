/**
 * The model's variables as one flat vector (in `model.variables` order), for the JS Adam: one
 * read-back of loss and gradients per step, one upload per variable after the update.
 */
import { tf } from "../util/tfjs.js";

export interface ParameterVector {
  /** Current values, float32-representable. */
  readonly values: Float64Array;
  /** Uploads `values` into the variables. */
  write(): void;
}

export function parameterVector(variables: readonly tf.Variable[]): ParameterVector {
  const size = variables.reduce((n, v) => n + v.size, 0);
  const values = new Float64Array(size);
  let offset = 0;
  for (const v of variables) {
    values.set(v.dataSync(), offset);
    offset += v.size;
  }
  return {
    values,
    write() {
      tf.tidy(() => {
        let at = 0;
        for (const v of variables) {
          v.assign(tf.tensor(new Float32Array(values.subarray(at, at + v.size)), v.shape, "float32"));
          at += v.size;
        }
      });
    },
  };
}

/**
 * [1 + P]: the loss value followed by ∂loss/∂variables, flattened in `variables` order (zeros for
 * a variable the loss does not depend on). Call inside tf.tidy.
 */
export function lossAndGradients(loss: () => tf.Scalar, variables: readonly tf.Variable[]): tf.Tensor1D {
  const { value, grads } = tf.variableGrads(loss, variables as tf.Variable[]);
  const parts = variables.map((v) => (grads[v.name] ?? tf.zerosLike(v)).reshape([-1]));
  return tf.concat([value.reshape([1]), ...parts]) as tf.Tensor1D;
}

/**
 * gradients() of the tfjs engines: `compute` (in a tf.tidy; it returns lossAndGradients' [1 + P])
 * read back in one go, as the loss value and the flat gradient.
 */
export function readLossAndGradients(compute: () => tf.Tensor1D): { value: number; grads: Float32Array } {
  const out = tf.tidy(compute);
  const values = out.dataSync() as Float32Array;
  out.dispose();
  return { value: values[0], grads: values.subarray(1) };
}

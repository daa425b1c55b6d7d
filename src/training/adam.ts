/**
 * Adam (Kingma & Ba 2015, Alg. 1) on one flat parameter vector, in JS.
 *
 * dChord has 25 parameters; tfjs' optimizer would spend ~15 wasm kernel launches per variable and
 * step on them, while this loop costs microseconds after the one gradient read-back the training
 * step needs anyway (for the loss value). Moments are float64; parameters are rounded to float32
 * after every update (Math.fround), so the tfjs variables hold exactly the optimizer's state and
 * a run is reproducible bit for bit. ε is added to √v̂ as in the paper, PyTorch and tfjs.
 */
import type { TrainingConfig } from "../config/schema.js";

export type AdamConfig = Pick<TrainingConfig, "learningRate" | "beta1" | "beta2" | "epsilon">;

export interface Adam {
  /** Number of updates done. */
  readonly steps: number;
  /** Applies one update to `params` in place (float32-rounded values). */
  update(params: Float64Array, grads: ArrayLike<number>): void;
}

export function createAdam(size: number, cfg: AdamConfig): Adam {
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  let t = 0;
  return {
    get steps() {
      return t;
    },
    update(params, grads) {
      if (params.length !== size || grads.length !== size) {
        throw new Error(`Adam was made for ${size} parameters, got ${params.length} values and ${grads.length} gradients`);
      }
      t++;
      const { learningRate, beta1, beta2, epsilon } = cfg;
      const correction1 = 1 - beta1 ** t;
      const correction2 = 1 - beta2 ** t;
      for (let i = 0; i < size; i++) {
        const g = grads[i];
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        const step = (learningRate * (m[i] / correction1)) / (Math.sqrt(v[i] / correction2) + epsilon);
        params[i] = Math.fround(params[i] - step);
      }
    },
  };
}

/**
 * The label-proportion term of soft-DTW (`proportionWeight` λ; the loss config's
 * `loss.proportionWeight`): Mann & McCallum's expectation regularisation, per item as in learning
 * from label proportions, with the proportions a chord sequence implies. Per item
 *
 *     λ·KL(π ‖ p̄),   π(k) = mean over the target's runs of Σ (a run = consecutive identical rows,
 *                            counted once): for one-hot rows, the share of class k among the
 *                            sequence's elements — each chord of the weak label given equal time,
 *                            the one thing about durations it does not say;
 *                    p̄(k) = (1/T)·Σ_t x_t(k), the mean prediction over the item's T frames
 *                            (x: probabilities, each row on the simplex, as the softmax gives them),
 *
 * with ∂/∂x_t(k) = −λ·π(k)/(T·p̄(k)) (0 where π(k) = 0). Merging runs makes π independent of the
 * padding: a sequence padded uniformly, by repeating its last element or not at all gives the same π.
 * Where π(k) > 0, p̄(k) is floored at PROPORTION_FLOOR (value and gradient alike), so a class the
 * model never predicts gives a large finite term instead of +∞.
 */
import type { SequenceView } from "./sequences.js";

/** Floor of p̄(k) in the label-proportion term (a class never predicted: finite value and gradient). */
export const PROPORTION_FLOOR = 1e-12;

/**
 * π of a target sequence [length][K] into out[0 … K): the mean of its rows with each run of
 * identical consecutive rows counted once. All zeros for an empty sequence.
 */
export function sequenceShares(y: SequenceView, K: number, out: Float64Array): Float64Array {
  out.fill(0, 0, K);
  const { data, offset, length } = y;
  let runs = 0;
  for (let i = 0; i < length; i++) {
    const at = offset + i * K;
    if (i > 0 && sameRow(data, at - K, at, K)) continue;
    for (let k = 0; k < K; k++) out[k] += data[at + k];
    runs++;
  }
  if (runs > 0) for (let k = 0; k < K; k++) out[k] /= runs;
  return out;
}

function sameRow(data: Float64Array, a: number, b: number, K: number): boolean {
  for (let k = 0; k < K; k++) if (data[a + k] !== data[b + k]) return false;
  return true;
}

/**
 * λ·KL(π ‖ p̄) of one item's predictions x[offset …] ([T][K]) against the shares π ([K], from
 * sequenceShares); adds scale·∂/∂x into grad[gradOffset …] when given. `pbar` is scratch of ≥ K.
 */
export function proportionOfPredictions(
  x: Float64Array,
  offset: number,
  T: number,
  K: number,
  pi: Float64Array,
  lambda: number,
  pbar: Float64Array,
  grad: Float64Array | null,
  gradOffset: number,
  scale: number,
): number {
  if (lambda === 0 || T === 0) return 0;
  pbar.fill(0, 0, K);
  for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) pbar[k] += x[offset + t * K + k];
  let kl = 0;
  for (let k = 0; k < K; k++) {
    pbar[k] = Math.max(pbar[k] / T, PROPORTION_FLOOR);
    if (pi[k] > 0) kl += pi[k] * (Math.log(pi[k]) - Math.log(pbar[k]));
  }
  if (grad !== null) {
    for (let k = 0; k < K; k++) {
      if (!(pi[k] > 0)) continue;
      const g = (-scale * lambda * pi[k]) / (T * pbar[k]);
      for (let t = 0; t < T; t++) grad[gradOffset + t * K + k] += g;
    }
  }
  return lambda * kl;
}

/**
 * Frame posteriors → one chord class per frame (pure, float64).
 *
 * - `logPosteriors`: log-softmax of the model's 24 chord scores per frame.
 * - `argmaxPath`: the frame-wise decision (lowest class on ties, as numpy's argmax).
 * - `viterbiUniform`: the most likely state sequence of an HMM whose transition matrix is uniform
 *   (self-transition p, every other (1 − p)/(K − 1)), with a uniform initial distribution and the
 *   frame posteriors as emissions, in log space (FMP textbook §5.3.3; libfmp.c5
 *   `uniform_transition_matrix` + `viterbi_log_likelihood`). With such a matrix the best
 *   predecessor of state i is either i itself or the best state overall (or the second best when
 *   i is the best), so a step costs O(K) instead of O(K²).
 * - `medianPosteriors`: each class's posterior median-filtered over time (window n, shrunk at the
 *   edges), then argmax — a median of the class *indices* would mean nothing.
 */

/** [frames][K] log-softmax of scores [frames][K]. */
export function logPosteriors(scores: ArrayLike<number>, classes: number): Float64Array {
  const out = new Float64Array(scores.length);
  for (let base = 0; base < scores.length; base += classes) {
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, scores[base + k]);
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += Math.exp(scores[base + k] - max);
    const logZ = max + Math.log(sum);
    for (let k = 0; k < classes; k++) out[base + k] = scores[base + k] - logZ;
  }
  return out;
}

export { argmaxPath } from "../model/predict.js";

/**
 * Viterbi path for log emissions [frames][K] under the uniform transition matrix with
 * self-transition `selfProb`; ties go to the lowest predecessor / final state.
 */
export function viterbiUniform(logEmissions: ArrayLike<number>, classes: number, selfProb: number): Int16Array {
  const frames = logEmissions.length / classes;
  const path = new Int16Array(frames);
  if (frames === 0) return path;
  const logSelf = Math.log(selfProb);
  const logOther = Math.log((1 - selfProb) / (classes - 1));
  const backPointer = new Int16Array(frames * classes);
  let prev = new Float64Array(classes);
  let next = new Float64Array(classes);
  for (let k = 0; k < classes; k++) prev[k] = -Math.log(classes) + logEmissions[k];
  for (let n = 1; n < frames; n++) {
    const [first, second] = bestTwo(prev);
    for (let i = 0; i < classes; i++) {
      const other = i === first ? second : first; // the best predecessor other than i itself
      const stay = prev[i] + logSelf;
      const move = prev[other] + logOther;
      const from = stay > move || (stay === move && i < other) ? i : other;
      backPointer[n * classes + i] = from;
      next[i] = (from === i ? stay : move) + logEmissions[n * classes + i];
    }
    [prev, next] = [next, prev];
  }
  path[frames - 1] = bestTwo(prev)[0];
  for (let n = frames - 1; n > 0; n--) path[n - 1] = backPointer[n * classes + path[n]];
  return path;
}

/** Indices of the largest and second largest values (lowest index on ties). */
function bestTwo(v: Float64Array): [number, number] {
  let first = 0;
  let second = -1;
  for (let k = 1; k < v.length; k++) {
    if (v[k] > v[first]) [first, second] = [k, first];
    else if (second < 0 || v[k] > v[second]) second = k;
  }
  return [first, second < 0 ? first : second];
}

/** [frames][K]: each column median-filtered over a centred window of `length` frames. */
export function medianPosteriors(values: ArrayLike<number>, classes: number, length: number): Float64Array {
  const frames = values.length / classes;
  const half = Math.floor(length / 2);
  const out = new Float64Array(values.length);
  const window: number[] = [];
  for (let k = 0; k < classes; k++) {
    for (let n = 0; n < frames; n++) {
      window.length = 0;
      for (let m = Math.max(0, n - half); m <= Math.min(frames - 1, n + half); m++) window.push(values[m * classes + k]);
      window.sort((a, b) => a - b);
      const mid = window.length >> 1;
      out[n * classes + k] = window.length % 2 === 1 ? window[mid] : 0.5 * (window[mid - 1] + window[mid]);
    }
  }
  return out;
}

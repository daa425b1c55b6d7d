/**
 * chordtrain's losses: soft-DTW (value, gradient, band, step weights, normalisation, divergence),
 * hard DTW paths, CTC, and tfjs ops built on them. Everything runs in float64 on typed arrays and
 * is checked against brute-force enumeration, naive implementations, finite differences and
 * published reference values (test/losses/).
 */
export { softDtw, softDtwValue } from "./softDtw.js";
export { softDtwDivergence } from "./divergence.js";
export { dtwPath, type DtwPathOptions, type DtwPathResult } from "./dtwPath.js";
export { ctcLoss, ctcMinimumFrames } from "./ctc.js";
export { tfSoftDtwLoss } from "./tfSoftDtw.js";
export { tfCtcLoss } from "./tfCtc.js";
export { bandIntervals, type BandIntervals } from "./band.js";
export { createLossWorkspace, LossWorkspace } from "./workspace.js";
export type { DenseMatrix, Matrix } from "./matrix.js";
export type {
  CtcOptions,
  GradientOutput,
  LossReduction,
  LossResult,
  SoftDtwDivergenceOptions,
  SoftDtwNormalization,
  SoftDtwOptions,
  TfCtcLossOptions,
  TfSoftDtwLossOptions,
} from "./types.js";

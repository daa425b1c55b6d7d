/**
 * Turn user options into fully checked internal objects (one-line RangeError/TypeError naming the
 * offending value), so the kernels never see unchecked input.
 */
import type { CtcOptions, SoftDtwNormalization, SoftDtwOptions } from "./types.js";
import { describe, isPositiveInt } from "./matrix.js";
import { defaultWorkspace, LossWorkspace } from "./workspace.js";

/** Default `maxCells`: 2^24 band cells (384 MB of soft-argmin weights). */
export const DEFAULT_MAX_CELLS = 2 ** 24;

const NORMALIZATIONS: readonly SoftDtwNormalization[] = ["none", "n", "m", "n+m"];

export interface CheckedSoftDtwOptions {
  gamma: number;
  band: number | undefined;
  normalize: SoftDtwNormalization;
  wv: number;
  wh: number;
  wd: number;
  maxCells: number;
  workspace: LossWorkspace;
}

const SOFT_DTW_KEYS = ["gamma", "band", "normalize", "stepWeights", "maxCells", "workspace"] as const;
const CTC_KEYS = ["blank", "zeroInfinity", "priorScale", "classWeights", "proportionWeight", "workspace"] as const;

/**
 * @param extraKeys option names the caller handles itself (e.g. the tfjs op's `reduction`); any
 *   other unknown key is an error, so a misspelt option (`normalise`) is not silently ignored.
 */
export function checkSoftDtwOptions(options: SoftDtwOptions, who: string, extraKeys: readonly string[] = []): CheckedSoftDtwOptions {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`${who}: options must be an object with at least { gamma }, got ${describe(options)}`);
  }
  checkKeys(options, [...SOFT_DTW_KEYS, ...extraKeys], who);
  const { gamma, band, normalize = "none", stepWeights = [1, 1, 1], maxCells = DEFAULT_MAX_CELLS } = options;
  if (typeof gamma !== "number" || !(gamma > 0) || gamma === Infinity) {
    throw new RangeError(`${who}: gamma must be a positive finite number, got ${describe(gamma)}`);
  }
  if (band !== undefined && (typeof band !== "number" || !(band >= 0))) {
    throw new RangeError(`${who}: band must be a number ≥ 0 (|i/M − j/N| ≤ band), got ${describe(band)}`);
  }
  if (!NORMALIZATIONS.includes(normalize)) {
    throw new RangeError(`${who}: normalize must be one of ${NORMALIZATIONS.join(", ")}, got ${describe(normalize)}`);
  }
  if (
    !Array.isArray(stepWeights) ||
    stepWeights.length !== 3 ||
    !stepWeights.every((w) => typeof w === "number" && w >= 0 && w !== Infinity)
  ) {
    throw new RangeError(
      `${who}: stepWeights must be [w_vertical, w_horizontal, w_diagonal], three finite numbers ≥ 0, got ${JSON.stringify(stepWeights)}`,
    );
  }
  if (!isPositiveInt(maxCells)) throw new RangeError(`${who}: maxCells must be a positive integer, got ${describe(maxCells)}`);
  return {
    gamma,
    band,
    normalize,
    wv: stepWeights[0],
    wh: stepWeights[1],
    wd: stepWeights[2],
    maxCells,
    workspace: checkWorkspace(options.workspace, who),
  };
}

/** The divisor of `normalize` for an M × N problem (M rows = targets, N columns = frames). */
export function normalizationFactor(normalize: SoftDtwNormalization, rows: number, cols: number): number {
  switch (normalize) {
    case "none":
      return 1;
    case "n":
      return cols;
    case "m":
      return rows;
    case "n+m":
      return rows + cols;
  }
}

export interface CheckedCtcOptions {
  blank: number;
  zeroInfinity: boolean;
  /** Label-prior scale α (0 = plain CTC). */
  priorScale: number;
  /** [C] emission weights (CtcOptions.classWeights), or null for all 1. */
  classWeights: Float64Array | null;
  /** Label-proportion term λ (0 = none). */
  proportionWeight: number;
  workspace: LossWorkspace;
}

export function checkCtcOptions(options: CtcOptions, classes: number, who: string, extraKeys: readonly string[] = []): CheckedCtcOptions {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`${who}: options must be an object with at least { blank }, got ${describe(options)}`);
  }
  checkKeys(options, [...CTC_KEYS, ...extraKeys], who);
  const { blank, zeroInfinity = false } = options;
  if (typeof blank !== "number" || !Number.isInteger(blank) || blank < 0 || blank >= classes) {
    throw new RangeError(`${who}: blank must be an integer class index in [0, ${classes}), got ${describe(blank)}`);
  }
  if (typeof zeroInfinity !== "boolean") throw new TypeError(`${who}: zeroInfinity must be a boolean, got ${describe(zeroInfinity)}`);
  const { priorScale = 0 } = options;
  if (typeof priorScale !== "number" || !(priorScale >= 0) || priorScale === Infinity) {
    throw new RangeError(`${who}: priorScale must be a finite number ≥ 0, got ${describe(priorScale)}`);
  }
  const { classWeights, proportionWeight = 0 } = options;
  if (classWeights !== undefined && (!Array.isArray(classWeights) || classWeights.length !== classes || !classWeights.every((w) => typeof w === "number" && w > 0 && w !== Infinity))) {
    throw new RangeError(`${who}: classWeights must be ${classes} finite numbers > 0 (one per class, blank included), got ${describe(classWeights)}`);
  }
  if (typeof proportionWeight !== "number" || !(proportionWeight >= 0) || proportionWeight === Infinity) {
    throw new RangeError(`${who}: proportionWeight must be a finite number ≥ 0, got ${describe(proportionWeight)}`);
  }
  const weights = classWeights === undefined ? null : Float64Array.from(classWeights);
  return { blank, zeroInfinity, priorScale, classWeights: weights, proportionWeight, workspace: checkWorkspace(options.workspace, who) };
}

function checkKeys(options: object, allowed: readonly string[], who: string): void {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new TypeError(`${who}: unknown option "${key}" (expected one of ${allowed.join(", ")})`);
  }
}

function checkWorkspace(workspace: unknown, who: string): LossWorkspace {
  if (workspace === undefined) return defaultWorkspace();
  if (!(workspace instanceof LossWorkspace)) {
    throw new TypeError(`${who}: workspace must come from createLossWorkspace(), got ${describe(workspace)}`);
  }
  return workspace;
}

/**
 * Which frames get no-chord (N). dChord has no N class: every frame it sees gets one of the 24
 * chords. `predict` therefore decides N from the signal before the model: a frame is N when
 * - its level is more than `silenceDb` below the loudest frame of the file (features/energy.ts),
 *   unless silenceDb is null; or
 * - its chroma was below the normalisation floor (features/normalizeFrames.ts made it the uniform
 *   vector: digital silence, where the model's answer carries no information).
 */
import { N_PITCH_CLASSES } from "../features/normalizeFrames.js";

/** [frames] 1 = no-chord. `chroma` [frames][12] after normalisation, `levelDb` [frames]. */
export function noChordMask(
  chroma: Float32Array,
  levelDb: Float64Array,
  opts: { silenceDb: number | null; normalization: "l2" | "max" | "none" },
): Uint8Array {
  const frames = levelDb.length;
  const mask = new Uint8Array(frames);
  for (let n = 0; n < frames; n++) {
    const quiet = opts.silenceDb !== null && levelDb[n] < opts.silenceDb;
    mask[n] = quiet || isFloored(chroma, n, opts.normalization) ? 1 : 0;
  }
  return mask;
}

/** The frame is exactly the uniform vector normalizeFrames writes for frames below the floor. */
function isFloored(chroma: Float32Array, n: number, kind: "l2" | "max" | "none"): boolean {
  if (kind === "none") return false;
  const uniform = Math.fround(kind === "l2" ? 1 / Math.sqrt(N_PITCH_CLASSES) : 1);
  for (let c = 0; c < N_PITCH_CLASSES; c++) if (chroma[n * N_PITCH_CLASSES + c] !== uniform) return false;
  return true;
}

/**
 * How N was decided, in words, for the JAMS annotation_rules: with `--silence-db off` only
 * digitally silent frames are N, and the document must not claim a level threshold.
 */
export function noChordRule(silenceDb: number | null): string {
  return silenceDb === null ? "N = digital silence only (--silence-db off: no level threshold)" : "N = silence (signal level)";
}

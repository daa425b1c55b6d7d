import { labText } from "../predict/writers.js";
import { framesToSegments } from "../predict/segments.js";

/**
 * Frame-wise classes → Isophonics `.lab` text, with the segment convention of `chordtrain predict`
 * (predict/segments.ts): frame n (centred at n/frameRateHz seconds) covers [centre − ½ hop,
 * centre + ½ hop], clamped at 0; runs of equal classes become one line.
 */
export function framesToLab(classes: Int16Array, opts: { firstFrame: number; frameRateHz: number }): string {
  const segments = framesToSegments({ classes, confidence: new Array(classes.length).fill(null) }, opts);
  return labText(segments);
}

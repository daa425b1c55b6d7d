import { harteLabel } from "../annotations/chordClasses.js";

/**
 * Frame-wise classes → Isophonics `.lab` text. Frame n (centred at n/frameRateHz seconds) is taken
 * to cover [centre − ½ hop, centre + ½ hop], clamped at 0; runs of equal classes become one line.
 */
export function framesToLab(classes: ArrayLike<number>, opts: { firstFrame: number; frameRateHz: number }): string {
  const hop = 1 / opts.frameRateHz;
  const edge = (frame: number) => Math.max(0, (frame - 0.5) * hop);
  const lines: string[] = [];
  let start = 0;
  for (let n = 1; n <= classes.length; n++) {
    if (n === classes.length || classes[n] !== classes[start]) {
      const from = edge(opts.firstFrame + start);
      const to = edge(opts.firstFrame + n);
      lines.push(`${from.toFixed(6)} ${to.toFixed(6)} ${harteLabel(classes[start])}`);
      start = n;
    }
  }
  return lines.join("\n") + "\n";
}

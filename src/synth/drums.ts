/**
 * Drum patterns per bar for the sections that play drums (including the drums-only `N` break),
 * with a snare fill closing some sections. Timing is humanised like the other parts.
 */
import type { Rng } from "../util/random.js";
import { clampedNormal, sectionGain, type Performance } from "./performance.js";
import type { DrumHit, DrumName, SongStyle } from "./types.js";

type Pattern = [DrumName, number, number][]; // drum, beat in bar, gain

const EIGHTHS = [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5];

const PATTERNS: Record<SongStyle["drums"], Pattern> = {
  backbeat: [
    ["kick", 0, 1],
    ["snare", 1, 0.9],
    ["kick", 2, 0.9],
    ["kick", 2.5, 0.5],
    ["snare", 3, 0.9],
    ...EIGHTHS.map((at): [DrumName, number, number] => ["hat", at, at % 1 === 0 ? 0.8 : 0.5]),
  ],
  ska: [
    ["kick", 0, 1],
    ["snare", 1, 0.8],
    ["kick", 2, 0.9],
    ["snare", 3, 0.8],
    ...EIGHTHS.map((at): [DrumName, number, number] => ["hat", at, at % 1 === 0 ? 0.4 : 0.9]),
  ],
  march: [
    ["kick", 0, 0.9],
    ["kick", 2, 0.8],
    ...EIGHTHS.map((at): [DrumName, number, number] => ["snare", at, at % 1 === 0 ? 0.6 : 0.25]),
  ],
};

const FILL: Pattern = [2, 2.5, 3, 3.25, 3.5, 3.75].map((at) => ["snare", at, 0.5 + 0.12 * (at - 2)]);

export function drumHits(perf: Performance, rng: Rng): DrumHit[] {
  const hits: DrumHit[] = [];
  const pattern = PATTERNS[perf.spec.style.drums];
  perf.plan.sections.forEach((section, s) => {
    if (!section.spec.parts.includes("drums")) return;
    const gain = sectionGain(perf, s);
    const bars = section.beats / 4;
    for (let bar = 0; bar < bars; bar++) {
      const fill = bar === bars - 1 && rng.next() < 0.5;
      const hitsOfBar = fill ? [...pattern.filter(([, at]) => at < 2), ...FILL] : pattern;
      for (const [drum, at, g] of hitsOfBar) {
        const beat = section.startBeat + bar * 4 + at;
        const startSec = perf.clock.timeAt(beat) + 0.005 * clampedNormal(rng);
        hits.push({ drum, startSec, gain: gain * g * (0.85 + 0.3 * rng.next()) });
      }
    }
  });
  return hits;
}

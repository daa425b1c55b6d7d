/**
 * Differential check of chordtrain's chord scores against the real mir_eval (Python), on random
 * annotation pairs: every Harte shorthand, inversions, added and omitted degrees, enharmonic
 * roots, N and X, estimates that start/end before or after the reference, shared boundaries.
 *
 *   apt-get install python3-mir-eval        # Debian's mir_eval (0.7)
 *   npx tsx scripts/mir-eval-crosscheck.ts [pairs=300] [python=/usr/bin/python3]
 *
 * Prints the largest |chordtrain − mir_eval| per measure and exits 1 if any exceeds 1e-9.
 * Run by test/evaluation/mirChord/mirEvalPython.test.ts (300 pairs); .ci/run installs python3-mir-eval.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHORD_SCORE_NAMES, evaluateChords, type LabeledSegment } from "../src/evaluation/mirChord/index.js";
import { SHORTHANDS } from "../src/annotations/shorthands.js";
import { createRng, type Rng } from "../src/util/random.js";

const pairs = Number(process.argv[2] ?? 300);
const python = process.argv[3] ?? "/usr/bin/python3";
const ROOTS = ["C", "C#", "Db", "D", "D#", "Eb", "E", "Fb", "F", "E#", "F#", "Gb", "G", "G#", "Ab", "A", "A#", "Bb", "B", "Cb", "B#"];
const DEGREES = ["1", "b2", "2", "b3", "3", "4", "#4", "b5", "5", "#5", "b6", "6", "bb7", "b7", "7", "9", "b9", "#9", "11", "#11", "13", "b13"];
// mir_eval refuses maj11 (missing from its quality table; chordtrain encodes it as maj7), and
// Debian's mir_eval 0.7 also lacks aug7 (added in 0.8; the unit tests pin its bitmap).
const QUALITIES = SHORTHANDS.filter((q) => q !== "maj11" && q !== "aug7");

function randomLabel(rng: Rng): string {
  const r = rng.next();
  if (r < 0.08) return "N";
  if (r < 0.12) return "X";
  const root = ROOTS[rng.int(ROOTS.length)];
  const form = rng.int(4);
  let label = root;
  const degrees = () =>
    Array.from({ length: 1 + rng.int(3) }, () => (rng.next() < 0.3 ? "*" : "") + DEGREES[rng.int(DEGREES.length)]);
  if (form === 1) label += `:${QUALITIES[rng.int(QUALITIES.length)]}`;
  if (form === 2) label += `:${QUALITIES[rng.int(QUALITIES.length)]}(${[...new Set(degrees())].join(",")})`;
  if (form === 3) label += `:(${[...new Set(degrees().map((d) => d.replace("*", "")))].join(",")})`;
  if (rng.next() < 0.3) label += `/${DEGREES.slice(0, 15)[rng.int(15)]}`;
  return label;
}

function randomAnnotation(rng: Rng, start: number, shared: number[]): LabeledSegment[] {
  const times = [start];
  for (let k = 0, n = 1 + rng.int(10); k < n; k++) times.push(times[times.length - 1] + 0.05 + rng.next() * 3);
  // Borrow some of the other annotation's inner boundaries, so that merging meets equal times.
  const inner = shared.filter((t) => t > start && t < times[times.length - 1] && rng.next() < 0.5);
  const all = [...new Set([...times, ...inner])].sort((a, b) => a - b);
  return all.slice(1).map((end, k) => ({ startSec: all[k], endSec: end, label: randomLabel(rng) }));
}

const lab = (segments: LabeledSegment[]) => segments.map((s) => `${s.startSec} ${s.endSec} ${s.label}`).join("\n") + "\n";

const dir = mkdtempSync(join(tmpdir(), "mir-eval-crosscheck-"));
const ours: Record<string, number>[] = [];
for (let i = 0; i < pairs; i++) {
  const rng = createRng(i, 11);
  const ref = randomAnnotation(rng, rng.next() * 2, []);
  const inner = ref.slice(1).map((s) => s.startSec);
  const est = randomAnnotation(rng, rng.next() * 3, inner);
  writeFileSync(join(dir, `ref${i}.lab`), lab(ref));
  writeFileSync(join(dir, `est${i}.lab`), lab(est));
  ours.push(evaluateChords(ref, est));
}

const script = `
import json, sys, warnings, mir_eval
warnings.simplefilter("ignore")
out = []
for i in range(${pairs}):
    ri, rl = mir_eval.io.load_labeled_intervals("${dir}/ref%d.lab" % i)
    ei, el = mir_eval.io.load_labeled_intervals("${dir}/est%d.lab" % i)
    try:
        out.append({k: float(v) for k, v in mir_eval.chord.evaluate(ri, rl, ei, el).items()})
    except Exception as e:
        out.append({"error": str(e)})
print(json.dumps(out))
`;
const theirs = JSON.parse(execFileSync(python, ["-c", script], { encoding: "utf8", maxBuffer: 1 << 26 })) as Record<string, number | string>[];

const worst: Record<string, { diff: number; pair: number }> = {};
let errors = 0;
theirs.forEach((scores, i) => {
  if ("error" in scores) {
    errors++;
    console.log(`pair ${i}: mir_eval raised: ${scores.error}`);
    return;
  }
  for (const name of CHORD_SCORE_NAMES) {
    const diff = Math.abs(ours[i][name] - (scores[name] as number));
    if (!worst[name] || diff > worst[name].diff) worst[name] = { diff, pair: i };
  }
});
for (const name of CHORD_SCORE_NAMES) console.log(`${name.padEnd(13)} max |diff| ${worst[name]?.diff.toExponential(2)} (pair ${worst[name]?.pair})`);
console.log(`${pairs} pairs, ${errors} on which mir_eval raised; files in ${dir}`);
process.exitCode = Object.values(worst).some((w) => w.diff > 1e-9) ? 1 : 0;

/**
 * Writes a batch file that runs the shipped configs/bce.yaml and configs/softdtw.yaml (rows
 * `method:`) and BCE on strong labels with 200 fixed epochs on the scale benchmark's corpus and
 * split (bench/scale.bench.ts: 180 generated songs, every 10th song tests, every 10th from the 6th
 * validates, 144 train), seeds 0–4. docs/early-stopping.md "The shipped configs".
 *
 *   npx tsx scripts/scale-shipped-batch.ts [out file, default results/scale-shipped.json]
 *   nice -n 10 chordtrain batch -c results/scale-shipped.json --jobs 2
 *   npx tsx scripts/paired-cells.ts results/scale-shipped/runs.csv
 *
 * The corpus is generated once into $CHORDTRAIN_SCALE_CORPUS or $TMPDIR/chordtrain-scale-180, as
 * the bench does.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ensureSynthCorpus, root } from "../bench/shared.js";

const out = process.argv[2] ?? "results/scale-shipped.json";
const corpus = await ensureSynthCorpus(process.env.CHORDTRAIN_SCALE_CORPUS ?? join(tmpdir(), "chordtrain-scale-180"), 180);
const names = readdirSync(corpus).filter((f) => f.endsWith(".wav")).map((f) => f.slice(0, -4)).sort();
const batch = {
  name: "scale-shipped",
  base: {
    extends: join(root, "configs/base.yaml"),
    data: { dir: corpus },
    split: { protocol: "songs", testSongs: names.filter((_, i) => i % 10 === 0), valSongs: names.filter((_, i) => i % 10 === 5) },
    report: { enabled: false },
  },
  seeds: [0, 1, 2, 3, 4],
  rows: [
    { row: "180 songs · bce.yaml", method: join(root, "configs/bce.yaml") },
    { row: "180 songs · BCE (strong labels)", set: { "targets.kind": "strong", "loss.kind": "bce" } },
    { row: "180 songs · softdtw.yaml", method: join(root, "configs/softdtw.yaml") },
  ],
};
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(batch, null, 1) + "\n");
console.log(`${out}: ${names.length} songs in ${corpus}`);

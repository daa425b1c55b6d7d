/**
 * CTC at 52 generated songs (issue 16 item 3, docs/ctc.md): `chordtrain synth` seeds 1–13 (4 songs
 * each, renamed s<ss>_<song>) into $TMPDIR/chordtrain-corpus52 (or $CHORDTRAIN_CORPUS52), then
 * `chordtrain batch -c configs/ctc_scale.yaml` on it (3 seeds × 6 rows, 30 epochs: CPU-heavy,
 * ~1 CPU-hour). Prints the batch's table.
 *
 *   npm run bench -- ctcScale
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureSynthCorpus } from "./shared.js";

const SEEDS = 13;
const CORPUS_DIR = process.env.CHORDTRAIN_CORPUS52 ?? join(tmpdir(), "chordtrain-corpus52");

export default async function bench(): Promise<void> {
  await ensureSynthCorpus(CORPUS_DIR, SEEDS * 4);
  const out = mkdtempSync(join(tmpdir(), "chordtrain-ctcscale-"));
  const args = ["tsx", "src/cli/main.ts", "batch", "-c", "configs/ctc_scale.yaml", "--data", CORPUS_DIR, "--out", out, "--quiet"];
  const r = spawnSync("npx", args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (r.status !== 0) throw new Error(`ctc_scale batch failed (exit ${r.status})`);
  console.log(readFileSync(join(out, "ctc_scale", "table.md"), "utf8"));
  console.log(`runs: ${join(out, "ctc_scale")} (runs.csv: every seed)`);
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();

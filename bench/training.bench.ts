/**
 * Training speed: ms per step and per epoch for BCE, soft-DTW (soft length 16 and 75) and CTC on
 * synthetic segments shaped like the study's data (43 train / 12 val segments of 150 frames,
 * batch size 5 → 9 steps per epoch), and the projected seconds of one 200-epoch Table 4.1 row,
 * for both training engines: "js" (the default: dChord and the losses in float64 JavaScript) and
 * "tfjs" (dChord as tfjs ops on the wasm backend).
 *
 *   npm run bench -- training        (or: npx tsx bench/training.bench.ts)
 */
import { ConfigSchema } from "../src/config/schema.js";
import { initBackend } from "../src/util/tfjs.js";
import { train } from "../src/training/train.js";
import { plantedSegments } from "../test/training/fixtures.js";

const EPOCHS = 20;

export default async function bench(): Promise<void> {
  const backend = await initBackend("wasm");
  const all = plantedSegments({ segments: 55, frames: 150, seed: 1, meanDuration: 20 });
  const data = { train: all.slice(0, 43), val: all.slice(43) };
  const rows: { name: string; set: Record<string, unknown> }[] = [
    { name: "bce", set: { loss: { kind: "bce" }, targets: { kind: "strong" } } },
    { name: "softDtw16", set: { loss: { kind: "softDtw" }, targets: { kind: "soft", softLength: 16 } } },
    { name: "softDtw75", set: { loss: { kind: "softDtw" }, targets: { kind: "soft", softLength: 75 } } },
    { name: "ctc", set: { loss: { kind: "ctc" } } },
  ];
  console.log(`backend ${backend}; ${EPOCHS} epochs of 9 steps + validation, after 2 warm-up epochs`);
  console.log("| loss | engine | ms/step | ms/epoch | s per 200-epoch row | CPU ms/epoch |");
  console.log("|---|---|---|---|---|---|");
  for (const row of rows) for (const engine of ["js", "tfjs"] as const) {
    const cfg = ConfigSchema.parse({ ...row.set, training: { epochs: EPOCHS + 2, engine }, report: { alignmentEpochs: [] } });
    let started = 0;
    let cpuStarted = process.cpuUsage();
    const result = await train(data, cfg, {
      seed: 0,
      onEpoch: (r) => {
        if (r.epoch !== 2) return;
        started = performance.now();
        cpuStarted = process.cpuUsage();
      },
    });
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuStarted);
    const cpuPerEpoch = (cpu.user + cpu.system) / 1000 / EPOCHS;
    result.model.dispose();
    const perEpoch = ms / EPOCHS;
    const cells = [(perEpoch / 9).toFixed(2), perEpoch.toFixed(1), ((perEpoch * 200) / 1000).toFixed(1), cpuPerEpoch.toFixed(1)];
    console.log(`| ${row.name} | ${engine} | ${cells.join(" | ")} |`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();

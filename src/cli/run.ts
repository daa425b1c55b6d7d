import { Command } from "commander";
import { loadConfig } from "../config/load.js";
import { runExperiment } from "../experiment/runExperiment.js";
import { degenerateLine } from "../experiment/table.js";
import { DegenerateModelError } from "../errors.js";
import type { Io } from "./io.js";
import { interruptSignal } from "./interrupt.js";
import { overridesOf, withCommonOptions, type CommonOptions } from "./options.js";
import { progressFor } from "./progress.js";

export function runCommand(io: Io): Command {
  const cmd = new Command("run").description("run one experiment (the config file is optional: defaults + overrides)");
  return withCommonOptions(cmd, { configRequired: false })
    .option("--fail-on-degenerate", "exit with code 3 when the trained model is degenerate (docs/degenerate-models.md)")
    .action(async (o: CommonOptions & { failOnDegenerate?: boolean }) => {
      const config = loadConfig(o.config, overridesOf(o));
      const interrupt = interruptSignal();
      try {
        const r = await runExperiment(config, { progress: progressFor(io, o), signal: interrupt.signal });
        const m = r.metrics!;
        // A degenerate model is a result, not a failure: exit 0 unless asked, but say it last and loudly.
        const alarm = m.health?.degenerate ? `${degenerateLine(r.dir, m.health.reasons)}\n` : "";
        if (o.json) {
          const mirEval = m.mirEval ? { mirEval: m.mirEval.total } : {};
          io.out(JSON.stringify({ dir: r.dir, status: r.record.status, test: m.test, ...mirEval, bestEpoch: m.bestEpoch, stoppedEpoch: m.stoppedEpoch, stopReason: m.stopReason, health: m.health, notes: r.record.notes }) + "\n");
          io.err(alarm);
        } else {
          io.out(
            `${r.dir}\ntest F1 ${m.test.f.toFixed(3)} (P ${m.test.precision.toFixed(3)}, R ${m.test.recall.toFixed(3)}, ` +
              `majmin ${m.test.majmin.toFixed(3)}) · best epoch ${m.bestEpoch}/${m.epochs}` +
              (m.stoppedEpoch === null ? "" : ` (stopped early: ${m.stopReason === "timeBudget" ? "time budget" : "no improvement"})`) +
              ` · ${r.record.timings.totalSec?.toFixed(1)} s\n` +
              (m.mirEval
                ? `mir_eval over whole test songs: root ${m.mirEval.total.root.toFixed(3)}, majmin ${m.mirEval.total.majmin.toFixed(3)}, ` +
                  `sevenths ${m.mirEval.total.sevenths.toFixed(3)}, seg ${m.mirEval.total.seg.toFixed(3)}\n`
                : "") +
              alarm,
          );
        }
        if (alarm && o.failOnDegenerate) throw new DegenerateModelError("the trained model is degenerate (--fail-on-degenerate)");
      } finally {
        interrupt.dispose();
      }
    });
}

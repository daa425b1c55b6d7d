/**
 * Cold import time of each library entry point (run by `npm run bench -- import`): a fresh
 * `node` process per sample imports the entry point by package name from dist/ (built first when
 * stale), as a user's `import { softDtw } from "chordtrain/losses"` does. Reports the medians of
 * RUNS processes: the import's wall time, its CPU time (user + system of the process, less
 * sensitive to other load on the machine), and the whole process from spawn to exit (node's own
 * start-up included). What each entry point loads is checked in test/library/entryPoints.test.ts.
 */
import { spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { ensureFreshDist, entryPoints, ROOT } from "../test/helpers/dist.js";

const RUNS = 7;

const IMPORT_ONE = `
const c0 = process.cpuUsage();
const t0 = performance.now();
await import(process.argv[1]);
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 }));
`;

interface Sample {
  ms: number;
  cpuMs: number;
  processMs: number;
}

function sample(specifier: string): Sample {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", IMPORT_ONE, specifier], { cwd: ROOT, encoding: "utf8" });
  const processMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`import ${specifier} failed:\n${r.stderr}`);
  return { ...(JSON.parse(r.stdout.trim().split("\n").pop()!) as { ms: number; cpuMs: number }), processMs };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export default function benchImport(): void {
  ensureFreshDist();
  const specifiers = entryPoints();
  const samples = new Map<string, Sample[]>(specifiers.map((s) => [s, []]));
  // interleaved, so that a burst of load on the machine hits every entry point alike
  for (let run = 0; run < RUNS; run++) for (const s of specifiers) samples.get(s)!.push(sample(s));
  console.log(`cold import, median of ${RUNS} fresh processes each (${cpus().length} cores, load ${loadavg()[0].toFixed(1)})`);
  console.table(
    specifiers.map((s) => {
      const xs = samples.get(s)!;
      return {
        "entry point": s,
        "import ms": Math.round(median(xs.map((x) => x.ms))),
        "import CPU ms": Math.round(median(xs.map((x) => x.cpuMs))),
        "process ms": Math.round(median(xs.map((x) => x.processMs))),
      };
    }),
  );
}

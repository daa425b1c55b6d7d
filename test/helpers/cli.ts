import { bufferIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { join } from "node:path";

/** The CLI run in process on `args`: its exit code and what it wrote to stdout and stderr. */
export async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = bufferIo();
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}

/** The CLI arguments of a quick run on a tiny corpus: `epochs` epochs, 50-frame segments, the feature cache in `work`/cache. */
export function quickRunArgs(corpus: string, work: string, epochs: number): string[] {
  return [
    "--data", corpus,
    "--epochs", String(epochs),
    "--set", "dataset.segmentLength=50",
    "--set", "dataset.segmentHop=50",
    "--set", "data.cacheDir=" + join(work, "cache"),
  ];
}

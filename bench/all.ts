/**
 * `npm run bench`: runs every bench/*.bench.ts in turn (each prints its own table).
 * `npm run bench -- losses` runs only the files whose name contains "losses".
 */
import { readdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? "";
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts") && f.includes(filter))
  .sort();
console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
for (const f of files) {
  console.log(`\n## ${f}`);
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { default?: () => Promise<void> | void };
  if (typeof mod.default === "function") await mod.default();
}

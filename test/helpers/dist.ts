/**
 * The built package (dist/, from `tsc -p tsconfig.build.json`), for the checks that import
 * chordtrain the way a user does: by its package name, through package.json `exports`.
 * `npm test` builds dist/ before vitest; a single test file or a bench run rebuilds it here when
 * a source file is newer than its output (or the output is missing).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The `exports` keys of package.json as import specifiers: "chordtrain", "chordtrain/losses", … (package.json itself left out). */
export function entryPoints(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; exports: Record<string, unknown> };
  return Object.keys(pkg.exports)
    .filter((key) => key !== "./package.json")
    .map((key) => (key === "." ? pkg.name : pkg.name + key.slice(1)));
}

/** Source files whose dist/ output is missing or older. */
export function staleOutputs(): string[] {
  const stale: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, "src", dir), { withFileTypes: true })) {
      const rel = join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".ts")) {
        const out = join(ROOT, "dist", rel.replace(/\.ts$/, ".js"));
        if (!existsSync(out) || statSync(out).mtimeMs < statSync(join(ROOT, "src", rel)).mtimeMs) stale.push(rel);
      }
    }
  };
  walk("");
  return stale;
}

/** Builds dist/ when it is stale; throws with tsc's output when the build fails. */
export function ensureFreshDist(): void {
  if (staleOutputs().length === 0) return;
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed:\n${r.stdout}${r.stderr}`);
}

/**
 * Every `@example` in src/losses runs: each block is written to .tmp/losses-examples/ with
 * `from "chordtrain"` pointing at src/losses/index.ts, then imported (vitest compiles it). The
 * README links to these examples, so they must not rot.
 */
import { describe, expect, it } from "vitest";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const srcDir = resolve(here, "../../src/losses");
const outDir = resolve(here, "../../.tmp/losses-examples");

function examples(): Array<{ name: string; code: string }> {
  const out: Array<{ name: string; code: string }> = [];
  for (const file of readdirSync(srcDir).filter((f) => f.endsWith(".ts")).sort()) {
    const lines = readFileSync(join(srcDir, file), "utf8").split("\n");
    let block: string[] | null = null;
    let n = 0;
    for (const line of lines) {
      if (block === null) {
        if (/^\s*\* @example\s*$/.test(line)) block = [];
        continue;
      }
      if (/^\s*\*\//.test(line) || /^\s*\* @/.test(line)) {
        out.push({ name: `${file.replace(/\.ts$/, "")}-${++n}`, code: block.join("\n") });
        block = null;
        continue;
      }
      block.push(line.replace(/^\s*\* ?/, ""));
    }
  }
  return out;
}

describe("JSDoc examples of src/losses run", () => {
  const found = examples();
  it("finds examples on every public function", () => {
    expect(found.length).toBeGreaterThanOrEqual(12);
  });
  mkdirSync(outDir, { recursive: true });
  const index = pathToFileURL(join(srcDir, "index.ts")).href;
  it.each(found.map((e) => [e.name, e.code]))("%s", async (name, code) => {
    const file = join(outDir, `${name}.ts`);
    const source = code
      .replace(/from "chordtrain"/g, `from ${JSON.stringify(index)}`)
      .replace(/from "\.\/([A-Za-z]+)\.js"/g, (_m, mod: string) => `from ${JSON.stringify(pathToFileURL(join(srcDir, `${mod}.ts`)).href)}`);
    writeFileSync(file, `${source}\nexport {};\n`);
    await expect(import(pathToFileURL(file).href)).resolves.toBeDefined();
  });
});

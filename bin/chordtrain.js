#!/usr/bin/env node
// The chordtrain executable: the compiled CLI in dist/ (built by `npm ci`/`npm install` through
// the package's prepare script), or the TypeScript sources through tsx in a checkout without dist/.
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const built = `${root}dist/cli/main.js`;
let mod;
if (existsSync(built)) {
  mod = await import(pathToFileURL(built).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  mod = await import(pathToFileURL(`${root}src/cli/main.ts`).href);
}
process.exitCode = await mod.main(process.argv.slice(2));

/**
 * File-system helpers shared by the stages that read folders (dataset discovery, predict's
 * inputs, eval's inputs, model files, annotation lookup).
 */
import { readdirSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.js";

/** Code-unit order: the same on every machine and locale. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True for an existing file (after links); false for a folder, a dangling link or nothing. */
export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** True for an existing folder (after links); false otherwise. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Every non-hidden file under `root`, recursively, in `compareNames` order per folder; links are
 * followed once (a loop or a folder linked twice is walked once). InputError, naming `key`, when
 * `root` is not a folder.
 */
export function listFiles(root: string, key: string): string[] {
  let isDir: boolean;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    throw new InputError(`${key} "${root}" does not exist`);
  }
  if (!isDir) throw new InputError(`${key} "${root}" is not a folder`);
  const out: string[] = [];
  const visited = new Set<string>();
  const walk = (dir: string) => {
    const real = realpathSync(dir);
    if (visited.has(real)) return; // a symlink loop, or a folder linked twice
    visited.add(real);
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareNames(a.name, b.name))) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      const stat = entry.isSymbolicLink() ? statOrUndefined(path) : entry;
      if (stat?.isDirectory()) walk(path);
      else if (stat?.isFile()) out.push(path);
    }
  };
  walk(root);
  return out;
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined; // a dangling link is no file
  }
}

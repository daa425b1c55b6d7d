import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { dirname, join, basename } from "node:path";

/**
 * Write a file so that readers see either the old content or the whole new content, never a
 * half-written file: write a temporary file beside it, flush it to disk, then rename (atomic on
 * POSIX). The temporary name carries the pid and random bytes, so processes on several hosts
 * writing one shared folder never share a temporary file. A failed write removes its temporary
 * file and leaves the old content in place; a killed process leaves at most a `.<name>.*.tmp`.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    const fd = openSync(tmp, "w");
    try {
      writeFileSync(fd, content);
      // On a machine crash, a rename may reach the disk before the data it names.
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + "\n");
}

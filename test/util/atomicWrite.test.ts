/**
 * writeFileAtomic never leaves a partial file at its path: not when a write fails half-way (an
 * injected ENOSPC after half the bytes), and not when the writing process is killed with SIGKILL
 * in the middle of a large write (a real child process).
 */
import { describe, expect, it, vi } from "vitest";
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync as realWriteFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { tmpFolder } from "../helpers/tmp.js";

const failing = { after: -1 };
const flushes = { count: 0 };
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const writeFileSync = ((file: Parameters<typeof fs.writeFileSync>[0], data: string | Uint8Array, ...rest: unknown[]) => {
    if (failing.after < 0) return (fs.writeFileSync as (...a: unknown[]) => void)(file, data, ...rest);
    // Write the first bytes, then fail as a full disk would.
    const bytes = typeof data === "string" ? Buffer.from(data) : data;
    if (typeof file === "number") fs.writeSync(file, bytes.subarray(0, failing.after));
    else fs.writeFileSync(file, bytes.subarray(0, failing.after));
    throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
  }) as typeof fs.writeFileSync;
  const fsyncSync = ((fd: number) => {
    flushes.count++;
    return fs.fsyncSync(fd);
  }) as typeof fs.fsyncSync;
  return { ...fs, default: { ...fs, writeFileSync, fsyncSync }, writeFileSync, fsyncSync };
});

const { writeFileAtomic } = await import("../../src/util/atomicWrite.js");

describe("writeFileAtomic", () => {
  it("flushes to disk before the rename unless durable: false, and is whole either way", () => {
    const dir = tmpFolder();
    const path = join(dir, "history.csv");
    flushes.count = 0;
    writeFileAtomic(path, "epoch,loss\n1,0.5\n");
    expect(flushes.count).toBe(1);
    writeFileAtomic(path, "epoch,loss\n1,0.5\n2,0.4\n", { durable: false });
    expect(flushes.count).toBe(1);
    expect(readFileSync(path, "utf8")).toBe("epoch,loss\n1,0.5\n2,0.4\n");
    expect(readdirSync(dir)).toEqual(["history.csv"]);
  });

  it("a write failing half-way keeps the old content and leaves no temporary file", () => {
    const dir = tmpFolder();
    const path = join(dir, "table.csv");
    writeFileAtomic(path, "old,complete\n");
    failing.after = 5;
    try {
      expect(() => writeFileAtomic(path, "new,content,that,is,longer\n")).toThrow(/ENOSPC/);
    } finally {
      failing.after = -1;
    }
    expect(readFileSync(path, "utf8")).toBe("old,complete\n");
    expect(readdirSync(dir)).toEqual(["table.csv"]);
  });

  it("a process killed with SIGKILL mid-write leaves the old or the new file whole", async () => {
    const dir = tmpFolder();
    const target = join(dir, "big.bin");
    const size = 32 * 1024 * 1024;
    const child = join(dir, "writer.ts");
    const module = pathToFileURL(resolve("src/util/atomicWrite.ts")).href;
    // Writes the whole file again and again, each time filled with another byte value (buffers
    // made beforehand, so that nearly all the loop's time is spent writing).
    realWriteFileSync(
      child,
      `import { writeFileAtomic } from ${JSON.stringify(module)};
const buffers = [1, 2, 3].map((b) => new Uint8Array(${size}).fill(b));
for (let i = 0; ; i++) {
  writeFileAtomic(${JSON.stringify(target)}, buffers[i % 3]);
  process.stdout.write(i + "\\n");
}
`,
    );
    const proc = spawn(process.execPath, ["--import", "tsx", child], { stdio: ["ignore", "pipe", "inherit"] });
    const times: number[] = [];
    proc.stdout.on("data", (chunk: Buffer) => {
      for (const _ of chunk.toString().trim().split("\n")) times.push(performance.now());
      // Kill half-way through the third write (timed from the second).
      if (times.length === 2) setTimeout(() => proc.kill("SIGKILL"), (times[1] - times[0]) / 2);
    });
    const signal = await new Promise<NodeJS.Signals | null>((done) => proc.on("exit", (_code, s) => done(s)));
    expect(signal).toBe("SIGKILL");
    const bytes = readFileSync(target);
    expect(bytes.length).toBe(size);
    const fill = bytes[0];
    expect([1, 2, 3]).toContain(fill);
    expect(bytes.every((b) => b === fill)).toBe(true);
    // What a kill may leave besides: only hidden temporary files, which readers skip.
    expect(readdirSync(dir).filter((n) => !n.startsWith(".")).sort()).toEqual(["big.bin", "writer.ts"]);
  }, 60_000);
});

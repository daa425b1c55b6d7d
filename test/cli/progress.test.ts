import { describe, expect, it } from "vitest";
import { bufferIo } from "../../src/cli/io.js";
import { progressFor } from "../../src/cli/progress.js";
import { main } from "../../src/cli/main.js";

const epoch = (n: number, epochs = 200) => ({ epoch: n, epochs, trainLoss: 1 / n, valLoss: 2 / n, valF: 0.5, seconds: 0.01 });

describe("progress on stderr", () => {
  it("piped: plain lines, one per phase and every tenth of the epochs", () => {
    const io = bufferIo();
    const p = progressFor(io, { label: "row A" });
    p.phase("training");
    for (let e = 1; e <= 200; e++) p.epoch(epoch(e));
    p.end();
    const lines = io.stderr.trim().split("\n");
    expect(lines[0]).toBe("[row A] training");
    expect(lines.slice(1).map((l) => Number(/epoch (\d+)\//.exec(l)![1]))).toEqual([1, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200]);
    expect(io.stderr).not.toMatch(/\r|\x1b/);
  });

  it("terminal: one bar redrawn in place with epoch, loss and ETA, cleared at the end", () => {
    const io = { ...bufferIo(), isTTY: true, columns: 120 };
    const err: string[] = [];
    io.err = (t: string) => void err.push(t);
    const p = progressFor(io, {});
    p.phase("training");
    p.epoch(epoch(50));
    p.end();
    const bar = err.find((t) => t.includes("epoch 50/200"))!;
    expect(bar.startsWith("\r\x1b[2K")).toBe(true);
    expect(bar).toMatch(/\[#####\.{15}\] epoch 50\/200 loss 0\.02000 val 0\.04000 valF 0\.500 ETA \d+s/);
    expect(err.at(-1)).toBe("\r\x1b[2K");
  });

  it("--quiet and --json print nothing on stderr", () => {
    for (const opts of [{ quiet: true }, { json: true }]) {
      const io = bufferIo();
      const p = progressFor(io, opts);
      p.phase("training");
      p.epoch(epoch(1));
      p.note("a note");
      expect(io.stderr).toBe("");
    }
  });
});

describe("--backend", () => {
  it("sets training.backend and rejects unknown names", async () => {
    const io = bufferIo();
    expect(await main(["config", "show", "--backend", "cpu"], io)).toBe(0);
    expect(JSON.parse(io.stdout).training.backend).toBe("cpu");
    const bad = bufferIo();
    expect(await main(["config", "show", "--backend", "gpu"], bad)).not.toBe(0);
    expect(bad.stderr).toMatch(/Allowed choices are wasm, cpu, node/);
  });
});

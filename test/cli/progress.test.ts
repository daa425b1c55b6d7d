import { describe, expect, it } from "vitest";
import { bufferIo } from "../../src/cli/io.js";
import { progressFor } from "../../src/cli/progress.js";
import { main } from "../../src/cli/main.js";

const epoch = (n: number, epochs = 200) => ({ epoch: n, epochs, trainLoss: 1 / n, valLoss: 2 / n, valF: 0.5, seconds: 0.01 });

describe("progress on stderr", () => {
  it("piped: plain lines, one per phase and every tenth of the epochs, with the time left", () => {
    const io = bufferIo();
    let t = 0;
    const p = progressFor(io, { label: "row A", clock: () => t });
    p.phase("training");
    for (let e = 1; e <= 200; e++) {
      t = e; // 1 s per epoch: tenths are 20 s apart, above the 10 s floor
      p.epoch(epoch(e));
    }
    p.end();
    const lines = io.stderr.trim().split("\n");
    expect(lines[0]).toBe("[row A] training");
    expect(lines.slice(1).map((l) => Number(/epoch (\d+)\//.exec(l)![1]))).toEqual([1, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200]);
    // epoch 20 at t = 20 s: 1 s/epoch × 180 epochs left = 3 min
    expect(lines[2]).toMatch(/epoch 20\/200 .* · ~3m00s left$/);
    expect(io.stderr).not.toMatch(/\r|\x1b/);
  });

  it("piped: fast epochs give at most one line per 10 s (besides the first and the last)", () => {
    const io = bufferIo();
    let t = 0;
    const p = progressFor(io, { clock: () => t });
    p.phase("training");
    for (let e = 1; e <= 200; e++) {
      t = e / 10; // 0.1 s per epoch: epoch 1 at 0.1 s, then the first tenth ≥ 10 s later is epoch 120 (12 s)
      p.epoch(epoch(e));
    }
    const epochs = io.stderr.trim().split("\n").slice(1).map((l) => Number(/epoch (\d+)\//.exec(l)![1]));
    expect(epochs).toEqual([1, 120, 200]);
  });

  it("terminal: one bar redrawn in place with the batch status, epoch, loss and time left, cleared at the end", () => {
    const io = { ...bufferIo(), isTTY: true, columns: 200 };
    const err: string[] = [];
    io.err = (t: string) => void err.push(t);
    let t = 0;
    const p = progressFor(io, { status: () => "3/30 runs · about 6m20s left", clock: () => t });
    p.phase("training");
    t = 100; // 2 s per epoch at epoch 50; early stopping due at 60 → 20 s, at most 150 × 2 = 300 s
    p.epoch({ ...epoch(50), stopBy: 60 });
    p.epoch(epoch(50)); // without early stopping: 300 s
    p.end();
    const bars = err.filter((t) => t.includes("epoch 50/200"));
    expect(bars[0].startsWith("\r\x1b[2K")).toBe(true);
    expect(bars[0]).toBe("\r\x1b[2K[3/30 runs · about 6m20s left] [#####...............] epoch 50/200 loss 0.02000 val 0.04000 valF 0.500 ~20s left (at most 5m00s)");
    expect(bars[1]).toMatch(/valF 0\.500 ~5m00s left$/);
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

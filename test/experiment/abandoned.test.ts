/**
 * RUNNING runs whose process is gone: judged from the pid, the process start time and the boot id
 * on the same host, from the heartbeat for another host; rewritten on disk only when certain.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { collect, findRuns } from "../../src/experiment/collect.js";
import {
  ABANDONED_AFTER_MINUTES, abandonment, localProbe, thisProcess, type HostProbe, type ProcessInfo,
} from "../../src/util/liveness.js";
import { tmpFolder } from "../helpers/tmp.js";
import { main } from "../../src/cli/main.js";
import { bufferIo } from "../../src/cli/io.js";

const now = new Date("2026-01-01T12:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();
const probe = (live: Record<number, string | null>, over: Partial<HostProbe> = {}): HostProbe => ({
  host: "here",
  bootId: "boot-1",
  now,
  startTimeOf: (pid) => (pid in live ? live[pid] : undefined),
  ...over,
});
const proc = (over: Partial<ProcessInfo> = {}): ProcessInfo => ({ pid: 42, host: "here", startTime: "1000", bootId: "boot-1", ...over });
const running = (p: ProcessInfo, heartbeat = minutesAgo(0)) => ({ status: "RUNNING", startedAt: minutesAgo(600), heartbeatAt: heartbeat, process: p });

describe("abandonment (table of cases)", () => {
  const cases: [string, ReturnType<typeof running> | { status: string }, HostProbe, string | undefined, boolean?][] = [
    ["same host, process alive with the recorded start time", running(proc()), probe({ 42: "1000" }), undefined],
    ["same host, no such pid", running(proc()), probe({}), "abandoned: the process is gone", true],
    ["same host, pid reused by a later process", running(proc()), probe({ 42: "9999" }), "abandoned: the process is gone", true],
    ["same host, another boot", running(proc()), probe({ 42: "1000" }, { bootId: "boot-2" }), "abandoned: the process is gone", true],
    ["same host, alive, start time unknown (no /proc)", running(proc({ startTime: null })), probe({ 42: null }), undefined],
    ["other host, fresh heartbeat", running(proc({ host: "far" }), minutesAgo(ABANDONED_AFTER_MINUTES - 1)), probe({}), undefined],
    [
      "other host, stale heartbeat",
      running(proc({ host: "far" }), minutesAgo(ABANDONED_AFTER_MINUTES + 7)),
      probe({}),
      `abandoned: no heartbeat for ${ABANDONED_AFTER_MINUTES + 7} minutes`,
      false,
    ],
    ["not RUNNING", { status: "FAILED" }, probe({}), undefined],
  ];
  it.each(cases)("%s", (_name, record, p, reason, certain) => {
    const a = abandonment(record, p);
    expect(a?.reason).toBe(reason);
    if (reason) expect(a?.certain).toBe(certain);
  });

  it("the local probe sees this process alive and a finished child gone", () => {
    const me = thisProcess();
    expect(me.pid).toBe(process.pid);
    expect(abandonment(running(me), localProbe())).toBeUndefined();
    const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const dead = { ...me, pid: Number(child.stdout) };
    expect(abandonment(running(dead), localProbe())?.reason).toBe("abandoned: the process is gone");
    // Same pid, other start time: the pid was reused.
    if (me.startTime !== null) {
      expect(abandonment(running({ ...me, startTime: String(Number(me.startTime) - 1) }), localProbe())?.certain).toBe(true);
    }
  });
});

describe("collect on a folder with abandoned runs", () => {
  it("shows them FAILED, rewrites run.json only for the certain (same host) case", () => {
    const dir = tmpFolder();
    const deadPid = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
    const write = (slug: string, record: object) => {
      mkdirSync(join(dir, slug, "r1"), { recursive: true });
      writeFileSync(join(dir, slug, "r1", "run.json"), JSON.stringify({ name: slug, seed: 0, configHash: "h", runId: "r1", ...record }));
    };
    const me = thisProcess();
    write("dead", running({ ...me, pid: deadPid }, new Date().toISOString()));
    write("alive", running(me, new Date().toISOString()));
    write("far", running({ ...me, host: `not-${hostname()}` }, new Date(Date.now() - 90 * 60_000).toISOString()));

    const c = collect(dir);
    const status = Object.fromEntries(c.runs.map((r) => [r.slug, r.status]));
    expect(status).toEqual({ alive: "RUNNING", dead: "FAILED", far: "FAILED" });
    const onDisk = (slug: string) => JSON.parse(readFileSync(join(dir, slug, "r1", "run.json"), "utf8"));
    expect([onDisk("dead").status, onDisk("dead").error]).toEqual(["FAILED", "abandoned: the process is gone"]);
    expect(onDisk("far").status).toBe("RUNNING"); // another host: shown FAILED, left alone
    expect(findRuns(dir).find((r) => r.record.name === "far")?.record.error).toBe("abandoned: no heartbeat for 90 minutes");
    expect(onDisk("alive").status).toBe("RUNNING");
    const table = readFileSync(join(dir, "table.csv"), "utf8");
    expect(table.split("\n").filter((l) => /^(dead|far),/.test(l)).map((l) => l.split(",")[6])).toEqual(["1", "1"]); // failed
  });
});

describe("chordtrain report on a batch folder with a SIGKILL'd run", () => {
  it("shows the run FAILED with its reason and the row with its planned loss", async () => {
    const dir = tmpFolder();
    const deadPid = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
    const row = { row: "Soft-DTW", slug: "sdtw", loss: "softDtw", padding: "uniform", targetLength: 16, originalLength: 150 };
    writeFileSync(join(dir, "batch.json"), JSON.stringify({ name: "k", file: "k.yaml", rows: [row], seeds: [0], items: [{ row: "Soft-DTW", slug: "sdtw", seed: 0, configHash: "h" }] }));
    mkdirSync(join(dir, "sdtw", "r1"), { recursive: true });
    const record = { name: "sdtw", seed: 0, configHash: "h", runId: "r1", ...running({ ...thisProcess(), pid: deadPid }, new Date().toISOString()) };
    writeFileSync(join(dir, "sdtw", "r1", "run.json"), JSON.stringify(record));

    const io = bufferIo();
    expect(await main(["report", dir, "--no-png"], io)).toBe(0);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toContain("abandoned: the process is gone");
    expect(html).not.toMatch(/class="status running"/);
    expect(html).toMatch(/Soft-DTW \(uniform\)/);
    expect(JSON.parse(readFileSync(join(dir, "sdtw", "r1", "run.json"), "utf8")).status).toBe("FAILED");
  }, 60_000);
});

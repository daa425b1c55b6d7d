/**
 * Is the process that wrote a RUNNING run.json still there? A run killed with SIGKILL (the OOM
 * killer, a node crash, Slurm after its grace period) cannot mark itself FAILED, so readers decide:
 *
 * - same host: the recorded pid is gone, is a zombie, or now belongs to another process (its
 *   start time in /proc/<pid>/stat differs, or the machine rebooted: another boot id) →
 *   "abandoned: the process is gone". Certain, so run.json may be rewritten as FAILED.
 * - another host (a shared results folder): its processes cannot be seen from here, so the
 *   heartbeat decides: none for ABANDONED_AFTER_MINUTES → "abandoned: no heartbeat for N minutes".
 *   Not certain (a suspended job, a clock skew), so run.json is left alone and a later heartbeat
 *   shows the run as RUNNING again.
 */
import { readFileSync } from "node:fs";
import { hostname } from "node:os";

/** What identifies the process that writes a run (recorded in run.json as `process`). */
export interface ProcessInfo {
  pid: number;
  host: string;
  /** Field 22 of /proc/<pid>/stat (clock ticks after boot); null where /proc is unavailable. */
  startTime: string | null;
  /** /proc/sys/kernel/random/boot_id; null where unavailable. */
  bootId: string | null;
}

/**
 * Minutes without a heartbeat after which a RUNNING run of another host counts as abandoned.
 * Runs refresh the heartbeat at every phase, at the first epoch and then at most every 10 s
 * (runExperiment's HEARTBEAT_MS), and once a minute while chroma is extracted, so the longest gap
 * is one epoch (plus 10 s) or the evaluation and report: 30 leaves a wide margin.
 */
export const ABANDONED_AFTER_MINUTES = 30;

/** What a reader knows about the machine it runs on (injected in tests). */
export interface HostProbe {
  host: string;
  bootId: string | null;
  now: Date;
  /** The start time of a live `pid` (null when unknown), or undefined when there is no such process. */
  startTimeOf(pid: number): string | null | undefined;
}

export interface Abandonment {
  reason: string;
  /** Whether it is certain (same host, process gone), so run.json may be rewritten as FAILED. */
  certain: boolean;
}

/** The fields of run.json this module reads. */
export interface LivenessFields {
  status: string;
  startedAt?: string;
  heartbeatAt?: string;
  process?: ProcessInfo;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** State and start time from /proc/<pid>/stat (the command name may hold spaces and parentheses). */
function procStat(pid: number | "self"): { state: string; startTime: string } | null {
  const text = readOrNull(`/proc/${pid}/stat`);
  if (text === null) return null;
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" "); // fields[0] is field 3 (state)
  return { state: fields[0], startTime: fields[19] };
}

const hasProc = () => readOrNull("/proc/self/stat") !== null;

/** The identity of this process, for run.json. */
export function thisProcess(): ProcessInfo {
  return {
    pid: process.pid,
    host: hostname(),
    startTime: procStat("self")?.startTime ?? null,
    bootId: readOrNull("/proc/sys/kernel/random/boot_id")?.trim() ?? null,
  };
}

/** The probe of this machine: /proc where there is one, else `kill(pid, 0)`. */
export function localProbe(now = new Date()): HostProbe {
  const me = thisProcess();
  return {
    host: me.host,
    bootId: me.bootId,
    now,
    startTimeOf(pid) {
      if (hasProc()) {
        const s = procStat(pid);
        return s === null || s.state === "Z" || s.state === "X" ? undefined : s.startTime;
      }
      try {
        process.kill(pid, 0);
        return null;
      } catch (e) {
        return (e as NodeJS.ErrnoException).code === "EPERM" ? null : undefined;
      }
    },
  };
}

/** Why a RUNNING run is abandoned, or undefined when it is not RUNNING or may still be alive. */
export function abandonment(record: LivenessFields, probe: HostProbe = localProbe()): Abandonment | undefined {
  if (record.status !== "RUNNING") return undefined;
  const p = record.process;
  if (p && p.host === probe.host) {
    if (p.bootId && probe.bootId && p.bootId !== probe.bootId) return gone();
    const startTime = probe.startTimeOf(p.pid);
    if (startTime === undefined) return gone();
    if (p.startTime && startTime && p.startTime !== startTime) return gone(); // the pid was reused
    return undefined;
  }
  // Another host, or a run.json from before process info was recorded: only the heartbeat tells.
  const last = Date.parse(record.heartbeatAt ?? record.startedAt ?? "");
  if (!Number.isFinite(last)) return undefined;
  const minutes = Math.floor((probe.now.getTime() - last) / 60_000);
  if (minutes < ABANDONED_AFTER_MINUTES) return undefined;
  return { reason: `abandoned: no heartbeat for ${minutes} minutes`, certain: false };
}

const gone = (): Abandonment => ({ reason: "abandoned: the process is gone", certain: true });

/** The record as readers should show it: an abandoned RUNNING run becomes FAILED with the reason. */
export function judged<T extends LivenessFields & { error?: string }>(record: T, probe?: HostProbe): T {
  const a = abandonment(record, probe);
  return a ? { ...record, status: "FAILED", error: a.reason } : record;
}

/**
 * Progress on stderr: a one-line bar redrawn in place on a terminal, plain lines when piped
 * (a line per phase; epoch lines every tenth of the epochs but at most one per LINE_EVERY_SEC,
 * besides the first and the last), nothing with --quiet or --json. Both show the time left
 * (experiment/eta.ts); a batch adds its own status (runs done, time left) to the bar.
 */
import type { EpochProgress, ProgressSink } from "../util/progress.js";
import { silentProgress } from "../util/progress.js";
import { formatDuration, runEta } from "../experiment/eta.js";
import type { Io } from "./io.js";

export interface ProgressOptions {
  quiet?: boolean;
  json?: boolean;
  label?: string;
  /** The batch's status, shown before the bar on a terminal (e.g. "3/30 runs · about 5m left"). */
  status?: () => string;
  /** Seconds of a monotonic clock (tests inject one); default performance.now()/1000. */
  clock?: () => number;
}

/** Least seconds between two plain epoch lines of one run. */
export const LINE_EVERY_SEC = 10;

export function progressFor(io: Io, opts: ProgressOptions): ProgressSink {
  if (opts.quiet || opts.json) return silentProgress;
  const clock = opts.clock ?? (() => performance.now() / 1000);
  return io.isTTY ? ttyProgress(io, opts, clock) : lineProgress(io, opts.label, clock);
}

const prefix = (label?: string) => (label ? `[${label}] ` : "");

function lineProgress(io: Io, label: string | undefined, clock: () => number): ProgressSink {
  let started = clock();
  let lastLine = -Infinity;
  return {
    phase(p) {
      io.err(`${prefix(label)}${p}\n`);
      started = clock();
    },
    features: (done, total, song, what = "features") => io.err(`${prefix(label)}${what} ${done}/${total} ${song}\n`),
    epoch(p) {
      const step = Math.max(1, Math.round(p.epochs / 10));
      const now = clock();
      const due = p.epoch % step === 0 && now - lastLine >= LINE_EVERY_SEC;
      if (p.epoch === 1 || due || p.epoch === p.epochs) {
        lastLine = now;
        io.err(`${prefix(label)}${epochText(p)} · ${leftText(p, now - started)}\n`);
      }
    },
    note: (m) => io.err(`${prefix(label)}${m}\n`),
    end() {},
  };
}

/** "~12s left" or, with early stopping, "~12s left (at most 1m20s)". */
export function leftText(p: EpochProgress, elapsedSec: number): string {
  const eta = runEta({ elapsedSec, epoch: p.epoch, epochs: p.epochs, stopBy: p.stopBy });
  const most = p.stopBy !== undefined && eta.atMostSec > eta.expectedSec ? ` (at most ${formatDuration(eta.atMostSec)})` : "";
  return `~${formatDuration(eta.expectedSec)} left${most}`;
}

function ttyProgress(io: Io, opts: ProgressOptions, clock: () => number): ProgressSink {
  const { label } = opts;
  const status = () => (opts.status ? `[${opts.status()}] ` : "");
  let drawn = false;
  let started = clock();
  const draw = (text: string) => {
    io.err(`\r\x1b[2K${text.slice(0, Math.max(10, io.columns - 1))}`);
    drawn = true;
  };
  const clear = () => {
    if (drawn) io.err("\r\x1b[2K");
    drawn = false;
  };
  return {
    phase(p) {
      clear();
      io.err(`${prefix(label)}${p}\n`);
      started = clock();
    },
    features: (done, total, song, what = "features") => draw(`${status()}${prefix(label)}${bar(done / total)} ${what} ${done}/${total} ${song}`),
    epoch(p) {
      draw(`${status()}${prefix(label)}${bar(p.epoch / p.epochs)} ${epochText(p)} ${leftText(p, clock() - started)}`);
    },
    note(m) {
      clear();
      io.err(`${prefix(label)}${m}\n`);
    },
    end: clear,
  };
}

function bar(fraction: number, width = 20): string {
  const n = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${"#".repeat(n)}${".".repeat(width - n)}]`;
}

function epochText(p: EpochProgress): string {
  return `epoch ${p.epoch}/${p.epochs} loss ${fmt(p.trainLoss)} val ${fmt(p.valLoss)} valF ${p.valF.toFixed(3)}`;
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(4));

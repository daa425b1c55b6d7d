/**
 * Progress on stderr: a one-line bar redrawn in place on a terminal, plain lines when piped
 * (a line per phase and every tenth of the epochs), nothing with --quiet or --json.
 */
import type { EpochProgress, ProgressSink } from "../util/progress.js";
import { silentProgress } from "../util/progress.js";
import type { Io } from "./io.js";

export function progressFor(io: Io, opts: { quiet?: boolean; json?: boolean; label?: string }): ProgressSink {
  if (opts.quiet || opts.json) return silentProgress;
  return io.isTTY ? ttyProgress(io, opts.label) : lineProgress(io, opts.label);
}

const prefix = (label?: string) => (label ? `[${label}] ` : "");

function lineProgress(io: Io, label?: string): ProgressSink {
  return {
    phase: (p) => io.err(`${prefix(label)}${p}\n`),
    features: (done, total, song, what = "features") => io.err(`${prefix(label)}${what} ${done}/${total} ${song}\n`),
    epoch(p) {
      const step = Math.max(1, Math.round(p.epochs / 10));
      if (p.epoch === 1 || p.epoch % step === 0 || p.epoch === p.epochs) io.err(`${prefix(label)}${epochText(p)}\n`);
    },
    note: (m) => io.err(`${prefix(label)}${m}\n`),
    end() {},
  };
}

function ttyProgress(io: Io, label?: string): ProgressSink {
  let drawn = false;
  let started = 0;
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
      started = performance.now();
    },
    features: (done, total, song, what = "features") => draw(`${prefix(label)}${bar(done / total)} ${what} ${done}/${total} ${song}`),
    epoch(p) {
      const elapsed = (performance.now() - started) / 1000;
      const eta = (elapsed / p.epoch) * (p.epochs - p.epoch);
      draw(`${prefix(label)}${bar(p.epoch / p.epochs)} ${epochText(p)} ETA ${eta.toFixed(0)}s`);
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

/** Where the CLI writes: process streams by default, buffers in tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** stderr is a terminal: progress bars instead of plain lines. */
  isTTY: boolean;
  columns: number;
}

export const processIo: Io = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  get isTTY() {
    return Boolean(process.stderr.isTTY);
  },
  get columns() {
    return process.stderr.columns || 80;
  },
};

/** An Io that records everything (for in-process CLI tests). */
export function bufferIo(): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    isTTY: false,
    columns: 80,
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
  };
  return io;
}

/**
 * Errors a user can act on. The CLI prints `message` alone (one line, no stack trace) and exits 1;
 * anything that is not an InputError is a bug and is printed with its stack.
 *
 * Messages say what, where and what was received:
 *   `data/let_it_be.lab:17: expected "<start> <end> <label>", got "0.5 C"`
 */
export class InputError extends Error {
  override readonly name = "InputError";
  readonly file?: string;
  readonly line?: number;

  constructor(message: string, where: { file?: string; line?: number; cause?: unknown } = {}) {
    super(where.file ? `${formatLocation(where.file, where.line)}: ${message}` : message, {
      cause: where.cause,
    });
    this.file = where.file;
    this.line = where.line;
  }
}

/** `file` or `file:line`. */
export function formatLocation(file: string, line?: number): string {
  return line === undefined ? file : `${file}:${line}`;
}

/** Collected non-fatal problems (lenient label parsing, truncated WAV data, …). */
export interface Warnings {
  warn(message: string): void;
}

/** A Warnings sink that keeps messages in an array (tests, summaries). */
export function collectWarnings(): Warnings & { messages: string[] } {
  const messages: string[] = [];
  return { messages, warn: (m) => void messages.push(m) };
}

/** The user interrupted (Ctrl-C / SIGTERM): not a bug, not bad input; exit code 130. */
export class InterruptedError extends Error {
  override readonly name = "InterruptedError";
  constructor(message = "interrupted") {
    super(message);
  }
}

/**
 * `--fail-on-degenerate`: the run(s) finished and wrote their results, but a model is degenerate
 * (evaluation/degenerate.ts). Not bad input, not a bug; exit code 3, so a script can tell it apart.
 */
export class DegenerateModelError extends Error {
  override readonly name = "DegenerateModelError";
}

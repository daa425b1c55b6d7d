/**
 * The chordtrain command line. `main(argv)` returns the exit code: 0 on success, 1 on bad input
 * (one line naming the file and place, no stack trace), 2 on an internal error (with its stack),
 * 3 when `--fail-on-degenerate` finds a degenerate model (docs/degenerate-models.md), 130 on Ctrl-C.
 */
import { pathToFileURL } from "node:url";
import { Command, CommanderError } from "commander";
import { DegenerateModelError, InputError, InterruptedError } from "../errors.js";
import { chordtrainVersion } from "../experiment/runDir.js";
import { processIo, type Io } from "./io.js";
import { runCommand } from "./run.js";
import { batchCommand } from "./batch.js";
import { collectCommand } from "./collect.js";
import { reportCommand } from "./report.js";
import { statsCommand } from "./stats.js";
import { synthCommand } from "./synth.js";
import { configCommand } from "./config.js";
import { predictCommand } from "./predict.js";
import { evalCommand } from "./eval.js";

export function buildProgram(io: Io): Command {
  const program = new Command("chordtrain")
    .description("Train chord recognizers from weakly aligned labels with soft-DTW, CTC or BCE")
    .version(chordtrainVersion())
    .showHelpAfterError("(add --help for usage)")
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  for (const make of [runCommand, batchCommand, collectCommand, reportCommand, statsCommand, synthCommand, configCommand, predictCommand, evalCommand]) {
    program.addCommand(make(io));
  }
  // addCommand() does not pass settings down: every command writes to `io` and throws instead of exiting.
  for (const cmd of [program, ...program.commands, ...program.commands.flatMap((c) => c.commands)]) {
    cmd.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err }).showHelpAfterError("(add --help for usage)");
  }
  return program;
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    return handleError(error, io);
  }
}

export function handleError(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    // commander already printed its message (or help/version, which exit 0)
    return error.exitCode;
  }
  if (error instanceof InputError) {
    io.err(`chordtrain: ${error.message}\n`);
    return 1;
  }
  if (error instanceof DegenerateModelError) {
    io.err(`chordtrain: ${error.message}\n`);
    return 3;
  }
  if (error instanceof InterruptedError) {
    io.err(`chordtrain: ${error.message}\n`);
    return 130;
  }
  io.err(`chordtrain: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 2;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

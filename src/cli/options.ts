/** Options shared by the commands that read a config, and their parsing. */
import { Command, InvalidArgumentError, Option } from "commander";
import type { CliOverrides } from "../config/load.js";

export interface CommonOptions {
  config?: string;
  data?: string;
  out?: string;
  seed?: number;
  epochs?: number;
  backend?: "wasm" | "cpu" | "node";
  set: string[];
  quiet?: boolean;
  json?: boolean;
}

export function parseNonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected a whole number ≥ 0, got "${value}"`);
  return Number(value);
}

export function parsePositiveInt(value: string): number {
  const n = parseNonNegativeInt(value);
  if (n === 0) throw new InvalidArgumentError(`expected a whole number ≥ 1, got "${value}"`);
  return n;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Adds --config, --data, --out, --seed, --epochs, --backend, --set, --quiet, --json. */
export function withCommonOptions(cmd: Command, opts: { configRequired: boolean }): Command {
  const config = new Option("-c, --config <file>", "config file (YAML or JSON)");
  if (opts.configRequired) config.makeOptionMandatory();
  return cmd
    .addOption(config)
    .option("--data <dir>", "folder searched recursively for audio + annotation files (= data.dir)")
    .option("--out <dir>", "results folder (= out)")
    .option("--seed <n>", "random seed (= seed)", parseNonNegativeInt)
    .option("--epochs <n>", "training epochs (= training.epochs)", parsePositiveInt)
    .addOption(new Option("--backend <name>", "tfjs backend (= training.backend)").choices(["wasm", "cpu", "node"]))
    .option("--set <key=value>", "override any config key, e.g. --set loss.gamma=0.1 (repeatable)", collect, [])
    .option("-q, --quiet", "print nothing but errors and the result")
    .option("--json", "print a machine-readable JSON summary on stdout");
}

export function overridesOf(o: CommonOptions): CliOverrides {
  const set = o.backend ? [`training.backend=${o.backend}`, ...o.set] : o.set;
  return { data: o.data, out: o.out, seed: o.seed, epochs: o.epochs, set };
}

import { Command } from "commander";
import { z } from "zod";
import { loadConfig } from "../config/load.js";
import { ConfigSchema } from "../config/schema.js";
import type { Io } from "./io.js";
import { overridesOf, withCommonOptions, type CommonOptions } from "./options.js";

export function configCommand(io: Io): Command {
  const cmd = new Command("config").description("inspect configuration");
  cmd
    .command("schema")
    .description("print the JSON Schema of config files (for editor completion)")
    .action(() => io.out(JSON.stringify(configJsonSchema(), null, 2) + "\n"));
  withCommonOptions(cmd.command("show").description("print the resolved config (defaults and overrides applied)"), {
    configRequired: false,
  }).action((o: CommonOptions) => io.out(JSON.stringify(loadConfig(o.config, overridesOf(o)), null, 2) + "\n"));
  return cmd;
}

export function configJsonSchema(): unknown {
  // "input": defaults make keys optional in files; `extends` is handled before validation.
  const schema = z.toJSONSchema(ConfigSchema, { io: "input" }) as { properties?: Record<string, unknown> };
  schema.properties = { extends: { type: "string", description: "base config file, relative to this one" }, ...schema.properties };
  return schema;
}

/** The training engines by `training.engine` name: the one place that knows them all. */
import { InputError } from "../../errors.js";
import type { EngineFactory, EngineInput, EngineName, TrainingEngine } from "../engine.js";
import { createJsEngine } from "./js.js";
import { createTfjsEngine } from "./tfjs.js";

export const ENGINES: Readonly<Record<EngineName, EngineFactory>> = {
  js: createJsEngine,
  tfjs: createTfjsEngine,
};

/** The engine `name` made for a run. */
export function createEngine(name: EngineName, input: EngineInput): TrainingEngine {
  const factory = ENGINES[name] as EngineFactory | undefined;
  if (!factory) throw new InputError(`training.engine must be one of ${Object.keys(ENGINES).join(", ")}, got ${JSON.stringify(name)}`);
  return factory(input);
}

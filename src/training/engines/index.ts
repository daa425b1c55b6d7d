/** The training engines by `training.engine` name: the one place that knows them all. */
import { InputError } from "../../errors.js";
import type { EngineFactory, EngineInput, EngineName, ModelWeights, TrainingEngine } from "../engine.js";
import { createJsEngine } from "./js.js";
import { createTfjsEngine } from "./tfjs.js";
import { createContextEngine } from "./context.js";

export const ENGINES: Readonly<Record<EngineName, EngineFactory>> = {
  js: createJsEngine,
  tfjs: createTfjsEngine,
};

/**
 * The engine `name` made for a run: dChord's engine of that name, or the context network's
 * (tfjs; the config schema requires training.engine: tfjs with model.context).
 */
export function createEngine(name: EngineName, input: EngineInput): TrainingEngine<ModelWeights> {
  if (input.cfg.model.context) return createContextEngine(input);
  const factory = ENGINES[name] as EngineFactory | undefined;
  if (!factory) throw new InputError(`training.engine must be one of ${Object.keys(ENGINES).join(", ")}, got ${JSON.stringify(name)}`);
  return factory(input);
}

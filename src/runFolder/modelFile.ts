/**
 * `weights.json`, the model file. Its schema (`ModelFileSchema`) lives with the config schema it
 * reuses (config/schema.ts: audio, features, model settings); it is re-exported here so the
 * run-folder format has one entry point. Written by experiment/outputs.ts (`modelFile`), read in
 * full by `chordtrain predict` (predict/modelFile.ts) and in part by the report (`WeightsSchema`).
 */
import { ModelFileSchema } from "../config/schema.js";

export { ModelFileSchema, MODEL_FILE_FORMAT, MODEL_FILE_VERSION, type ModelFile } from "../config/schema.js";

/**
 * The part of the model file the report draws (the templates figure). A weights.json written
 * before the model file carried its settings has just these keys, so the report reads them alone.
 */
export const WeightsSchema = ModelFileSchema.pick({ gain: true, logGain: true, major: true, minor: true, templates: true }).extend({
  initTemplates: ModelFileSchema.shape.initTemplates.unwrap(),
});

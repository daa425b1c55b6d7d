/**
 * Reading a model for `chordtrain predict`: a run folder (its weights.json) or a weights.json.
 *
 * A model file carries its feature settings (ModelFileSchema). weights.json files written before
 * it did are still accepted when the run's config.json sits beside them (it holds the same
 * settings). Everything else is refused with one line naming the file and the reason: not JSON,
 * not a model, an unknown format version, missing or unusable feature settings.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";
import { CONTEXT_MODEL_FILE_FORMAT, CONTEXT_MODEL_FILE_VERSION, ConfigSchema, ContextModelFileSchema, type AnyModelFile } from "../config/schema.js";
import { MODEL_FILE_FORMAT, MODEL_FILE_VERSION, ModelFileSchema, type ModelFile } from "../runFolder/index.js";
import { checkShapes, contextScorer, contextVocabulary, layerWidths } from "../model/context.js";
import { createScorer, type ChordScorer, type EngineName } from "../model/predict.js";
import { InputError } from "../errors.js";
import { isDirectory } from "../util/files.js";
import { checkFeatureConfig } from "../features/chroma.js";

export interface LoadedModel {
  /** The weights.json that was read. */
  file: string;
  /** A dChord model file, or a context network's (format "chordtrain-context"). */
  model: AnyModelFile;
  /** How the settings were found: in the model file, or in the run's config.json. */
  settingsFrom: "model file" | "config.json";
}

export function readModel(path: string): LoadedModel {
  const file = isDirectory(path) ? join(path, "weights.json") : path;
  if (!existsSync(file)) {
    throw new InputError(isDirectory(path) ? "not a run folder (no weights.json in it)" : "model file not found", { file: path });
  }
  const raw = readJson(file);
  if (isRecord(raw) && raw.format === CONTEXT_MODEL_FILE_FORMAT) return { file, model: readContextModel(raw, file), settingsFrom: "model file" };
  const { value, settingsFrom } = withSettings(raw, file);
  const parsed = ModelFileSchema.safeParse(value);
  if (!parsed.success) throw new InputError(`model cannot be used: ${issueText(parsed.error)}`, { file });
  checkReproducible(parsed.data, file);
  return { file, model: parsed.data, settingsFrom };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new InputError(`not a chordtrain model file (${err instanceof SyntaxError ? "not JSON" : (err as Error).message})`, { file, cause: err });
  }
}

/** The model file as written by chordtrain, or a pre-format weights.json joined with config.json. */
function withSettings(raw: unknown, file: string): { value: unknown; settingsFrom: LoadedModel["settingsFrom"] } {
  if (!isRecord(raw) || !("templates" in raw || "format" in raw)) {
    throw new InputError(`not a chordtrain model file (expected "format": "${MODEL_FILE_FORMAT}" and the dChord weights)`, { file });
  }
  if ("format" in raw) {
    if (raw.format !== MODEL_FILE_FORMAT) throw new InputError(`not a chordtrain model file (format ${JSON.stringify(raw.format)})`, { file });
    if (raw.version !== MODEL_FILE_VERSION) {
      throw new InputError(`model file version ${JSON.stringify(raw.version)} is not supported (this chordtrain reads version ${MODEL_FILE_VERSION})`, { file });
    }
    return { value: raw, settingsFrom: "model file" };
  }
  const configFile = join(dirname(file), "config.json");
  if (!existsSync(configFile)) {
    throw new InputError("weights without feature settings and no config.json beside them: its features cannot be reproduced", { file });
  }
  const config = ConfigSchema.safeParse(readJson(configFile));
  if (!config.success) throw new InputError(`run config cannot be used: ${issueText(config.error)}`, { file: configFile });
  const { audio, features, model, loss, name, seed, training } = config.data;
  const trainedBy = { name, seed, engine: training.engine };
  const value = { ...raw, format: MODEL_FILE_FORMAT, version: MODEL_FILE_VERSION, audio, features, model, loss: { kind: loss.kind }, trainedBy };
  return { value, settingsFrom: "config.json" };
}

/**
 * The scorer of a model file: a dChord file on `engine` (default: the engine it was trained with,
 * "js" when the file does not say), a context network's on tfjs (its only engine). The caller
 * initialises the tfjs backend when the scorer's engine is "tfjs", and owns the scorer.
 */
export function scorerOfModel(model: AnyModelFile, engine?: EngineName): ChordScorer {
  if (model.format === CONTEXT_MODEL_FILE_FORMAT) return contextScorer(model.model.context!, model);
  return createScorer(engine ?? model.trainedBy?.engine ?? "js", model.model, model);
}

/** The engine scorerOfModel(model, engine) runs on. */
export function engineOfModel(model: Pick<AnyModelFile, "format" | "trainedBy">, engine?: EngineName): EngineName {
  return model.format === CONTEXT_MODEL_FILE_FORMAT ? "tfjs" : (engine ?? model.trainedBy?.engine ?? "js");
}

/** A context network's model file: its schema, its features, and layers of the widths its settings say. */
function readContextModel(raw: Record<string, unknown>, file: string): AnyModelFile {
  if (raw.version !== CONTEXT_MODEL_FILE_VERSION) {
    throw new InputError(`model file version ${JSON.stringify(raw.version)} is not supported (this chordtrain reads version ${CONTEXT_MODEL_FILE_VERSION})`, { file });
  }
  const parsed = ContextModelFileSchema.safeParse(raw);
  if (!parsed.success) throw new InputError(`model cannot be used: ${issueText(parsed.error)}`, { file });
  const model = parsed.data;
  try {
    checkFeatureConfig(model.features, model.audio.sampleRate);
  } catch (err) {
    throw new InputError(`its features cannot be reproduced: ${(err as Error).message}`, { file });
  }
  if ((model.loss.kind === "ctc") !== model.blank) {
    throw new InputError(`loss "${model.loss.kind}" ${model.blank ? "has no" : "needs"} a blank output, but the file says blank: ${model.blank}`, { file });
  }
  const vocabulary = contextVocabulary(model.model.context!);
  if (model.classes !== vocabulary.classes) {
    throw new InputError(`model cannot be used: classes is ${model.classes}, the ${vocabulary.name} vocabulary has ${vocabulary.classes} (${vocabulary.chords} chords + N)`, { file });
  }
  try {
    checkShapes(model, layerWidths(model.model.context!, model.classes + (model.blank ? 1 : 0)));
  } catch (err) {
    throw new InputError(`model cannot be used: ${(err as Error).message}`, { file });
  }
  return model;
}

/** Settings valid one by one but not together (a window that is no power of two, …). */
function checkReproducible(model: ModelFile, file: string): void {
  try {
    checkFeatureConfig(model.features, model.audio.sampleRate);
  } catch (err) {
    throw new InputError(`its features cannot be reproduced: ${(err as Error).message}`, { file });
  }
  if ((model.loss.kind === "ctc") !== (model.blank !== undefined)) {
    throw new InputError(`loss "${model.loss.kind}" ${model.blank === undefined ? "needs" : "has no"} a blank score, but the file ${model.blank === undefined ? "has none" : "has one"}`, { file });
  }
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue.path.length > 0 ? issue.path.join(".") : "(top level)"}: ${issue.message}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * `chordtrain predict` as a function: plan the outputs (refusing collisions and, without force,
 * existing files — before anything is computed), then per file analyse, decode, format and write
 * atomically. A failure on one file stops the run; the files already written are complete.
 */
import { basename } from "node:path";
import type { AnyModelFile, PredictConfig } from "../config/schema.js";
import type { Warnings } from "../errors.js";
import type { ProgressSink } from "../util/progress.js";
import { silentProgress } from "../util/progress.js";
import type { EngineName } from "../model/index.js";
import { initBackend } from "../util/tfjs.js";
import { writeFileAtomic } from "../util/atomicWrite.js";
import { checkNoOverwrite, planOutputs } from "./files.js";
import { engineOfModel, scorerOfModel, type LoadedModel } from "./modelFile.js";
import { noChordRule } from "./noChord.js";
import { analyseAudio, segmentsOf } from "./predictFile.js";
import { formatSegments } from "./writers.js";

export interface PredictRequest {
  model: LoadedModel;
  inputs: readonly string[];
  outDir: string;
  config: PredictConfig;
  chordtrainVersion: string;
}

export interface PredictedFile {
  audio: string;
  output: string;
  segments: number;
  durationSec: number;
  /** The forward pass that ran (predictEngine). */
  engine: EngineName;
}

/**
 * The forward pass predict runs: `config.engine` when given, else the engine the model was trained
 * with (trainedBy.engine), else "js" (the default training engine; model files written before the
 * engine was recorded). A context network's model file: always "tfjs", its only engine.
 */
export function predictEngine(config: Pick<PredictConfig, "engine">, model: Pick<AnyModelFile, "format" | "trainedBy">): EngineName {
  return engineOfModel(model, config.engine);
}

export async function runPredict(
  req: PredictRequest,
  opts: { progress?: ProgressSink; warnings?: Warnings } = {},
): Promise<PredictedFile[]> {
  const progress = opts.progress ?? silentProgress;
  const { model, config } = req;
  const planned = planOutputs(req.inputs, { outDir: req.outDir, format: config.format });
  checkNoOverwrite(planned, config.force);
  const engine = predictEngine(config, model.model);
  if (engine === "tfjs") await initBackend("wasm");
  const net = scorerOfModel(model.model, engine);
  const done: PredictedFile[] = [];
  try {
    progress.phase(`predicting ${planned.length} file${planned.length === 1 ? "" : "s"}`);
    for (const [k, p] of planned.entries()) {
      progress.features(k, planned.length, p.audio, "file");
      const analysis = await analyseAudio(p.audio, net, model.model, opts.warnings);
      const segments = segmentsOf(analysis, model.model, config);
      const text = formatSegments(segments, config.format, {
        durationSec: analysis.durationSec,
        title: basename(p.audio),
        modelSource: `chordtrain predict, model ${model.file}`,
        chordtrainVersion: req.chordtrainVersion,
        // silenceDb "off" (the CLI's word) rather than null: the sandbox says plainly that no threshold applied.
        settings: { model: model.file, smoothing: config.smoothing, selfProb: config.selfProb, medianLength: config.medianLength, silenceDb: config.silenceDb ?? "off" },
        noChordRule: noChordRule(config.silenceDb),
      });
      writeFileAtomic(p.output, text);
      done.push({ ...p, segments: segments.length, durationSec: analysis.durationSec, engine: net.engine });
    }
    progress.features(planned.length, planned.length, "done", "file");
  } finally {
    net.dispose();
    progress.end();
  }
  return done;
}

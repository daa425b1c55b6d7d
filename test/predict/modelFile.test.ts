/**
 * Reading a model: what training writes is read back whole; every way a file can fail to be a
 * usable model gives one line naming the file and the reason.
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { ConfigSchema, type ModelFile } from "../../src/config/schema.js";
import { modelFile } from "../../src/experiment/outputs.js";
import { expandTemplates, MAJOR_TRIAD, MINOR_TRIAD } from "../../src/model/index.js";
import { readModel } from "../../src/predict/modelFile.js";
import { predictEngine } from "../../src/predict/runPredict.js";
import { tmpFolder } from "../helpers/tmp.js";
import { inputErrorOf } from "../helpers/errors.js";

const weights = {
  gain: 2,
  logGain: Math.log(2),
  major: [...MAJOR_TRIAD],
  minor: [...MINOR_TRIAD],
  templates: expandTemplates(MAJOR_TRIAD, MINOR_TRIAD),
  initTemplates: expandTemplates(MAJOR_TRIAD, MINOR_TRIAD),
};
const config = ConfigSchema.parse({ name: "m", seed: 3, features: { hopLength: 1024, chroma: "meyda" } });
const good = modelFile(config, weights, "9.9.9");
const json = (v: unknown) => JSON.stringify(v);

describe("readModel", () => {
  it("reads what training writes, from the run folder or the file, with the training's feature settings", () => {
    const dir = tmpFolder({ "weights.json": json(good) });
    for (const path of [dir, join(dir, "weights.json")]) {
      const m = readModel(path);
      expect(m.file).toBe(join(dir, "weights.json"));
      expect(m.settingsFrom).toBe("model file");
      expect(m.model.features).toEqual(config.features);
      expect(m.model.features.hopLength).toBe(1024);
      expect(m.model.audio).toEqual(config.audio);
      expect((m.model as ModelFile).templates).toEqual(weights.templates);
      expect(m.model.trainedBy).toEqual({ name: "m", seed: 3, chordtrain: "9.9.9", engine: "js" });
    }
  });

  it("reads an older weights.json (no settings) through the run's config.json beside it", () => {
    const dir = tmpFolder({ "weights.json": json(weights), "config.json": json(config) });
    const m = readModel(dir);
    expect(m.settingsFrom).toBe("config.json");
    expect(m.model.features).toEqual(config.features);
    const tfjsRun = { ...config, training: { ...config.training, engine: "tfjs" } };
    expect(readModel(tmpFolder({ "weights.json": json(weights), "config.json": json(tfjsRun) })).model.trainedBy?.engine).toBe("tfjs");
  });

  it("predicts on the engine the model was trained with, unless asked otherwise", () => {
    const tfjsModel = modelFile({ ...config, training: { ...config.training, engine: "tfjs" } }, weights);
    expect(tfjsModel.trainedBy?.engine).toBe("tfjs");
    expect(predictEngine({}, tfjsModel)).toBe("tfjs");
    expect(predictEngine({}, good)).toBe("js");
    expect(predictEngine({ engine: "js" }, tfjsModel)).toBe("js");
    expect(predictEngine({ engine: "tfjs" }, good)).toBe("tfjs");
    // a model file from before the engine was recorded: the default training engine
    expect(predictEngine({}, { ...good, trainedBy: { name: "m", seed: 3 } })).toBe("js");
  });

  const refusals: [string, Record<string, string>, RegExp][] = [
    ["a file that is not JSON", { "weights.json": "gain: 1" }, /weights\.json: not a chordtrain model file \(not JSON\)$/],
    ["JSON that is not a model", { "weights.json": json({ hello: 1 }) }, /weights\.json: not a chordtrain model file \(expected "format"/],
    ["another format", { "weights.json": json({ ...good, format: "keras" }) }, /weights\.json: not a chordtrain model file \(format "keras"\)/],
    ["an unknown version", { "weights.json": json({ ...good, version: 2 }) }, /weights\.json: model file version 2 is not supported \(this chordtrain reads version 1\)/],
    ["a missing feature setting", { "weights.json": json({ ...good, features: { ...good.features, hopLength: undefined } }) }, /weights\.json: model cannot be used: features\.hopLength: /],
    ["an unknown chroma backend", { "weights.json": json({ ...good, features: { ...good.features, chroma: "cqt" } }) }, /weights\.json: model cannot be used: features\.chroma: /],
    ["an unknown feature setting", { "weights.json": json({ ...good, features: { ...good.features, bins: 36 } }) }, /weights\.json: model cannot be used: features: .*bins/],
    ["features that cannot be computed", { "weights.json": json({ ...good, features: { ...good.features, windowLength: 3000 } }) }, /weights\.json: its features cannot be reproduced: features\.windowLength must be a power of two/],
    ["missing templates", { "weights.json": json({ ...good, templates: undefined }) }, /weights\.json: model cannot be used: templates: /],
    ["a CTC model without its blank", { "weights.json": json({ ...good, loss: { kind: "ctc" } }) }, /weights\.json: loss "ctc" needs a blank score/],
    ["old weights without config.json", { "weights.json": json(weights) }, /weights\.json: weights without feature settings and no config\.json beside them/],
  ];
  for (const [name, files, message] of refusals) {
    it(`refuses ${name} in one line naming the file`, () => {
      const dir = tmpFolder(files);
      const e = inputErrorOf(() => readModel(dir));
      expect(e.message).toMatch(message);
      expect(e.message).not.toContain("\n");
      expect(e.message.startsWith(join(dir, "weights.json"))).toBe(true);
    });
  }

  it("refuses a folder without weights.json and a missing path", () => {
    const dir = tmpFolder({ "notes.txt": "x" });
    expect(inputErrorOf(() => readModel(dir)).message).toBe(`${dir}: not a run folder (no weights.json in it)`);
    expect(inputErrorOf(() => readModel(join(dir, "nope.json"))).message).toBe(`${join(dir, "nope.json")}: model file not found`);
  });
});

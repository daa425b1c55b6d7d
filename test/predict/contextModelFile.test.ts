/**
 * The context network's model file: what a run writes is what predict reads (round trip), predict
 * runs it on tfjs whatever --engine says, and a file whose layers disagree with its settings is
 * refused with one line naming the file.
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { ConfigSchema } from "../../src/config/schema.js";
import { InputError } from "../../src/errors.js";
import { modelFile } from "../../src/experiment/outputs.js";
import { initialContextWeights } from "../../src/model/context.js";
import { readModel } from "../../src/predict/modelFile.js";
import { predictEngine } from "../../src/predict/runPredict.js";
import { tmpFolder } from "../helpers/tmp.js";

const config = ConfigSchema.parse({ name: "c", seed: 2, model: { context: { radius: 1, hidden: [3] } }, training: { engine: "tfjs" } });
const weights = initialContextWeights(config.model.context!, { seed: 2, withBlank: false });
const written = JSON.parse(JSON.stringify(modelFile(config, weights, "9.9.9")));

describe("context model file", () => {
  it("round-trips through readModel, and predict runs it on tfjs", () => {
    const dir = tmpFolder({ "weights.json": JSON.stringify(written) });
    const m = readModel(dir);
    expect(m.model).toEqual(written);
    expect(m.model.format).toBe("chordtrain-context");
    expect(predictEngine({ engine: "js" }, m.model)).toBe("tfjs");
  });

  it("refuses layers of other widths than model.context says", () => {
    const wrong = { ...written, model: { ...written.model, context: { ...written.model.context, radius: 2 } } };
    const dir = tmpFolder({ "weights.json": JSON.stringify(wrong) });
    expect(() => readModel(dir)).toThrow(InputError);
    expect(() => readModel(dir)).toThrow(`${join(dir, "weights.json")}: model cannot be used: context weights have layer widths 36→3→25, the settings say 60→3→25`);
  });

  it("round-trips a sevenths model (61 classes) and refuses one whose classes disagree with its vocabulary", () => {
    const cfg7 = ConfigSchema.parse({ name: "c", seed: 2, model: { context: { radius: 1, hidden: [3], vocabulary: "sevenths" } }, training: { engine: "tfjs" } });
    const file7 = JSON.parse(JSON.stringify(modelFile(cfg7, initialContextWeights(cfg7.model.context!, { seed: 2, withBlank: false }), "9.9.9")));
    expect(file7.classes).toBe(61); // 5 qualities × 12 roots + N
    expect(file7.layers.at(-1).bias.length).toBe(61);
    expect(readModel(tmpFolder({ "weights.json": JSON.stringify(file7) })).model).toEqual(file7);
    // a majmin file that claims the sevenths vocabulary
    const wrong = { ...written, model: { ...written.model, context: { ...written.model.context, vocabulary: "sevenths" } } };
    const dir = tmpFolder({ "weights.json": JSON.stringify(wrong) });
    expect(() => readModel(dir)).toThrow(`${join(dir, "weights.json")}: model cannot be used: classes is 25, the sevenths vocabulary has 61 (60 chords + N)`);
  });

  it("refuses a CTC model without a blank output", () => {
    const dir = tmpFolder({ "weights.json": JSON.stringify({ ...written, loss: { kind: "ctc" } }) });
    expect(() => readModel(dir)).toThrow(/needs a blank output/);
  });
});

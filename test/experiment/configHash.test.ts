/**
 * The resume hash: every key that changes a run's numbers changes it; `out`, `name` and `report`
 * (where and how results are shown) do not. The keys are read off the zod schema, so a key added
 * later is covered without editing this test (and one without a usable alternative value fails it).
 */
import { describe, expect, it } from "vitest";
import { ConfigSchema } from "../../src/config/schema.js";
import { configHash } from "../../src/experiment/runDir.js";

const defaults = ConfigSchema.parse({});
const baseHash = configHash(defaults);

/** The keys of a config section, from the schema (sections are strict objects wrapped in a prefault). */
function sectionKeys(section: "training" | "loss"): string[] {
  const wrapped = ConfigSchema.shape[section] as unknown as { unwrap(): { shape: Record<string, unknown> } };
  return Object.keys(wrapped.unwrap().shape);
}

/** Candidate values unlike the default: numbers nudged, booleans flipped, enum options, a few literals. */
function alternatives(value: unknown): unknown[] {
  if (typeof value === "number") return [value + 1, value / 2, value * 2];
  if (typeof value === "boolean") return [!value];
  if (typeof value === "string") return ["tfjs", "wasm", "cpu", "none", "n", "m", "n+m", "bce", "softDtw", "ctc", "valChordLoss", "epoch"].filter((s) => s !== value);
  if (Array.isArray(value)) return [value.map((v, i) => (i === 0 && typeof v === "number" ? v + 1 : v))];
  return [0.5, { start: 1, constEpochs: 1, decayEpochs: 1 }, { weight: 1, nu: 1, constEpochs: 1, decayEpochs: 1 }, { weight: 1, constEpochs: 1, decayEpochs: 1 }, { patience: 1 }, { rate: 0.1 }, "epoch", "crossEntropy"]; // optional keys without a default
}

/**
 * Two valid configs that differ only in `section.key`: the defaults and the defaults with another
 * value; for a loss key valid with one loss only (e.g. loss.proportionWeight, soft-DTW's), both
 * with that loss.kind; for one valid with the context model on tfjs only (loss.templatePrior,
 * loss.softDtwCost), both with that model.
 */
function changed(section: "training" | "loss", key: string) {
  const current = (defaults[section] as Record<string, unknown>)[key];
  const contextSoftDtw = { model: { context: {} }, training: { engine: "tfjs" }, targets: { kind: "soft" }, loss: { kind: "softDtw" } };
  const bases: Record<string, Record<string, unknown>>[] =
    section === "loss" && key !== "kind" ? [{}, { loss: { kind: "softDtw" } }, { loss: { kind: "ctc" } }, contextSoftDtw] : [{}];
  for (const base of bases) {
    const unchanged = ConfigSchema.parse(base);
    for (const value of alternatives(current)) {
      const parsed = ConfigSchema.safeParse({ ...base, [section]: { ...(base[section] ?? {}), [key]: value } });
      if (parsed.success && JSON.stringify((parsed.data[section] as Record<string, unknown>)[key]) !== JSON.stringify(current)) {
        return { unchanged, parsed: parsed.data };
      }
    }
  }
  throw new Error(`no valid alternative value for ${section}.${key}: extend alternatives()`);
}

describe("configHash", () => {
  it("finds the training keys in the schema", () => {
    expect(sectionKeys("training")).toContain("epochs");
    expect(sectionKeys("training").length).toBeGreaterThanOrEqual(7);
  });

  for (const section of ["training", "loss"] as const) {
    it.each(sectionKeys(section))(`changes with ${section}.%s`, (key) => {
      const { unchanged, parsed } = changed(section, key);
      expect(configHash(parsed)).not.toBe(configHash(unchanged));
    });
  }

  it("ignores out, name and report", () => {
    const shown = ConfigSchema.parse({ out: "elsewhere", name: "other-name", report: { enabled: false, png: false, alignmentEpochs: [2] } });
    expect(configHash(shown)).toBe(baseHash);
  });

  it("changes with the seed and the data", () => {
    expect(configHash(ConfigSchema.parse({ seed: 1 }))).not.toBe(baseHash);
    expect(configHash(ConfigSchema.parse({ data: { dir: "other" } }))).not.toBe(baseHash);
  });
});

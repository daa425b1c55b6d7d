import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importCycles, importGraph, importsOf, layerViolations, parseLayers, readSources, SRC_ROOT, stageOf } from "./importGraph.js";

const LAYERS = parseLayers(readFileSync(join(SRC_ROOT, "..", "docs", "ARCHITECTURE.md"), "utf8"));
const sources = readSources(SRC_ROOT);

describe("src/ follows the dependency rule of docs/ARCHITECTURE.md", () => {
  const edges = importGraph(sources);

  it("reads the imports of every file (sanity: the graph is not empty)", () => {
    expect(sources.size).toBeGreaterThan(100);
    expect(edges.length).toBeGreaterThan(300);
  });

  it("lists every stage folder of src/ in exactly one layer", () => {
    const listed = LAYERS.flat();
    expect(new Set(listed).size).toBe(listed.length);
    const stages = [...new Set([...sources.keys()].map(stageOf))].sort();
    expect(stages.filter((s) => !listed.includes(s))).toEqual([]);
  });

  it("has no import that points to the same or a later layer", () => {
    expect(layerViolations(edges, LAYERS)).toEqual([]);
  });

  it("has no import cycle between files", () => {
    expect(importCycles(edges)).toEqual([]);
  });
});

// The checker itself, on made-up trees whose answer is known.
describe("the import checker", () => {
  const layers = [["util"], ["audio", "annotations"], ["model"]];

  it("counts import type, export … from, side effects and import(), not comments or strings", () => {
    const text = [
      '// import { a } from "../util/commented.js"',
      'import type { A } from "../util/a.js";',
      "import {",
      "  B,",
      '} from "./b.js";',
      'export * from "../annotations/c.js";',
      'import "../util/side.js";',
      'const s = "import x from \'../util/str.js\'";',
      'const m = await import("../util/dyn.js");',
      'import { z } from "zod";',
    ].join("\n");
    expect(importsOf("model/m.ts", text)).toEqual([
      { from: "model/m.ts", line: 2, to: "util/a.ts" },
      { from: "model/m.ts", line: 5, to: "model/b.ts" },
      { from: "model/m.ts", line: 6, to: "annotations/c.ts" },
      { from: "model/m.ts", line: 7, to: "util/side.ts" },
      { from: "model/m.ts", line: 9, to: "util/dyn.ts" },
    ]);
  });

  it("reports an upward and a sideways import with file:line, and accepts downward ones", () => {
    const edges = importGraph(
      new Map([
        ["util/u.ts", 'import { x } from "../model/m.js";\n'],
        ["audio/a.ts", '\nimport type { T } from "../annotations/t.js";\nimport { y } from "../util/u.js";\n'],
        ["model/m.ts", 'import { a } from "../audio/a.js";\nimport { m2 } from "./sub/m2.js";\n'],
      ]),
    );
    expect(layerViolations(edges, layers)).toEqual([
      "src/util/u.ts:1: util (layer 0) imports src/model/m.ts, model (layer 2, a later layer)",
      "src/audio/a.ts:2: audio (layer 1) imports src/annotations/t.ts, annotations (layer 1, the same layer)",
    ]);
  });

  it("reports a stage missing from the layer list", () => {
    const edges = importGraph(new Map([["runs/r.ts", 'import { x } from "../util/u.js";\n']]));
    expect(layerViolations(edges, layers)).toEqual([
      'src/runs/r.ts:1: stage "runs" is not in the layer list of docs/ARCHITECTURE.md ("## Dependency rule"): add it there',
    ]);
  });

  it("reports a cycle of type imports inside one folder as the shortest loop, and nothing for a diamond", () => {
    const edges = importGraph(
      new Map([
        ["model/a.ts", 'import type { B } from "./b.js";\nimport { d } from "./d.js";\n'],
        ["model/b.ts", 'import { C } from "./c.js";\n'],
        ["model/c.ts", '\n\nexport type { A } from "./a.js";\n'],
        ["model/d.ts", 'import { e } from "./e.js";\n'],
        ["model/x.ts", 'import { d } from "./d.js";\nimport { e } from "./e.js";\n'],
        ["model/e.ts", ""],
      ]),
    );
    expect(importCycles(edges)).toEqual(["import cycle: src/model/a.ts:1 → src/model/b.ts:1 → src/model/c.ts:3 → src/model/a.ts"]);
    expect(importCycles(edges.filter((e) => e.from !== "model/c.ts"))).toEqual([]);
  });

  it("reads the layer list: one layer a line, comments and blank lines skipped", () => {
    const md = "# x\n```\nno\n```\n## Dependency rule\ntext\n```text\n# first\nutil   # bottom\n\naudio annotations\n```\n";
    expect(parseLayers(md)).toEqual([["util"], ["audio", "annotations"]]);
  });
});

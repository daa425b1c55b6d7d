/**
 * The import graph of src/ and the two rules it must follow (docs/ARCHITECTURE.md, "Dependency
 * rule"): every import between stage folders points to an earlier layer, and no files import each
 * other in a cycle. Imports are read with TypeScript's own pre-processor (`ts.preProcessFile`), so
 * `import type`, `export … from`, side-effect imports and `import("…")` all count, and comments or
 * strings that look like imports do not.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix, relative, sep } from "node:path";
import ts from "typescript";

/** One import of one file: the importing file, its 1-based line, and the imported file (both relative to src/). */
export interface ImportEdge {
  from: string;
  line: number;
  to: string;
}

/** A file's relative imports as src-relative `.ts` paths, with their lines. Package imports are left out. */
export function importsOf(file: string, text: string): ImportEdge[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  const edges: ImportEdge[] = [];
  for (const ref of importedFiles) {
    if (!ref.fileName.startsWith(".")) continue;
    const to = posix.normalize(posix.join(posix.dirname(file), ref.fileName)).replace(/\.js$/, ".ts");
    edges.push({ from: file, line: lineOf(text, ref.pos), to });
  }
  return edges;
}

function lineOf(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Every `.ts` file under `root`, as `/`-separated paths relative to it, with its text. */
export function readSources(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts")) files.set(relative(root, path).split(sep).join("/"), readFileSync(path, "utf8"));
    }
  };
  walk(root);
  return files;
}

/** The stage a src-relative file belongs to: its top folder (`training/engines/js.ts` → `training`), or the file itself at the top (`errors.ts`). */
export function stageOf(file: string): string {
  const slash = file.indexOf("/");
  return slash < 0 ? file : file.slice(0, slash);
}

/**
 * The layer list from docs/ARCHITECTURE.md: the first fenced block after the heading
 * "## Dependency rule"; one layer a line, first line first (imports nothing of chordtrain), the
 * stages of a layer separated by spaces; `#` starts a comment.
 */
export function parseLayers(markdown: string): string[][] {
  const heading = markdown.indexOf("\n## Dependency rule");
  if (heading < 0) throw new Error('docs/ARCHITECTURE.md has no "## Dependency rule" section');
  const block = /```[^\n]*\n([\s\S]*?)```/.exec(markdown.slice(heading));
  if (block === null) throw new Error('docs/ARCHITECTURE.md: no fenced layer list under "## Dependency rule"');
  return block[1]
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim())
    .filter((line) => line !== "")
    .map((line) => line.split(/\s+/));
}

/**
 * Imports that break the layer rule, as "file:line" messages: a stage may import its own folder
 * and the stages of earlier layers only. A stage missing from the list is reported too.
 */
export function layerViolations(edges: readonly ImportEdge[], layers: readonly string[][]): string[] {
  const layerOf = new Map<string, number>();
  layers.forEach((stages, k) => stages.forEach((s) => layerOf.set(s, k)));
  const problems: string[] = [];
  const unknown = new Set<string>();
  for (const e of edges) {
    const [a, b] = [stageOf(e.from), stageOf(e.to)];
    for (const s of [a, b]) {
      if (!layerOf.has(s) && !unknown.has(s)) {
        unknown.add(s);
        problems.push(`src/${e.from}:${e.line}: stage "${s}" is not in the layer list of docs/ARCHITECTURE.md ("## Dependency rule"): add it there`);
      }
    }
    if (a === b || !layerOf.has(a) || !layerOf.has(b)) continue;
    const [la, lb] = [layerOf.get(a)!, layerOf.get(b)!];
    if (lb >= la) {
      const how = lb === la ? "the same layer" : "a later layer";
      problems.push(`src/${e.from}:${e.line}: ${a} (layer ${la}) imports src/${e.to}, ${b} (layer ${lb}, ${how})`);
    }
  }
  return problems;
}

/**
 * Import cycles between files, one message each, listing every edge as "file:line → file".
 * Strongly connected components (Tarjan); for each, the shortest cycle through its first file.
 */
export function importCycles(edges: readonly ImportEdge[]): string[] {
  const out = new Map<string, ImportEdge[]>();
  for (const e of edges) {
    if (!out.has(e.from)) out.set(e.from, []);
    out.get(e.from)!.push(e);
  }
  const nodes = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const e of out.get(v) ?? []) {
      if (!index.has(e.to)) {
        visit(e.to);
        low.set(v, Math.min(low.get(v)!, low.get(e.to)!));
      } else if (onStack.has(e.to)) {
        low.set(v, Math.min(low.get(v)!, index.get(e.to)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = (out.get(v) ?? []).some((e) => e.to === v);
      if (component.length > 1 || selfLoop) components.push(component.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return components.map((component) => {
    const cycle = shortestCycle(component[0], new Set(component), out);
    return "import cycle: " + cycle.map((e) => `src/${e.from}:${e.line}`).join(" → ") + ` → src/${cycle[0].from}`;
  });
}

/** Breadth-first from `start` inside its component back to `start`: the edges of the shortest cycle. */
function shortestCycle(start: string, inside: Set<string>, out: Map<string, ImportEdge[]>): ImportEdge[] {
  const via = new Map<string, ImportEdge>();
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    for (const e of out.get(queue[q]) ?? []) {
      if (!inside.has(e.to)) continue;
      if (e.to === start) {
        const path = [e];
        for (let at = e.from; at !== start; at = via.get(at)!.from) path.unshift(via.get(at)!);
        return path;
      }
      if (!via.has(e.to)) {
        via.set(e.to, e);
        queue.push(e.to);
      }
    }
  }
  throw new Error(`no cycle through ${start}`); // unreachable for a strongly connected component
}

/** The import graph of a source tree: every relative import of every file. */
export function importGraph(sources: ReadonlyMap<string, string>): ImportEdge[] {
  return [...sources].flatMap(([file, text]) => importsOf(file, text));
}

export const SRC_ROOT = join(dirname(new URL(import.meta.url).pathname), "..", "..", "src");

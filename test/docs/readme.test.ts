/**
 * The README is a front door: short, and every command, option and config key is findable from it
 * within two clicks. Read from the code, not from a list kept here: the commands and options from
 * the commander program (`buildProgram`), the config keys from the zod schema's JSON Schema.
 */
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { Command } from "commander";
import { buildProgram } from "../../src/cli/main.js";
import { bufferIo } from "../../src/cli/io.js";
import { configJsonSchema } from "../../src/cli/config.js";
import { BatchSchema } from "../../src/config/schema.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const readmePath = join(root, "README.md");
const docsDir = join(root, "docs");
const read = (file: string) => readFileSync(file, "utf8");

// ---- Markdown, as GitHub renders it (only what these checks need) ----

/** The text outside fenced code blocks and HTML comments, with inline code spans kept as text. */
function prose(markdown: string): string[] {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.replace(/<!--[\s\S]*?-->/g, "").split("\n")) {
    const m = /^\s*(`{3,}|~{3,})/.exec(line);
    if (m) {
      if (fence === undefined) fence = m[1]![0];
      else if (m[1]![0] === fence) fence = undefined;
      lines.push("");
      continue;
    }
    lines.push(fence === undefined ? line : "");
  }
  return lines;
}

/** Link targets `[text](target)` outside code (fences and inline code spans). */
function linkTargets(markdown: string): string[] {
  const text = prose(markdown)
    .join("\n")
    .replace(/`[^`\n]*`/g, "");
  return [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!);
}

/** GitHub's heading anchor (github-slugger): markup dropped, lower case, punctuation removed, spaces → '-'. */
export function slug(heading: string): string {
  const text = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1") // links → their text
    .replace(/[`*]/g, "");
  return text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "").replace(/ /g, "-");
}

/** Every anchor of a file: its headings' slugs, repeated ones numbered as GitHub does (x, x-1, x-2). */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of prose(markdown)) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

const markdownFiles = () => [readmePath, ...readdirSync(docsDir).filter((f) => f.endsWith(".md")).map((f) => join(docsDir, f))];

/** Broken relative links of one file: a missing file, or a missing heading anchor in a Markdown file. */
function brokenLinks(file: string): string[] {
  const broken: string[] = [];
  for (const target of linkTargets(read(file))) {
    if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // http:, https:, mailto:
    const [pathPart = "", anchor] = target.split("#", 2) as [string, string | undefined];
    const path = pathPart === "" ? file : resolve(dirname(file), decodeURIComponent(pathPart));
    const where = `${relative(root, file)} → ${target}`;
    if (!existsSync(path)) {
      broken.push(`${where}: no such file`);
      continue;
    }
    if (anchor !== undefined && path.endsWith(".md") && statSync(path).isFile() && !anchors(read(path)).has(anchor)) {
      broken.push(`${where}: no heading with this anchor in ${relative(root, path)}`);
    }
  }
  return broken;
}

// ---- The CLI, read from the commander program ----

interface CommandInfo {
  /** e.g. "run", "config show" */
  path: string;
  /** The top-level command it belongs to, e.g. "config". */
  top: string;
  longOptions: string[];
}

function commands(): CommandInfo[] {
  const out: CommandInfo[] = [];
  const visit = (cmd: Command, prefix: string[], top: string | undefined) => {
    for (const sub of cmd.commands) {
      if (sub.name() === "help") continue;
      const path = [...prefix, sub.name()];
      out.push({ path: path.join(" "), top: top ?? sub.name(), longOptions: sub.options.flatMap((o) => (o.long ? [o.long] : [])) });
      visit(sub, path, top ?? sub.name());
    }
  };
  visit(buildProgram(bufferIo()), [], undefined);
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The README's commands-table row of a top-level command, and the files its links point to. */
function commandRow(readme: string, top: string): { row: string; pages: string[] } | undefined {
  const row = readme.split("\n").find((l) => new RegExp(`^\\|\\s*\`chordtrain ${escape(top)}[\\s\`]`).test(l));
  if (row === undefined) return undefined;
  const pages = linkTargets(row)
    .map((t) => t.split("#")[0]!)
    .filter((p) => p.endsWith(".md"))
    .map((p) => resolve(root, p));
  return { row, pages };
}

// ---- Config keys, read from the schema ----

type JsonSchema = { properties?: Record<string, JsonSchema>; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; allOf?: JsonSchema[] };

function keyPaths(schema: JsonSchema, prefix = ""): string[] {
  const out: string[] = [];
  for (const part of [schema, ...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) {
    for (const [key, value] of Object.entries(part.properties ?? {})) {
      const path = prefix ? `${prefix}.${key}` : key;
      out.push(path, ...keyPaths(value, path));
    }
  }
  return [...new Set(out)];
}

/** The text of one `## heading` section of a Markdown file. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) return "";
  const end = markdown.indexOf("\n## ", start + 4);
  return markdown.slice(start, end < 0 ? undefined : end);
}

// ---- The checks ----

describe("the Markdown helpers of this test", () => {
  // Anchors as github.com gives them to these headings (lower case; punctuation such as . : , ' ( ) → dropped; _ kept).
  it.each([
    ["Table 4.1", "table-41"],
    ["Seeing a collapse, comparing rows", "seeing-a-collapse-comparing-rows"],
    ["Conventions (mir_eval's, kept identically)", "conventions-mir_evals-kept-identically"],
    ["In `chordtrain run`: `metrics.json` → `mirEval`", "in-chordtrain-run-metricsjson--mireval"],
    ["chordtrain predict and chordtrain eval", "chordtrain-predict-and-chordtrain-eval"],
  ])("slug(%j) = %j", (heading, expected) => {
    expect(slug(heading)).toBe(expected);
  });

  it("finds links outside code only, and numbers repeated headings", () => {
    const md = "[a](x.md) `[b](y.md)`\n```sh\n[c](z.md)\n# not a heading\n```\n# Top\n## Top\n<!-- [d](w.md) -->";
    expect(linkTargets(md)).toEqual(["x.md"]);
    expect([...anchors(md)]).toEqual(["top", "top-1"]);
  });
});

describe("README.md is a front door", () => {
  const readme = read(readmePath);

  it("has at most 320 lines", () => {
    expect(readme.split("\n").length).toBeLessThanOrEqual(320);
  });

  it("every relative link in README.md and docs/*.md reaches an existing file and heading", () => {
    expect(markdownFiles().flatMap(brokenLinks)).toEqual([]);
  });

  it("names every command of the CLI (`chordtrain <command>`), each with a row in the commands table", () => {
    const all = commands();
    expect(all.map((c) => c.path)).toContain("run"); // the program was read
    const missing = all.filter((c) => !new RegExp(`chordtrain ${escape(c.path)}\\b`).test(readme)).map((c) => c.path);
    expect(missing).toEqual([]);
    const withoutRow = [...new Set(all.map((c) => c.top))].filter((top) => commandRow(readme, top) === undefined);
    expect(withoutRow).toEqual([]);
  });

  it("every option of every command is documented on a page its commands-table row links to", () => {
    const undocumented: string[] = [];
    for (const c of commands()) {
      const row = commandRow(readme, c.top);
      if (row === undefined) continue; // reported by the test above
      const text = [readme, ...row.pages.filter(existsSync).map(read)].join("\n");
      for (const long of c.longOptions) {
        if (!new RegExp(`${escape(long)}(?![\\w-])`).test(text)) undocumented.push(`chordtrain ${c.path} ${long}`);
      }
    }
    expect(undocumented).toEqual([]);
  });

  it("docs/configuration.md has every config key of the schema, and every key of a batch file", () => {
    const doc = read(join(docsDir, "configuration.md"));
    const keys = keyPaths(configJsonSchema() as JsonSchema);
    expect(keys).toEqual(expect.arrayContaining(["data", "loss.diagonalPrior.nu", "training.engine"])); // the schema was read
    expect(keys.filter((k) => !doc.includes(`\`${k}\``))).toEqual([]);
    const batchKeys = keyPaths(z.toJSONSchema(BatchSchema, { io: "input" }) as JsonSchema).filter((k) => !k.includes("."));
    const batchSection = section(doc, "Batch files");
    expect(batchKeys.filter((k) => !batchSection.includes(`\`${k}\``))).toEqual([]);
  });

  it("keeps the quick start's test command the one CI runs (npm test)", () => {
    expect(readme).toMatch(/^npm ci && npm test\b/m);
    expect(read(join(root, ".ci/run"))).toMatch(/^npm test\b/m);
  });
});

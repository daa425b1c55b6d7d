/**
 * Every `@example` in src/losses runs, and the results it states are compared, not just printed:
 * each block is written to .tmp/losses-examples/ with `from "chordtrain"` pointing at
 * src/losses/index.ts, its stated results turned into recorded claims, then imported (vitest
 * compiles it). Stated results are
 *   `expr; // 4 …`, `expr; // { value: 1, … }`, `expr; // > 0: …`   (the statement's value), and
 *   `// lo = [0, 2], cells = 15`, `// value ≈ 42.0586, grad ≈ [[…]]` (variables of the example);
 * "≈" allows half a unit of the last stated digit, "=" and a bare value mean exactly equal.
 * The README links to these examples, so they must not rot.
 */
import { describe, expect, it } from "vitest";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const srcDir = resolve(here, "../../src/losses");
const outDir = resolve(here, "../../.tmp/losses-examples");

function examples(): Array<{ name: string; code: string }> {
  const out: Array<{ name: string; code: string }> = [];
  // the losses, and the fast exp/log they are built on (src/util/fastMath.ts, written for them)
  const files = [...readdirSync(srcDir).filter((f) => f.endsWith(".ts")).sort(), "../util/fastMath.ts"];
  for (const file of files) {
    const lines = readFileSync(join(srcDir, file), "utf8").split("\n");
    let block: string[] | null = null;
    let n = 0;
    for (const line of lines) {
      if (block === null) {
        if (/^\s*\* @example\s*$/.test(line)) block = [];
        continue;
      }
      if (/^\s*\*\//.test(line) || /^\s*\* @/.test(line)) {
        out.push({ name: `${file.replace(/^.*\//, "").replace(/\.ts$/, "")}-${++n}`, code: block.join("\n") });
        block = null;
        continue;
      }
      block.push(line.replace(/^\s*\* ?/, ""));
    }
  }
  return out;
}

interface Claim {
  /** How the claim reads in the example, for the failure message. */
  text: string;
  op: "=" | "≈" | ">" | ">=" | "<" | "<=";
  stated: unknown;
  /** For "≈": the tolerance of each stated number (half a unit of its last digit). */
  decimals?: unknown;
}

/** The longest prefix of `text` that is a JSON-like literal (unquoted object keys allowed). */
function literalPrefix(text: string): { value: unknown; source: string } | undefined {
  for (let end = text.length; end > 0; end--) {
    if (end < text.length && !/[\s,;:)]/.test(text[end])) continue;
    const source = text.slice(0, end).trim();
    if (!/^[-\d[{]/.test(source)) return undefined;
    try {
      return { value: JSON.parse(source.replace(/([{,]\s*)([A-Za-z_]\w*)\s*:/g, '$1"$2":')), source };
    } catch {
      /* shorter */
    }
  }
  return undefined;
}

/** Half a unit of the last digit of every number in a literal's source, in the literal's shape. */
const tolerances = (source: string): unknown =>
  JSON.parse(
    source.replace(/([{,]\s*)([A-Za-z_]\w*)\s*:/g, '$1"$2":').replace(/-?\d+(?:\.(\d+))?(?:e(-?\d+))?/g, (_m, frac = "", exp = "0") =>
      String(0.5 * 10 ** (Number(exp) - (frac as string).length)),
    ),
  );

/** Rewrites an example so that each stated result is pushed to `__claims` as [actual, claim]. */
function instrument(code: string): { source: string; count: number } {
  const lines = code.split("\n");
  const out: string[] = [];
  let statement: string[] = [];
  let count = 0;
  const claimCall = (actual: string, claim: Claim) => {
    count++;
    return `__claims.push([${actual}, ${JSON.stringify(claim)}]);`;
  };
  for (const line of lines) {
    const commentOnly = /^\s*\/\/\s*(.*)$/.exec(line);
    if (commentOnly) {
      out.push(line);
      // `name = literal` / `name ≈ literal`, comma- or semicolon-separated
      for (const m of commentOnly[1].matchAll(/(?:^|[,;]\s*)([A-Za-z_]\w*)\s*(=|≈)\s*/g)) {
        const lit = literalPrefix(commentOnly[1].slice(m.index! + m[0].length));
        if (!lit) continue;
        const op = m[2] as "=" | "≈";
        out.push(claimCall(m[1], { text: `${m[1]} ${op} ${lit.source}`, op, stated: lit.value, decimals: op === "≈" ? tolerances(lit.source) : undefined }));
      }
      continue;
    }
    statement.push(line);
    const end = /^(.*);\s*\/\/\s*(.*)$/.exec(line);
    if (end || /;\s*$/.test(line)) {
      const whole = statement.join("\n");
      statement = [];
      const expression = end ? whole.slice(0, whole.lastIndexOf(";", whole.length - end[2].length)) : "";
      const cmp = end ? /^(>=|<=|>|<)\s*(.*)$/.exec(end[2]) : null;
      const lit = end ? literalPrefix(cmp ? cmp[2] : end[2]) : undefined;
      if (end && lit && !/^\s*(const|let|var|for|import)\b/.test(expression)) {
        const op = (cmp?.[1] ?? "=") as Claim["op"];
        out.push(claimCall(`(${expression})`, { text: `${expression.trim()} → ${end[2]}`, op, stated: lit.value }));
      } else out.push(whole);
    }
  }
  out.push(...statement);
  return { source: `export const __claims: [unknown, any][] = [];\n${out.join("\n")}`, count };
}

/** Plain arrays and objects (typed arrays become arrays), for comparison. */
const plain = (v: unknown): unknown =>
  ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : Array.isArray(v) ? v.map(plain) : v;

function check(actual: unknown, claim: Claim): void {
  const a = plain(actual);
  const message = `stated: ${claim.text}, got ${JSON.stringify(a)}`;
  if (claim.op === "=") return void expect(a, message).toEqual(claim.stated);
  if (claim.op === "≈") {
    const close = (x: unknown, s: unknown, tol: unknown): void => {
      if (Array.isArray(s)) {
        expect(Array.isArray(x) && x.length === s.length, message).toBe(true);
        s.forEach((si, i) => close((x as unknown[])[i], si, (tol as unknown[])[i]));
      } else expect(Math.abs((x as number) - (s as number)), message).toBeLessThanOrEqual((tol as number) * (1 + 1e-9));
    };
    return close(a, claim.stated, claim.decimals);
  }
  const [x, s] = [a as number, claim.stated as number];
  const holds = { ">": x > s, ">=": x >= s, "<": x < s, "<=": x <= s }[claim.op];
  expect(holds, message).toBe(true);
}

describe("JSDoc examples of src/losses", () => {
  const found = examples();
  const instrumented = found.map((e) => ({ ...e, ...instrument(e.code) }));

  it("finds examples on every public function, and the results they state", () => {
    expect(found.length).toBeGreaterThanOrEqual(12);
    // band (lo, hi, cells), ctcMinimumFrames, divergence (value, grad, x vs x), dtwPath, expRelative ×2,
    // logOneToFour, softDtw (value, grad), softDtwValue, workspace.bytes
    expect(instrumented.reduce((n, e) => n + e.count, 0)).toBeGreaterThanOrEqual(15);
  });

  it("reads stated results as claims (the parser itself)", () => {
    const { source, count } = instrument("f(2); // 4: the rest\nconst x = g();\n// x ≈ [1.25, 3], y = 7 (note)\nh(); // > 0: positive\nk(); // prose only");
    expect(count).toBe(4);
    expect(source).toContain('__claims.push([(f(2)), {"text":"f(2) → 4: the rest","op":"=","stated":4}]);');
    expect(source).toContain('"op":"≈","stated":[1.25,3],"decimals":[0.005,0.5]');
    expect(source).toContain('__claims.push([y, {"text":"y = 7","op":"=","stated":7}]);');
    expect(source).toContain('"op":">","stated":0');
    expect(source).toContain("k(); // prose only");
  });

  mkdirSync(outDir, { recursive: true });
  const index = pathToFileURL(join(srcDir, "index.ts")).href;
  it.each(instrumented.map((e) => [e.name, e.source]))("%s", async (name, code) => {
    const file = join(outDir, `${name}.ts`);
    const source = code
      .replace(/from "chordtrain"/g, `from ${JSON.stringify(index)}`)
      .replace(/from "(\.\.?\/[A-Za-z/]+)\.js"/g, (_m, mod: string) => `from ${JSON.stringify(pathToFileURL(join(srcDir, `${mod}.ts`)).href)}`);
    writeFileSync(file, `${source}\n`);
    const mod = (await import(pathToFileURL(file).href)) as { __claims: [unknown, Claim][] };
    for (const [actual, claim] of mod.__claims) check(actual, claim);
  });
});

/** Key paths into the config schema: checking that `loss.gamma` exists, and setting it. */
import type { z } from "zod";
import { InputError } from "../errors.js";

type Plain = Record<string, unknown>;

interface Def {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Unwraps default/prefault/optional/nullable to the schema underneath. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let def = defOf(s); def.innerType && def.type !== "object"; def = defOf(s)) s = def.innerType;
  return s;
}

/** Throws an InputError naming `origin` when `path` is not a key of the schema. */
export function assertKnownPath(schema: z.ZodType, path: string[], origin: string): void {
  let node = unwrap(schema);
  for (let i = 0; i < path.length; i++) {
    const def = defOf(node);
    const here = path.slice(0, i).join(".");
    if (def.type !== "object" || !def.shape) {
      throw new InputError(`${origin}: "${here}" has no sub-keys (it is a value)`);
    }
    const child = def.shape[path[i]];
    if (!child) {
      const known = Object.keys(def.shape).join(", ");
      const full = path.slice(0, i + 1).join(".");
      throw new InputError(`${origin}: unknown config key "${full}" (known under ${here || "the top level"}: ${known})`);
    }
    node = unwrap(child);
  }
}

/** Returns a copy of `obj` with `path` set to `value` (creating objects on the way). */
export function setPath(obj: Plain, path: string[], value: unknown): Plain {
  if (path.length === 0) return obj;
  const [head, ...rest] = path;
  const child = obj[head];
  const next = typeof child === "object" && child !== null && !Array.isArray(child) ? (child as Plain) : {};
  return { ...obj, [head]: rest.length === 0 ? value : setPath(next, rest, value) };
}

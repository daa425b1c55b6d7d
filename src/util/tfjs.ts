/**
 * tfjs, loaded with require() on first use. Every module of chordtrain takes `tf` from here.
 *
 * Why not `import * as tf from "@tensorflow/tfjs"`: tfjs is CommonJS, and for an ESM import Node
 * first scans its bundles (several MB) with cjs-module-lexer to find the named exports. Measured on
 * one core: the import took 1.5–1.7 s against 0.6 s for require(), and V8 kept compiling the lexer
 * on a background thread afterwards, so that in a fresh process the first ~1000 softDtw calls at
 * 16 × 150 ran at 1.6–1.8× their steady-state time (bench/losses.bench.ts, "cold process").
 * Loading on first use also spares the commands that never touch a tensor (report, collect, synth,
 * stats) and the library user who only calls softDtw / ctcLoss.
 *
 * require() returns the same module instance as an `import` of the package elsewhere (Node's CJS
 * cache), so tensors and backends are shared with the user's own tfjs.
 */
import { createRequire } from "node:module";
import type * as TF from "@tensorflow/tfjs";
import { InputError } from "../errors.js";

const requireHere = createRequire(import.meta.url);
let loaded: typeof TF | undefined;

/** tfjs and the registration of its wasm backend (as an import of chordtrain did before). */
function load(): typeof TF {
  if (loaded === undefined) {
    loaded = requireHere("@tensorflow/tfjs") as typeof TF;
    requireHere("@tensorflow/tfjs-backend-wasm");
  }
  return loaded;
}

/** The tfjs namespace, loaded when a property is first read. */
export const tf: typeof TF = new Proxy({} as typeof TF, {
  get: (_, key) => (load() as unknown as Record<PropertyKey, unknown>)[key],
  has: (_, key) => key in load(),
});


// The types used across chordtrain, under the same name (a type-only namespace merges with the const).
// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace tf {
  type Tensor<R extends TF.Rank = TF.Rank> = TF.Tensor<R>;
  type Tensor1D = TF.Tensor1D;
  type Tensor2D = TF.Tensor2D;
  type Tensor3D = TF.Tensor3D;
  type Scalar = TF.Scalar;
  type Variable<R extends TF.Rank = TF.Rank> = TF.Variable<R>;
  type GradSaveFunc = TF.GradSaveFunc;
  type Optimizer = TF.Optimizer;
}

/**
 * Backend selection. wasm is the default (SIMD, ~8× faster than the pure-JS cpu backend for
 * dChord). `await tf.setBackend("wasm")` resolves to false, without throwing, when the wasm
 * binary fails to load: check the boolean, or the next op throws a confusing error.
 */
export type BackendName = "wasm" | "cpu" | "node";

export async function initBackend(name: BackendName = "wasm"): Promise<BackendName> {
  tf.enableProdMode(); // silences the cpu backend's "install tfjs-node" banner; skips debug checks
  if (tf.getBackend() === name) return name;
  if (name === "node") {
    // Optional: only if the user installed it (it cannot be installed offline).
    try {
      await import(/* @vite-ignore */ "@tensorflow/tfjs-node" as string);
    } catch {
      throw new InputError(
        'training.backend "node" needs @tensorflow/tfjs-node, which is not installed (npm install @tensorflow/tfjs-node); use "wasm" instead',
      );
    }
    name = "tensorflow" as BackendName;
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new InputError(`tfjs backend "${name}" failed to initialise`);
  await tf.ready();
  return name === ("tensorflow" as BackendName) ? "node" : name;
}

export function tfjsVersion(): string {
  return (requireHere("@tensorflow/tfjs/package.json") as { version: string }).version;
}

/**
 * tfjs backend selection. wasm is the default (SIMD, ~8× faster than the pure-JS cpu backend for
 * dChord). `await tf.setBackend("wasm")` resolves to false, without throwing, when the wasm
 * binary fails to load: check the boolean, or the next op throws a confusing error.
 */
import { tf } from "../util/tfjs.js";
import { createRequire } from "node:module";
import { InputError } from "../errors.js";

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
  const require = createRequire(import.meta.url);
  return (require("@tensorflow/tfjs/package.json") as { version: string }).version;
}

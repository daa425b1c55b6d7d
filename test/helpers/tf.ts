import { initBackend } from "../../src/util/tfjs.js";

/** Tests run on the same backend as the default config: wasm. */
export async function useWasmBackend(): Promise<void> {
  await initBackend("wasm");
}

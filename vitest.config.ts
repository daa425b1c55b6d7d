import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // tfjs-wasm and the DP kernels are CPU-bound; two cores here.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

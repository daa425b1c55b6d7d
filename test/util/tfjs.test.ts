import { describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/util/tfjs.js";

describe("initBackend", () => {
  it("initialises wasm and computes with it", async () => {
    expect(await initBackend("wasm")).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    const y = tf.tidy(() => tf.tensor1d([1, 2, 3]).square().sum().dataSync()[0]);
    expect(y).toBe(14);
  });
  it("names the missing package when the node backend is asked for", async () => {
    await expect(initBackend("node")).rejects.toThrow(/tfjs-node/);
  });
});

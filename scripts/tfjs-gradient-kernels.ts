/**
 * Which tfjs ops have gradients on the offline backends (cpu, wasm): each op is differentiated
 * with tf.variableGrads on a tiny input, and a few gradient kernels are looked up by name.
 * Run: npx tsx scripts/tfjs-gradient-kernels.ts (facts in docs/context-model.md).
 */
import { tf } from "../src/util/tfjs.js";
import { initBackend } from "../src/util/tfjs.js";
const cases: Record<string, (x: any, w: any) => any> = {
  matMul: (x, w) => tf.matMul(x.reshape([6, 4]), w.slice(0, 24).reshape([4, 6])),
  conv1d_input_and_filter: (x, w) => tf.conv1d(x.reshape([1, 6, 4]), w.slice(0, 24).reshape([3, 4, 2]), 1, "same"),
  conv2d_input_and_filter: (x, w) => tf.conv2d(x.reshape([1, 6, 4, 1]), w.slice(0, 18).reshape([3, 3, 1, 2]), 1, "same"),
  relu: (x) => tf.relu(x),
  pad: (x) => tf.pad(x.reshape([6, 4]), [[1, 1], [0, 0]]),
  slice: (x) => tf.slice(x.reshape([6, 4]), [1, 0], [3, 4]),
  concat: (x, w) => tf.concat([x.reshape([6, 4]), w.slice(0, 24).reshape([6, 4])], 1),
  stack: (x, w) => tf.stack([x, w.slice(0, 24)]),
  gather: (x) => tf.gather(x.reshape([6, 4]), [0, 2, 2], 0),
  add_bias_broadcast: (x, w) => tf.add(x.reshape([6, 4]), w.slice(0, 4)),
  softmax: (x) => tf.softmax(x.reshape([6, 4])),
  logSoftmax: (x) => tf.logSoftmax(x.reshape([6, 4])),
  log1p: (x) => tf.log1p(tf.abs(x)),
  sqrt: (x) => tf.sqrt(tf.add(tf.square(x), 1)),
  mirrorPad: (x) => tf.mirrorPad(x.reshape([6, 4]), [[1, 1], [0, 0]], "reflect"),
  maxPool: (x) => tf.maxPool(x.reshape([1, 6, 4, 1]), 2, 1, "same"),
  avgPool: (x) => tf.avgPool(x.reshape([1, 6, 4, 1]), 2, 1, "same"),
  batchNorm_moments: (x) => tf.moments(x.reshape([6, 4]), 0).variance,
  tanh: (x) => tf.tanh(x),
  sigmoid: (x) => tf.sigmoid(x),
  elu: (x) => tf.elu(x),
  dropout: (x) => tf.dropout(x, 0.5, undefined, 1),
  tile: (x) => tf.tile(x.reshape([6, 4]), [1, 2]),
  transpose: (x) => tf.transpose(x.reshape([6, 4])),
};
for (const backend of ["cpu", "wasm"] as const) {
  await initBackend(backend);
  for (const [name, f] of Object.entries(cases)) {
    let res = "ok";
    try {
      const x = tf.variable(tf.randomNormal([24], 0, 1, "float32", 1), true, "x_" + name + backend);
      const w = tf.variable(tf.randomNormal([72], 0, 1, "float32", 2), true, "w_" + name + backend);
      const { grads } = tf.variableGrads(() => tf.sum(tf.square(f(x, w))) as any, [x, w]);
      const got = Object.keys(grads).map((k) => k.split("_")[0]).join("+");
      Object.values(grads).forEach((g) => g.dataSync());
      res = "ok (grads of " + got + ")";
      x.dispose(); w.dispose();
    } catch (e) { res = "FAILS: " + String((e as Error).message).split("\n")[0].slice(0, 110); }
    console.log(`${backend}\t${name}\t${res}`);
  }
}
for (const backend of ["cpu", "wasm"]) {
  const names = new Set(tf.getKernelsForBackend(backend).map((k) => k.kernelName));
  for (const k of ["Conv2DBackpropInput", "Conv2DBackpropFilter", "UnsortedSegmentSum", "BatchMatMul", "MirrorPadGrad", "PadV2"]) {
    console.log(`${backend}\tkernel ${k}\t${names.has(k) ? "registered" : "NOT registered"}`);
  }
}

/**
 * The context network: a chord recogniser with temporal context, capacity and a no-chord class
 * (docs/context-model.md). For every frame t of its input x [T][D] (the chroma, D = 12, or with
 * model.context.input: logfreq the log-frequency spectrogram, D = its bins; features/logFreq.ts):
 *
 *   w_t = [x_{t−r}, …, x_t, …, x_{t+r}]          frames outside the input are zeros (2r+1 frames, D·(2r+1) values)
 *   h_1 = relu(w_t·W_1 + b_1), …, h_L = relu(h_{L−1}·W_L + b_L)   the hidden layers (model.context.hidden)
 *   s_t = h_L·W_out + b_out                       one logit per output class
 *
 * i.e. a 1-D convolution over time (kernel 2r+1) followed by 1×1 convolutions, written as matrix
 * products over stacked windows: tf.conv1d's filter gradient needs Conv2DBackpropFilter, which the
 * wasm backend does not register (scripts/tfjs-gradient-kernels.ts), while pad, slice, concat,
 * matMul, add and relu have gradients on wasm and cpu.
 *
 * Outputs: the classes of `model.context.vocabulary` (annotations/vocabulary.ts), N last —
 * "majmin": 0–23 the major/minor chords (annotations/chordClasses.ts), 24 = N; "sevenths": 0–59
 * (maj, min, 7, maj7, min7 blocks of 12 roots), 60 = N. N is a real class, unlike dChord's; with
 * a CTC blank one more output after N (25, or 61).
 * Initialisation: He normal (std √(2/fan_in)) for the ReLU layers, √(1/fan_in) for the output
 * layer, biases 0, drawn from createRng(seed, CONTEXT_INIT_STREAM) in layer order.
 */
import { tf } from "../util/tfjs.js";
import type { ContextModelConfig } from "../config/schema.js";
import { NUM_CHORDS } from "../annotations/chordClasses.js";
import { vocabularyOf, type Vocabulary } from "../annotations/vocabulary.js";
import { createRng } from "../util/random.js";
import { logFreqBins } from "../features/logFreq.js";
import type { ChordScorer } from "./predict.js";

export const PITCH_CLASSES = 12;
/** createRng stream of the context network's initial weights. */
export const CONTEXT_INIT_STREAM = 103;
/** Output index of the no-chord class N (vocabulary "majmin"). */
export const NO_CHORD_OUTPUT = NUM_CHORDS;
/** Output classes of the vocabulary "majmin": 24 chords + N. */
export const MAJMIN_CLASSES = NUM_CHORDS + 1;

/** The output vocabulary of a context network's settings. */
export function contextVocabulary(config: Pick<ContextModelConfig, "vocabulary">): Vocabulary {
  return vocabularyOf(config.vocabulary);
}

/** One dense layer: weights [in][out] (row-major), bias [out]. */
export interface DenseLayer {
  weights: number[][];
  bias: number[];
}

/** The learned parameters as plain numbers (weights.json of a context model). */
export interface ContextWeights {
  family: "context";
  /** Output classes of the vocabulary (25 for majmin, 61 for sevenths), without the CTC blank. */
  classes: number;
  /** Whether the last output is a CTC blank. */
  blank: boolean;
  /** Hidden layers, then the output layer. */
  layers: DenseLayer[];
}

export interface ContextNet {
  readonly config: ContextModelConfig;
  /** classes (+1 with the CTC blank). */
  readonly outputs: number;
  readonly parameterCount: number;
  /** W_1, b_1, …, W_out, b_out. */
  readonly variables: tf.Variable[];
  /** [B,T,outputs] logits of the input [B,T,D] (D = inputWidth). */
  logits(chroma: tf.Tensor3D): tf.Tensor3D;
  snapshot(): ContextWeights;
  restore(weights: ContextWeights): void;
  dispose(): void;
}

/** Values per input frame: 12 (chroma) or the log-frequency spectrogram's bins. */
export function inputWidth(config: Pick<ContextModelConfig, "input" | "logfreq">): number {
  return config.input === "logfreq" && config.logfreq ? logFreqBins(config.logfreq) : PITCH_CLASSES;
}

/** Layer widths from the input window to the outputs: [D·(2r+1), …hidden, outputs]. */
export function layerWidths(config: ContextModelConfig, outputs: number): number[] {
  return [inputWidth(config) * (2 * config.radius + 1), ...config.hidden, outputs];
}

/** Trainable numbers of a context network. */
export function contextParameterCount(config: ContextModelConfig, outputs: number): number {
  const widths = layerWidths(config, outputs);
  let n = 0;
  for (let l = 1; l < widths.length; l++) n += widths[l - 1] * widths[l] + widths[l];
  return n;
}

/** The seeded initial weights (He normal, zero biases). */
export function initialContextWeights(config: ContextModelConfig, o: { seed: number; withBlank: boolean }): ContextWeights {
  const classes = contextVocabulary(config).classes;
  const widths = layerWidths(config, classes + (o.withBlank ? 1 : 0));
  const rng = createRng(o.seed, CONTEXT_INIT_STREAM);
  const layers: DenseLayer[] = [];
  for (let l = 1; l < widths.length; l++) {
    const [fanIn, fanOut] = [widths[l - 1], widths[l]];
    const std = Math.sqrt((l < widths.length - 1 ? 2 : 1) / fanIn);
    const weights = Array.from({ length: fanIn }, () => Array.from({ length: fanOut }, () => Math.fround(std * rng.normal())));
    layers.push({ weights, bias: new Array<number>(fanOut).fill(0) });
  }
  return { family: "context", classes, blank: o.withBlank, layers };
}

/** [B,T,12·(2r+1)]: each frame's window of 2r+1 frames (zeros beyond the edges). Call inside tf.tidy. */
export function contextWindows(chroma: tf.Tensor3D, radius: number): tf.Tensor3D {
  if (radius === 0) return chroma;
  const [B, T, C] = chroma.shape;
  const padded = tf.pad(chroma, [[0, 0], [radius, radius], [0, 0]]);
  const shifted = Array.from({ length: 2 * radius + 1 }, (_, k) => tf.slice(padded, [0, k, 0], [B, T, C]));
  return tf.concat(shifted, 2) as tf.Tensor3D;
}

/** The forward pass on given layer tensors (variables or constants). Call inside tf.tidy. */
export function contextLogits(chroma: tf.Tensor3D, layers: readonly { weights: tf.Tensor2D; bias: tf.Tensor1D }[], radius: number): tf.Tensor3D {
  return logitsOfWindows(contextWindows(chroma, radius), layers);
}

/** The dense layers on stacked windows [B,T,D·(2r+1)] → [B,T,outputs]. Call inside tf.tidy. */
export function logitsOfWindows(windows: tf.Tensor3D, layers: readonly { weights: tf.Tensor2D; bias: tf.Tensor1D }[]): tf.Tensor3D {
  const [B, T] = windows.shape;
  let h: tf.Tensor2D = tf.reshape(windows, [B * T, windows.shape[2]]);
  layers.forEach((layer, l) => {
    h = tf.add(tf.matMul(h, layer.weights), layer.bias);
    if (l < layers.length - 1) h = tf.relu(h);
  });
  return tf.reshape(h, [B, T, h.shape[1]]);
}

export function createContextNet(config: ContextModelConfig, o: { seed: number; withBlank: boolean }): ContextNet {
  const init = initialContextWeights(config, o);
  const layers = tf.tidy(() =>
    init.layers.map((layer) => ({ weights: tf.variable(tf.tensor2d(layer.weights)), bias: tf.variable(tf.tensor1d(layer.bias)) })),
  );
  const variables = layers.flatMap((layer) => [layer.weights, layer.bias] as tf.Variable[]);
  const outputs = init.classes + (o.withBlank ? 1 : 0);
  return {
    config,
    outputs,
    parameterCount: variables.reduce((n, v) => n + v.size, 0),
    variables,
    logits: (chroma) => tf.tidy(() => contextLogits(chroma, layers as unknown as { weights: tf.Tensor2D; bias: tf.Tensor1D }[], config.radius)),
    snapshot: () => ({
      family: "context",
      classes: init.classes,
      blank: o.withBlank,
      layers: layers.map((layer) => ({ weights: matrixOf(layer.weights), bias: Array.from(layer.bias.dataSync()) })),
    }),
    restore(weights) {
      checkShapes(weights, layerWidths(config, outputs));
      tf.tidy(() =>
        layers.forEach((layer, l) => {
          layer.weights.assign(tf.tensor2d(weights.layers[l].weights));
          layer.bias.assign(tf.tensor1d(weights.layers[l].bias));
        }),
      );
    },
    dispose: () => variables.forEach((v) => v.dispose()),
  };
}

/** A context network holding `weights` (e.g. read from a model file), for inference. */
export function contextNetFromWeights(config: ContextModelConfig, weights: ContextWeights): ContextNet {
  const net = createContextNet(config, { seed: 0, withBlank: weights.blank });
  net.restore(weights);
  return net;
}

/** The layer widths of `weights` must be those of the config (a model file's two halves agree). */
export function checkShapes(weights: ContextWeights, widths: readonly number[]): void {
  const got = [weights.layers[0]?.weights.length ?? 0, ...weights.layers.map((l) => l.bias.length)];
  const rows = weights.layers.every((l, i) => l.weights.every((r) => r.length === widths[i + 1]));
  if (got.join() !== widths.join() || !rows) {
    throw new RangeError(`context weights have layer widths ${got.join("→")}, the settings say ${widths.join("→")}`);
  }
}

function matrixOf(v: tf.Tensor2D): number[][] {
  const [rows, cols] = v.shape;
  const data = v.dataSync();
  return Array.from({ length: rows }, (_, r) => Array.from(data.subarray(r * cols, (r + 1) * cols)));
}

/**
 * A context network holding `weights` as a ChordScorer (tfjs; N is the vocabulary's last class);
 * dispose() frees it. Its logits take the network's input ([frames][inputWidth]): with input
 * logfreq, `inputWidth` is set and the callers pass the log-frequency spectrogram (Segment.input),
 * not the chroma.
 */
export function contextScorer(config: ContextModelConfig, weights: ContextWeights): ChordScorer {
  const net = contextNetFromWeights(config, weights);
  const width = inputWidth(config);
  return {
    engine: "tfjs",
    outputs: net.outputs,
    noChordOutput: contextVocabulary(config).chords,
    ...(config.input === "logfreq" ? { inputWidth: width } : {}),
    logits(input) {
      const frames = input.length / width;
      if (frames === 0) return new Float32Array(0);
      const logits = tf.tidy(() => net.logits(tf.tensor3d(input, [1, frames, width])));
      const out = Float32Array.from(logits.dataSync() as Float32Array);
      logits.dispose();
      return out;
    },
    dispose: () => net.dispose(),
  };
}

/** Class saliency over the input (figure data, reporting/figures/contextFigures.ts). */
export interface ClassSaliency {
  /** Values per input frame (12 pitch classes or the log-frequency bins). */
  width: number;
  radius: number;
  /** Frames of each class (vocabulary order, N = 24) the mean is over. */
  counts: number[];
  /**
   * [classes][width]: the mean over the frames t whose reference class is c of ∂s_c(t)/∂x,
   * summed over the 2r+1 frame offsets of the window (x_{t−r} … x_{t+r}); a class without frames
   * has a row of zeros (count 0).
   */
  values: number[][];
}

/**
 * The gradient of each class's logit with respect to the network's input window, averaged over
 * the frames of that class (`labels`: vocabulary classes 0..24 per frame, anything else skipped),
 * summed over the window's frame offsets. The gradient is taken with respect to the stacked window
 * w_t, so a frame near a segment edge counts its zero-padded positions too: for a linear network
 * (hidden: []) every frame's gradient is exactly Σ_o W[o·D + d][c].
 */
export function classSaliency(
  config: ContextModelConfig,
  weights: ContextWeights,
  segments: readonly { input: Float32Array; labels: Int16Array }[],
): ClassSaliency {
  const width = inputWidth(config);
  const span = 2 * config.radius + 1;
  const classes = weights.classes;
  const sums = Array.from({ length: classes }, () => new Float64Array(width));
  const counts = new Array<number>(classes).fill(0);
  const layers = tf.tidy(() => weights.layers.map((l) => ({ weights: tf.tensor2d(l.weights), bias: tf.tensor1d(l.bias) })));
  try {
    for (const s of segments) {
      const frames = s.labels.length;
      if (frames === 0) continue;
      const outputs = classes + (weights.blank ? 1 : 0);
      const pick = new Float32Array(frames * outputs); // 1 at (t, label_t): the class whose logit is differentiated
      s.labels.forEach((c, t) => {
        if (c >= 0 && c < classes) pick[t * outputs + c] = 1;
      });
      const grad = tf.tidy(() => {
        const windows = contextWindows(tf.tensor3d(s.input, [1, frames, width]), config.radius);
        const mask = tf.tensor3d(pick, [1, frames, outputs]);
        return tf.grad((w) => tf.sum(tf.mul(logitsOfWindows(w as tf.Tensor3D, layers), mask)))(windows);
      });
      const g = grad.dataSync();
      grad.dispose();
      s.labels.forEach((c, t) => {
        if (c < 0 || c >= classes) return;
        counts[c]++;
        const row = sums[c];
        for (let o = 0; o < span; o++) {
          const at = (t * span + o) * width;
          for (let d = 0; d < width; d++) row[d] += g[at + d];
        }
      });
    }
  } finally {
    layers.forEach((l) => tf.dispose([l.weights, l.bias]));
  }
  return {
    width,
    radius: config.radius,
    counts,
    values: sums.map((row, c) => Array.from(row, (v) => (counts[c] > 0 ? v / counts[c] : 0))),
  };
}

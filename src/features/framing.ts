/**
 * STFT framing shared by every chroma backend (librosa `center=True` convention): frame n is
 * centred on sample n·hopLength, i.e. at n·hopLength/sampleRate seconds, and the signal is
 * zero-padded by windowLength/2 at both ends, so there are 1 + ⌊nSamples/hopLength⌋ frames.
 */

/** Frames of a signal of `nSamples`: 1 + ⌊nSamples / hopLength⌋ (librosa center=True). */
export function frameCount(nSamples: number, hopLength: number): number {
  return 1 + Math.floor(nSamples / hopLength);
}

/**
 * Write the `window.length` samples centred on `centerSample`, multiplied by `window`, into
 * out[offset], out[offset + stride], …; samples outside the signal are zero. A stride of 2 fills
 * the real (offset 0) or imaginary (offset 1) lane of an interleaved complex array.
 */
export function fillFrame(
  samples: Float32Array,
  centerSample: number,
  window: Float64Array,
  out: Float64Array,
  offset = 0,
  stride = 1,
): void {
  const length = window.length;
  const start = centerSample - (length >> 1);
  const from = Math.min(length, Math.max(0, -start));
  const to = Math.max(from, Math.min(length, samples.length - start));
  for (let i = 0; i < from; i++) out[offset + stride * i] = 0;
  for (let i = from; i < to; i++) out[offset + stride * i] = samples[start + i] * window[i];
  for (let i = to; i < length; i++) out[offset + stride * i] = 0;
}

/** Unwindowed variant (the meyda backend applies its own window): rectangular copy. */
export function copyFrame(samples: Float32Array, centerSample: number, frame: Float32Array): void {
  const length = frame.length;
  const start = centerSample - (length >> 1);
  frame.fill(0);
  const from = Math.max(0, -start);
  const to = Math.min(length, samples.length - start);
  if (to > from) frame.set(samples.subarray(start + from, start + to), from);
}

/**
 * Periodic Hann window w[i] = ½ − ½·cos(2πi/N), i = 0..N−1 — the "fftbins" form librosa and
 * scipy.signal.get_window('hann', N) use for spectral analysis (it tiles exactly at hop N/2).
 */
export function hannWindow(length: number): Float64Array {
  const w = new Float64Array(length);
  for (let i = 0; i < length; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / length);
  return w;
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0;
}

/** A chromagram: `nFrames` frames of 12 pitch classes (index 0 = C), row-major [frame][12]. */
export interface Chroma {
  data: Float32Array;
  nFrames: number;
  /** Frames per second (sampleRate / hopLength); frame n is centred at n / frameRateHz seconds. */
  frameRateHz: number;
}

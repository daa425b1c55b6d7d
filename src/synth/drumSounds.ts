/**
 * Percussion: a pitch-swept sine kick, a noise + tone snare and a high-passed noise hi-hat.
 * Broadband noise bursts on the beats spread energy over all 12 chroma bins at every onset, as
 * real drums do; the kick's low pitch leaks into one or two bins.
 */
import type { Rng } from "../util/random.js";
import type { DrumHit } from "./types.js";

const TWO_PI = 2 * Math.PI;

/** Adds one hit into `out`. Noise comes from `rng`, so the result is seeded. */
export function renderDrum(out: Float32Array, hit: DrumHit, sampleRate: number, rng: Rng): void {
  const start = Math.max(0, Math.round(hit.startSec * sampleRate));
  if (hit.drum === "kick") kick(out, start, hit.gain, sampleRate);
  else if (hit.drum === "snare") snare(out, start, hit.gain, sampleRate, rng);
  else hat(out, start, hit.gain, sampleRate, rng);
}

function kick(out: Float32Array, start: number, gain: number, sampleRate: number): void {
  const n = Math.min(out.length - start, Math.round(0.3 * sampleRate));
  const ampDecay = Math.exp(-1 / (0.12 * sampleRate));
  const sweepDecay = Math.exp(-1 / (0.03 * sampleRate));
  let amp = 0.9 * gain;
  let sweep = 1;
  let phase = 0;
  for (let t = 0; t < n; t++) {
    out[start + t] += amp * Math.sin(phase);
    phase += (TWO_PI * (48 + 90 * sweep)) / sampleRate;
    amp *= ampDecay;
    sweep *= sweepDecay;
  }
}

function snare(out: Float32Array, start: number, gain: number, sampleRate: number, rng: Rng): void {
  const n = Math.min(out.length - start, Math.round(0.22 * sampleRate));
  const noiseDecay = Math.exp(-1 / (0.07 * sampleRate));
  const toneDecay = Math.exp(-1 / (0.04 * sampleRate));
  const toneInc = (TWO_PI * 185) / sampleRate;
  let noiseAmp = 0.45 * gain;
  let toneAmp = 0.25 * gain;
  for (let t = 0; t < n; t++) {
    out[start + t] += noiseAmp * (2 * rng.next() - 1) + toneAmp * Math.sin(t * toneInc);
    noiseAmp *= noiseDecay;
    toneAmp *= toneDecay;
  }
}

function hat(out: Float32Array, start: number, gain: number, sampleRate: number, rng: Rng): void {
  const n = Math.min(out.length - start, Math.round(0.07 * sampleRate));
  const decay = Math.exp(-1 / (0.02 * sampleRate));
  let amp = 0.16 * gain;
  let prev = 0;
  for (let t = 0; t < n; t++) {
    const white = 2 * rng.next() - 1;
    out[start + t] += amp * (white - prev); // first difference: a cheap high-pass
    prev = white;
    amp *= decay;
  }
}

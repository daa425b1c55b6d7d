/**
 * Weak-alignment simulation: a distorted copy of an annotation, used for the labels the model is
 * trained and validated on (`Song.trainLabels`); the clean labels stay for evaluation.
 *
 *   t' = stretch · (t + jitter) + offsetSec
 *
 * - jitter: every internal boundary (each distinct start/end time except the first and the last
 *   of the annotation) moves by an independent N(0, jitterSec²) draw. Boundaries are then kept in
 *   order: each is clamped to [first, last] and to ≥ the previous one, so a span can shrink to
 *   zero length but never become negative. Spans touching at a boundary stay touching.
 * - stretch, then offset: offsetSec is in seconds of the output timeline.
 */
import type { ChordSpan } from "../annotations/types.js";
import type { DistortionConfig } from "../config/schema.js";
import type { Rng } from "../util/random.js";

export function isNeutralDistortion(cfg: DistortionConfig): boolean {
  return cfg.jitterSec === 0 && cfg.offsetSec === 0 && cfg.stretch === 1;
}

/** Distorted copies of `spans` (same order, labels and lines). Neutral config → equal spans, no draws. */
export function distortSpans(spans: readonly ChordSpan[], cfg: DistortionConfig, rng: Rng): ChordSpan[] {
  const moved = cfg.jitterSec > 0 ? jitterBoundaries(spans, cfg.jitterSec, rng) : new Map<number, number>();
  const warp = (tSec: number): number => cfg.stretch * (moved.get(tSec) ?? tSec) + cfg.offsetSec;
  return spans.map((span) => ({ ...span, startSec: warp(span.startSec), endSec: warp(span.endSec) }));
}

/** Original boundary time → jittered, ordered time. */
function jitterBoundaries(spans: readonly ChordSpan[], jitterSec: number, rng: Rng): Map<number, number> {
  const times = distinctTimes(spans);
  const moved = new Map<number, number>();
  if (times.length === 0) return moved;
  const first = times[0];
  const last = times[times.length - 1];
  let previous = first;
  for (const tSec of times) {
    const internal = tSec !== first && tSec !== last;
    const raw = internal ? tSec + jitterSec * rng.normal() : tSec;
    const kept = Math.max(previous, Math.min(last, Math.max(first, raw)));
    moved.set(tSec, kept);
    previous = kept;
  }
  return moved;
}

function distinctTimes(spans: readonly ChordSpan[]): number[] {
  const set = new Set<number>();
  for (const span of spans) {
    set.add(span.startSec);
    set.add(span.endSec);
  }
  return [...set].sort((a, b) => a - b);
}

/**
 * A per-song RNG stream (FNV-1a of the name), so each song's distortion depends on the seed and
 * its own name only — not on which other songs are in the folder or their order.
 */
export function songStream(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

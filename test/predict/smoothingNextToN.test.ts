/**
 * Smoothing next to a no-chord stretch: a short chord right after (and right before) N frames.
 * The smoothers run on each stretch of chord frames on its own (predict/chords.ts), so what the
 * model said during the N frames must not pull the short chord away, and the HMM starts afresh
 * (uniform initial distribution) after the N stretch. Every expected path is derived by hand below.
 *
 * Frames (12 + 3):  0–2 N | 3–4 C | 5–11 G | 12–13 C | 14 N … laid out as
 *   mask     1 1 1 0 0 0 0 0 0 0 0 0 0 0 1
 *   favours  G G G C C G G G G G G G C C G     (class C = 0, G = 7 in chordClasses' order)
 *   margin   9 9 9 5 5 4 4 4 4 4 4 4 5 5 9
 * A frame favouring class c by margin m has scores m at c and 0 elsewhere, so its log-posterior is
 * m − L(m) at c and −L(m) for the 23 others, L(m) = log(e^m + 23).
 */
import { describe, expect, it } from "vitest";
import { NO_CHORD, NUM_CHORDS } from "../../src/annotations/chordClasses.js";
import { decodeChords } from "../../src/predict/chords.js";

const C = 0;
const G = 7;
const N = NO_CHORD;
const favours = [G, G, G, C, C, G, G, G, G, G, G, G, C, C, G];
const margin = [9, 9, 9, 5, 5, 4, 4, 4, 4, 4, 4, 4, 5, 5, 9];
const mask = Uint8Array.from([1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);

function scores(): Float32Array {
  const s = new Float32Array(favours.length * NUM_CHORDS);
  favours.forEach((c, n) => (s[n * NUM_CHORDS + c] = margin[n]));
  return s;
}

const EXPECTED = [N, N, N, C, C, G, G, G, G, G, G, G, C, C, N];

describe("a short chord next to a no-chord stretch", () => {
  it("hmm (p = 0.99) keeps the two-frame C at both ends of the stretch", () => {
    // Inside the stretch (frames 3–13) compare the path C C G⁷ C C with its rivals. A change of
    // chord costs log((1 − p)/23) − log p = log(0.01/23) − log 0.99 = −7.7406 + 0.0101 = −7.7306
    // against staying; on a C frame, C instead of G gains m = 5 in log-posterior.
    //   vs G all through: +2·(2·5) − 2·7.7306 = 20 − 15.461 = +4.54 → C C G⁷ C C wins;
    //   vs C all through: +7·4 (the G frames) − 2·7.7306 = +12.54 → wins;
    //   vs dropping one short C (C C G⁹ or G⁹ C C): +2·5 − 7.7306 = +2.27 → wins;
    //   vs shifting a boundary by one frame: loses 5 or 4 with the same changes → wins.
    // Had the HMM run through the N frames (which favour G by 9), keeping the first C would need two
    // changes (G→C→G, −15.46) for +10: it would be absorbed into G.
    const path = decodeChords(scores(), mask, { smoothing: "hmm", selfProb: 0.99, medianLength: 5 });
    expect(Array.from(path.classes)).toEqual(EXPECTED);
  });

  it("median (5 frames, shrunk at the stretch's ends) keeps the two-frame C too", () => {
    // Posteriors: on a C frame (m = 5) P(C) = e⁵/(e⁵ + 23) = 0.86582, P(other) = 1/171.41 = 0.005834;
    // on a G frame (m = 4) P(G) = e⁴/(e⁴ + 23) = 0.70360, P(other) = 1/77.598 = 0.012887.
    // Stretch frame 0 (frame 3): window stretch frames 0–2 = C C G:
    //   C: median(0.86582, 0.86582, 0.012887) = 0.86582; G: median(0.005834, 0.005834, 0.70360) = 0.005834 → C.
    // Stretch frame 1 (frame 4): window 0–3 = C C G G (even: mean of the middle two):
    //   C: (0.012887 + 0.86582)/2 = 0.43935; G: (0.005834 + 0.70360)/2 = 0.35472;
    //   any other class: (0.005834 + 0.012887)/2 = 0.00936 → C.
    // Stretch frame 2 (frame 5): window 0–4 = C C G G G: C median 0.012887, G median 0.70360 → G.
    // The end of the stretch (frames 12–13) is the mirror image → C C.
    // Had the window reached into the N frames (G by 9: P(G) = 0.99717), frame 3's window would be
    // frames 1–5 = N N C C G: C median 0.012887 < G median 0.70360 → G.
    const path = decodeChords(scores(), mask, { smoothing: "median", selfProb: 0.99, medianLength: 5 });
    expect(Array.from(path.classes)).toEqual(EXPECTED);
  });

  it("none: the frame-wise argmax, N where masked", () => {
    const path = decodeChords(scores(), mask, { smoothing: "none", selfProb: 0.99, medianLength: 5 });
    expect(Array.from(path.classes)).toEqual(EXPECTED);
  });

  it("the confidence of each kept C frame is its own posterior e⁵/(e⁵ + 23); N frames have none", () => {
    const path = decodeChords(scores(), mask, { smoothing: "hmm", selfProb: 0.99, medianLength: 5 });
    for (const n of [3, 4, 12, 13]) expect(path.confidence[n]).toBeCloseTo(Math.exp(5) / (Math.exp(5) + 23), 6);
    for (const n of [0, 1, 2, 14]) expect(path.confidence[n]).toBeNull();
  });

  it("a one-frame C right after N, before six G frames, is absorbed by hmm and by median (window shrunk, not padded)", () => {
    // Frames: N N | C(5) G(4)×6.
    // hmm: C G⁶ against G⁷ gains 5 on the C frame but pays one change: 5 − 7.7306 = −2.73 → G⁷.
    // median 5, stretch frame 0: the window shrinks to stretch frames 0–2 = C G G:
    //   C: median(0.86582, 0.012887, 0.012887) = 0.012887; G: median(0.005834, 0.70360, 0.70360) = 0.70360 → G.
    //   Stretch frame 1: window 0–3 = C G G G → C 0.012887, G 0.70360 → G.
    // A window padded by repeating the edge frame (C C C G G) would give C 0.86582 against
    // G 0.005834 → C; one padded with zeros (0 0 C G G) C 0.012887 against G 0.005834 → C.
    const favoured = [G, G, C, G, G, G, G, G, G];
    const margins = [9, 9, 5, 4, 4, 4, 4, 4, 4];
    const s = new Float32Array(favoured.length * NUM_CHORDS);
    favoured.forEach((c, n) => (s[n * NUM_CHORDS + c] = margins[n]));
    const m = Uint8Array.from([1, 1, 0, 0, 0, 0, 0, 0, 0]);
    for (const smoothing of ["hmm", "median"] as const) {
      const path = decodeChords(s, m, { smoothing, selfProb: 0.99, medianLength: 5 });
      expect(Array.from(path.classes), smoothing).toEqual([N, N, G, G, G, G, G, G, G]);
    }
    // frame-wise, the C stays
    expect(Array.from(decodeChords(s, m, { smoothing: "none", selfProb: 0.99, medianLength: 5 }).classes)).toEqual([N, N, C, G, G, G, G, G, G]);
  });

  it("a weak one-frame chord between two N stretches is kept whatever the N frames favour", () => {
    // Stretch = frame 2 alone; its only path is its own argmax, C (margin 0.5), for every smoother.
    const s = new Float32Array(5 * NUM_CHORDS);
    for (const n of [0, 1, 3, 4]) s[n * NUM_CHORDS + G] = 9;
    s[2 * NUM_CHORDS + C] = 0.5;
    const m = Uint8Array.from([1, 1, 0, 1, 1]);
    for (const smoothing of ["hmm", "median", "none"] as const) {
      const path = decodeChords(s, m, { smoothing, selfProb: 0.99, medianLength: 5 });
      expect(Array.from(path.classes), smoothing).toEqual([N, N, C, N, N]);
    }
  });
});

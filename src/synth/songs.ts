/**
 * The four song plans of the built-in corpus — stand-ins for the four Beatles songs of the FMP
 * chord-recognition chapter (Let It Be, Here Comes the Sun, Ob-La-Di Ob-La-Da, Penny Lane).
 *
 * Each takes from its model only what matters for chord recognition: key, tempo, how long chords
 * last (Let It Be: half bars of ~1.7 s; Here Comes the Sun: bars of ~1.9 s with quick sus/7
 * turnarounds; Ob-La-Di: bars and half bars with a walking bass; Penny Lane: one-beat chords over
 * a descending bass), roughly the share of minor chords (here 16, 6, 11 and 18 % of maj/min
 * chord time, the originals 16, 3, 7 and 17 %; 87 % major overall, the study's training set
 * 90.6 %), the kinds of labels (sevenths, maj6, sus, hdim7, inversions), and the length (243,
 * 186, 189 and 183 s: with N trimmed, 55 segments of 150 frames like the study's 43 training
 * + 12 validation).
 * The progressions are composed here, not copied from the Isophonics annotations.
 */
import type { SongSpec } from "./types.js";

const ballad: SongSpec = {
  name: "ballad_in_c",
  keyPc: 0,
  tempoBpm: 72,
  durationSec: 243,
  sections: {
    intro: { chords: "C G/3 | A:min F:maj7 | C/5 G:7 | F:maj6 C", parts: ["comp", "melody"], melodyInstrument: "piano" },
    verse: {
      chords: "C C:maj7 | F/3 G | A:min A:min/b7 | F:maj7 F:maj6 | C G/3 | F C/5 | D:min7 G:7 | C C",
      parts: ["comp", "bass", "melody"],
    },
    chorus: {
      chords: "F C/3 | G A:min | F C | G:sus4 G | F C/3 | G E:min/b3 | F G:7 | C C",
      parts: ["comp", "bass", "melody", "drums", "pad"],
    },
    bridge: {
      chords: "F - | C/3 - | A:min E:min/b3 | F G | F:maj7 - | C/3 A:min/b7 | D:7 - | G:sus4 G:7",
      parts: ["comp", "bass", "melody", "drums"],
    },
    solo: {
      chords: "C C:maj7 | F/3 G | A:min A:min/b7 | F:maj7 F:maj6 | C G/3 | F C/5 | D:min7 G:7 | C C",
      parts: ["comp", "bass", "melody", "drums", "pad"],
    },
    outro: { chords: "F G:7 | C | -", parts: ["comp", "bass", "pad"] },
  },
  form: ["intro", "verse", "verse", "chorus", "verse", "chorus", "bridge", "solo", "chorus", "verse", "chorus"],
  ending: "outro",
  style: {
    comp: "block",
    compInstrument: "piano",
    bass: "half",
    drums: "backbeat",
    melodyInstrument: "lead",
    padInstrument: "organ",
    melodyRange: [64, 81],
  },
};

const sunrise: SongSpec = {
  name: "sunrise_in_a",
  keyPc: 9,
  tempoBpm: 126,
  durationSec: 186,
  sections: {
    intro: { chords: "A | A:maj7 | D/3 | E:sus4 E | A | A:maj7 | D E:7 | A", parts: ["comp", "melody"], melodyInstrument: "guitar" },
    verse: { chords: "A | D/3 | E | A | A | F#:min | D E:7 | A", parts: ["comp", "bass", "melody"] },
    chorus: {
      chords: "A D:maj6 | A/3 B:min | A E:sus4 | E:7 | A | D | E:sus4(b7) E:7 | A",
      parts: ["comp", "bass", "melody", "drums"],
    },
    bridge: { chords: "G | D/3 | A | - | C | G/5 | D | E:7", parts: ["comp", "bass", "drums", "pad"] },
    interlude: { chords: "A/3 D | A E:sus4 | A | A:7", parts: ["comp", "bass", "melody", "drums"] },
    outro: { chords: "D | E:7 | A | -", parts: ["comp", "bass", "pad"] },
  },
  form: ["intro", "verse", "chorus", "verse", "chorus", "bridge", "interlude", "chorus", "verse", "chorus", "bridge", "chorus", "chorus"],
  ending: "outro",
  style: {
    comp: "strum",
    compInstrument: "guitar",
    bass: "rootFifth",
    drums: "backbeat",
    melodyInstrument: "lead",
    padInstrument: "organ",
    melodyRange: [66, 83],
  },
};

const ska: SongSpec = {
  name: "ska_in_bb",
  keyPc: 10,
  tempoBpm: 112,
  durationSec: 189,
  sections: {
    intro: { chords: "Bb | F | Bb F:7 | Bb", parts: ["comp", "drums"] },
    verse: {
      chords: "Bb | F/3 | F:7 | Bb | Bb | Bb:7 | Eb | Eb | Bb F | G:min | C:min7 F:7 | Bb",
      parts: ["comp", "bass", "melody", "drums", "pad"],
    },
    chorus: {
      chords: "Bb | F | G:min | Eb | Bb/5 | F:7 | Bb Bb:sus2 | Bb",
      parts: ["comp", "bass", "melody", "drums", "pad"],
    },
    bridge: { chords: "Eb | Eb:maj7 | Bb | Bb/3 | Eb | C:7 | F:sus4 | F:7", parts: ["comp", "bass", "melody", "drums"] },
    break: { chords: "N | N", parts: ["drums"] },
    outro: { chords: "Bb F:7 | Bb | -", parts: ["comp", "bass", "drums"] },
  },
  form: ["intro", "verse", "chorus", "verse", "chorus", "bridge", "break", "verse", "chorus", "chorus", "bridge", "chorus"],
  ending: "outro",
  style: {
    comp: "offbeat",
    compInstrument: "piano",
    bass: "walking",
    drums: "ska",
    melodyInstrument: "lead",
    padInstrument: "organ",
    melodyRange: [65, 82],
  },
};

const march: SongSpec = {
  name: "march_in_b",
  keyPc: 11,
  tempoBpm: 114,
  durationSec: 183,
  sections: {
    intro: { chords: "B | B F#/3 | B | F#:7", parts: ["comp", "bass"] },
    verse: {
      chords:
        "B B/7 B/b7 B/6 | E - F#:sus4 F# | B B/7 B/b7 B/6 | B/3 - C#:7 - | E - E:min - | B/5 - G#:hdim7 - | C#:min7 - F#:sus4 F# | B - - -",
      parts: ["comp", "bass", "melody"],
    },
    chorus: {
      chords: "E | A/3 | B:7 | E | E | C#:min | A F#:min7 | B:sus4 B:7",
      parts: ["comp", "bass", "melody", "drums", "pad"],
    },
    solo: {
      chords:
        "B B/7 B/b7 B/6 | E - F#:sus4 F# | B B/7 B/b7 B/6 | B/3 - C#:7 - | E - E:min - | B/5 - G#:hdim7 - | C#:min7 - F#:sus4 F# | B - - -",
      parts: ["comp", "bass", "drums", "pad"],
    },
    outro: { chords: "E F#:7 | B | -", parts: ["comp", "bass", "pad", "drums"] },
  },
  form: ["intro", "verse", "verse", "chorus", "verse", "solo", "chorus", "verse", "chorus", "chorus"],
  ending: "outro",
  style: {
    comp: "staccato",
    compInstrument: "piano",
    bass: "quarters",
    drums: "march",
    melodyInstrument: "lead",
    padInstrument: "brass",
    melodyRange: [66, 83],
  },
};

/** The built-in songs, in corpus order (`songs: n` takes the first n). */
export const SONGS: readonly SongSpec[] = [ballad, sunrise, ska, march];

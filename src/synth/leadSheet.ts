/**
 * Lead-sheet notation of the song plans: `"C G/3 | A:min - | F"` — bars split by `|`, a bar's
 * chord slots split by spaces and sharing its beats equally; `-` holds the previous chord.
 * Written this way so a progression reads like a chart, and so the plans cannot drift out of
 * the 4-beat grid that chord durations in pop annotations follow.
 */

/** A bar: its slots (labels or "-"), each lasting `beatsPerBar / slots.length` beats. */
export type Bar = string[];

export function parseLeadSheet(text: string, beatsPerBar = 4): Bar[] {
  return text.split("|").map((barText) => {
    const slots = barText.trim().split(/\s+/).filter((s) => s.length > 0);
    if (slots.length === 0 || beatsPerBar % slots.length !== 0) {
      throw new Error(`synth: a bar needs 1, 2 or 4 chord slots, got "${barText.trim()}" in "${text}"`);
    }
    return slots;
  });
}

/** A chord held over consecutive slots, in beats from the start of the first bar. */
export interface HeldChord {
  label: string;
  startBeat: number;
  beats: number;
}

/**
 * Merges `-` into the chord before it. A leading `-` (nothing to hold) is an error, since a
 * section must not depend on which section came before it.
 */
export function holdChords(bars: readonly Bar[], beatsPerBar = 4): HeldChord[] {
  const out: HeldChord[] = [];
  bars.forEach((bar, b) => {
    const slotBeats = beatsPerBar / bar.length;
    bar.forEach((slot, s) => {
      const startBeat = b * beatsPerBar + s * slotBeats;
      if (slot !== "-") {
        out.push({ label: slot, startBeat, beats: slotBeats });
        return;
      }
      const last = out[out.length - 1];
      if (!last) throw new Error(`synth: "-" with no chord before it`);
      last.beats += slotBeats;
    });
  });
  return out;
}

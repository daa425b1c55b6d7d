/**
 * Song plan: which sections are played, and when each chord starts (in beats), for a song that
 * must fit a given length. Sections follow the spec's form (cycling after the intro when more
 * time is left), cut at a bar boundary so that the ending still fits; then the ending.
 */
import { holdChords, parseLeadSheet } from "./leadSheet.js";
import type { BeatClock } from "./clock.js";
import type { ChordEvent, LabSpan, SectionInstance, SongSpec } from "./types.js";

export const BEATS_PER_BAR = 4;

export interface SongPlan {
  sections: SectionInstance[];
  /** Chords (and inner "N") in time order, gap-free from beat 0 to `endBeat`. */
  chords: ChordEvent[];
  endBeat: number;
}

/** Lays out sections so the ending finishes no later than `lastChordSec`. */
export function planSong(spec: SongSpec, clock: BeatClock, lastChordSec: number): SongPlan {
  const endingBars = parseLeadSheet(spec.sections[spec.ending].chords, BEATS_PER_BAR);
  const endingBeats = endingBars.length * BEATS_PER_BAR;
  const fits = (beat: number): boolean => clock.timeAt(beat + endingBeats) <= lastChordSec;
  const sections: SectionInstance[] = [];
  const chords: ChordEvent[] = [];
  let beat = 0;
  for (const name of formOrder(spec)) {
    const bars = parseLeadSheet(spec.sections[name].chords, BEATS_PER_BAR);
    let kept = 0;
    while (kept < bars.length && fits(beat + (kept + 1) * BEATS_PER_BAR)) kept++;
    if (kept > 0) beat = addSection(sections, chords, { name, spec, bars: bars.slice(0, kept), beat });
    if (kept < bars.length) break;
  }
  beat = addSection(sections, chords, { name: spec.ending, spec, bars: endingBars, beat });
  return { sections, chords, endBeat: beat };
}

/** The form, then the form without its intro again and again (bounded: plans are finite). */
function* formOrder(spec: SongSpec): Generator<string> {
  yield* spec.form;
  for (let round = 0; round < 100; round++) yield* spec.form.slice(1);
}

interface Placement {
  name: string;
  spec: SongSpec;
  bars: string[][];
  beat: number;
}

/** Appends one section instance and its chords; returns the beat after it. */
function addSection(sections: SectionInstance[], chords: ChordEvent[], p: Placement): number {
  const index = sections.length;
  const beats = p.bars.length * BEATS_PER_BAR;
  sections.push({ name: p.name, spec: p.spec.sections[p.name], startBeat: p.beat, beats });
  for (const held of holdChords(p.bars, BEATS_PER_BAR)) {
    chords.push({ label: held.label, startBeat: p.beat + held.startBeat, beats: held.beats, section: index });
  }
  return p.beat + beats;
}

/**
 * The .lab spans of a plan: N before the first downbeat, the chords, N after the last chord up
 * to `totalSec`. Adjacent N spans merge (a .lab file has one N line per silence). Times are
 * rounded to microseconds so the spans equal what the .lab file says.
 */
export function planSpans(plan: SongPlan, clock: BeatClock, totalSec: number): LabSpan[] {
  const raw: LabSpan[] = [{ startSec: 0, endSec: clock.timeAt(0), label: "N" }];
  for (const c of plan.chords) {
    raw.push({ startSec: clock.timeAt(c.startBeat), endSec: clock.timeAt(c.startBeat + c.beats), label: c.label });
  }
  raw.push({ startSec: clock.timeAt(plan.endBeat), endSec: totalSec, label: "N" });
  const spans: LabSpan[] = [];
  for (const s of raw) {
    const span = { startSec: roundMicro(s.startSec), endSec: roundMicro(s.endSec), label: s.label };
    const last = spans[spans.length - 1];
    if (last && last.label === "N" && span.label === "N") last.endSec = span.endSec;
    else spans.push(span);
  }
  return spans;
}

export function roundMicro(sec: number): number {
  return Math.round(sec * 1e6) / 1e6;
}

import { describe, expect, it } from "vitest";
import { drawPrograms, encodeMidi, generateEvents, randomSongPlan } from "../../src/synth/index.js";
import { varLen } from "../../src/synth/midi.js";

/** A minimal SMF reader written from the spec for this test: format, division, and absolute-tick channel events. */
function readSmf(bytes: Uint8Array): { format: number; division: number; events: { tick: number; status: number; data: number[] }[]; endTick: number } {
  const u32 = (o: number): number => ((bytes[o] << 24) | (bytes[o + 1] << 16) | (bytes[o + 2] << 8) | bytes[o + 3]) >>> 0;
  const u16 = (o: number): number => (bytes[o] << 8) | bytes[o + 1];
  expect(String.fromCharCode(...bytes.slice(0, 4))).toBe("MThd");
  const format = u16(8);
  const division = u16(12);
  expect(String.fromCharCode(...bytes.slice(14, 18))).toBe("MTrk");
  const end = 22 + u32(18);
  expect(end).toBe(bytes.length);
  let o = 22;
  let tick = 0;
  let endTick = -1;
  const events: { tick: number; status: number; data: number[] }[] = [];
  while (o < end) {
    let delta = 0;
    for (;;) {
      const b = bytes[o++];
      delta = delta * 128 + (b & 0x7f);
      if (b < 0x80) break;
    }
    tick += delta;
    const status = bytes[o++];
    if (status === 0xff) {
      const type = bytes[o++];
      const len = bytes[o++];
      if (type === 0x2f) endTick = tick;
      o += len;
    } else {
      const n = (status & 0xf0) === 0xc0 ? 1 : 2;
      events.push({ tick, status, data: [...bytes.slice(o, o + n)] });
      o += n;
    }
  }
  return { format, division, events, endTick };
}

describe("varLen", () => {
  // The examples of the Standard MIDI File 1.0 specification.
  it.each([
    [0x00, [0x00]],
    [0x40, [0x40]],
    [0x7f, [0x7f]],
    [0x80, [0x81, 0x00]],
    [0x2000, [0xc0, 0x00]],
    [0x3fff, [0xff, 0x7f]],
    [0x4000, [0x81, 0x80, 0x00]],
    [0x100000, [0xc0, 0x80, 0x00]],
    [0x1fffff, [0xff, 0xff, 0x7f]],
    [0x200000, [0x81, 0x80, 0x80, 0x00]],
    [0x0fffffff, [0xff, 0xff, 0xff, 0x7f]],
  ])("%i", (value, bytes) => expect(varLen(value)).toEqual(bytes));
});

describe("encodeMidi", () => {
  const { spec } = randomSongPlan(1, 2, { durationSec: 30 });
  const events = generateEvents(spec, { seed: 1 });
  const programs = drawPrograms(1, 2);
  const smf = readSmf(encodeMidi(events, programs));

  it("holds every note at round(960·t) ticks (480 per quarter at 120 bpm), with its pitch, and ends at the song's end", () => {
    expect(smf.format).toBe(0);
    expect(smf.division).toBe(480);
    const ons = smf.events.filter((e) => (e.status & 0xf0) === 0x90 && e.status !== 0x99).map((e) => `${e.tick}:${e.data[0]}`);
    const expected = events.notes.map((n) => `${Math.round(n.startSec * 960)}:${Math.round(n.midi)}`);
    expect(ons.sort()).toEqual(expected.sort());
    expect(smf.events.filter((e) => e.status === 0x99).length).toBe(events.hits.length);
    expect(smf.endTick).toBe(Math.round(30 * 960));
  });

  it("gives every instrument's channel its drawn GM program before any note, and closes every note", () => {
    const programChanges = smf.events.filter((e) => (e.status & 0xf0) === 0xc0);
    expect(programChanges.every((e) => e.tick === 0)).toBe(true);
    expect(programChanges.map((e) => e.data[0])).toEqual(Object.values(programs));
    let open = 0;
    for (const e of smf.events) {
      if ((e.status & 0xf0) === 0x90) open++;
      if ((e.status & 0xf0) === 0x80) open--;
    }
    expect(open).toBe(0);
  });
});

/**
 * A small generated corpus rich in seventh chords (planted): the built-in songs' arrangements
 * (instruments, rhythms, tempi) playing progressions where about half of the chord time is 7,
 * maj7 or min7, in a different key per song. Written as `<song>.wav` + `<song>.lab` into a fresh
 * folder under os.tmpdir().
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeWav } from "../../src/audio/encodeWav.js";
import { formatLab, generateSong, SONGS, type SongSpec } from "../../src/synth/index.js";

/** Progressions in C (transposed per song): triads and seventh chords in turn, one chord per bar. */
const PROGRESSIONS = [
  "C:maj7 | A:min7 | D:min | G:7 | C | F:maj7 | D:min7 | G:7",
  "C | E:min7 | F:maj7 | G:7 | A:min | D:7 | G | C:7",
  "A:min7 | D:min7 | G:7 | C:maj7 | F | B:min7 | E:7 | A:min",
];

const NAMES = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];

/** "D:min7 | G:7" moved up `semitones`. */
function transpose(chords: string, semitones: number): string {
  return chords.replace(/\b([A-G]#?)(?=[:\s|]|$)/g, (root) => NAMES[(NAMES.indexOf(root) + semitones) % 12]);
}

/** Song `i`: built-in song i % 4's arrangement, progression i % 3, key up 5·i semitones. */
export function seventhsSong(i: number): SongSpec {
  const base = SONGS[i % SONGS.length];
  const chords = transpose(PROGRESSIONS[i % PROGRESSIONS.length], (5 * i) % 12);
  const section = { chords, parts: ["comp", "bass", "pad"] as const };
  return {
    ...base,
    name: `sev${i}`,
    keyPc: (base.keyPc + 5 * i) % 12,
    sections: { verse: { ...base.sections[base.form[1]], ...section, parts: [...section.parts] }, outro: { chords: `${chords.split(" ")[0]} | -`, parts: ["comp", "pad"] } },
    form: ["verse", "verse"],
    ending: "outro",
  };
}

/** Writes `songs` such songs of `seconds` each; returns the folder. */
export function makeSeventhsCorpus(options: { songs: number; seconds: number; seed: number }): string {
  const dir = mkdtempSync(join(tmpdir(), "chordtrain-sevenths-"));
  for (let i = 0; i < options.songs; i++) {
    const song = generateSong(seventhsSong(i), { seconds: options.seconds, seed: options.seed });
    writeFileSync(join(dir, `${song.name}.wav`), encodeWav([song.samples], { sampleRate: song.sampleRate, encoding: "pcm16" }));
    writeFileSync(join(dir, `${song.name}.lab`), formatLab(song.spans));
  }
  return dir;
}

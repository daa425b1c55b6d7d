/** The built-in synthetic corpus: four deterministic songs (WAV + Isophonics .lab). */
export { generateSong, generateSpans, resolveSynthOptions, DEFAULT_SAMPLE_RATE, MIN_SECONDS } from "./generateSong.js";
export { formatLab } from "./lab.js";
export { writeCorpus, ensureBuiltinCorpus, resolveCorpusOptions, type CorpusOptions } from "./writeCorpus.js";
export { readManifest, GENERATOR_VERSION, MANIFEST_FILE, type CorpusManifest } from "./manifest.js";
export { SONGS } from "./songs.js";
export { chordTones, intendedClass, type ChordTones } from "./harmony.js";
export type { GeneratedSong, LabSpan, SongSpec, SynthOptions } from "./types.js";
export { generateEvents, type SongEvents } from "./generateSong.js";
export { randomSongPlan, type RandomSongPlan } from "./randomSong.js";
export { writeRandomCorpus, PLANS_FILE, type RandomCorpusOptions, type RandomCorpusPlan } from "./randomCorpus.js";
export { encodeMidi, drawPrograms, type ProgramMap } from "./midi.js";

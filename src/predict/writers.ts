/**
 * Chord segments → file contents (pure strings):
 * - `lab`: Isophonics `start end label`, tab-free, one segment a line (mir_eval.io.load_labeled_intervals;
 *   annotations/lab.ts labText);
 * - `csv`: `start,end,label` with a header line;
 * - `jams`: a JAMS 0.3 document with one `chord` annotation, following marl/jams'
 *   schemata/jams_schema.json (file_metadata.duration; annotation_metadata; sparse observations
 *   {time, duration, value, confidence}) and namespaces/chord/chord.json (the value pattern).
 * Times are printed with 6 decimals (µs), as in the run directory's .lab files.
 */
import { labText } from "../annotations/lab.js";
import type { ChordSegment } from "../annotations/segments.js";

export type OutputFormat = "lab" | "jams" | "csv";

export interface OutputContext {
  durationSec: number;
  /** The audio file's name (JAMS title). */
  title: string;
  /** Free text naming the model (JAMS annotation_metadata.data_source). */
  modelSource: string;
  chordtrainVersion: string;
  /** Decoding settings, kept in the JAMS sandbox. */
  settings: Record<string, unknown>;
  /** How N was decided (noChord.ts `noChordRule`); default: the level threshold's wording. */
  noChordRule?: string;
}

const time = (t: number) => t.toFixed(6);
const round6 = (t: number) => Number(t.toFixed(6));

export function formatSegments(segments: readonly ChordSegment[], format: OutputFormat, ctx: OutputContext): string {
  switch (format) {
    case "lab":
      return labText(segments);
    case "csv":
      return ["start,end,label\n", ...segments.map((s) => `${time(s.startSec)},${time(s.endSec)},${s.label}\n`)].join("");
    case "jams":
      return JSON.stringify(jamsDocument(segments, ctx), null, 1) + "\n";
  }
}

/** The JAMS document as a value (what `jams.load(path, validate=True)` reads back). */
export function jamsDocument(segments: readonly ChordSegment[], ctx: OutputContext): Record<string, unknown> {
  const duration = round6(ctx.durationSec);
  return {
    file_metadata: {
      title: ctx.title,
      artist: "",
      release: "",
      duration,
      identifiers: {},
      jams_version: "0.3.4",
    },
    annotations: [
      {
        namespace: "chord",
        annotation_metadata: {
          curator: { name: "", email: "" },
          annotator: {},
          version: "",
          corpus: "",
          annotation_tools: `chordtrain ${ctx.chordtrainVersion}`,
          annotation_rules: `24 major/minor triads (Harte syntax) and N; ${ctx.noChordRule ?? "N = silence (signal level)"}`,
          validation: "",
          data_source: ctx.modelSource,
        },
        data: segments.map((s) => ({
          time: round6(s.startSec),
          duration: round6(round6(s.endSec) - round6(s.startSec)), // time + duration = the .lab's end
          value: s.label,
          confidence: s.confidence === null ? null : round6(s.confidence),
        })),
        sandbox: { chordtrain: ctx.settings },
        time: 0,
        duration,
      },
    ],
    sandbox: {},
  };
}

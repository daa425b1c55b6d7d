/**
 * DatasetStats → plain text for the terminal (`chordtrain stats`): aligned tables like the study's
 * Tables 4.2/4.3 (class counts and percentages per target kind), plus songs and splits.
 */
import type { ClassCounts, DatasetStats } from "./stats.js";

export function formatStats(stats: DatasetStats): string {
  const sections = [
    songsTable(stats),
    splitsTable(stats),
    reductionLine(stats),
    classTable(stats),
    ...(stats.notes.length > 0 ? [["Notes", ...stats.notes.map((n) => `- ${n}`)].join("\n")] : []),
  ];
  return sections.join("\n\n") + "\n";
}

function songsTable(stats: DatasetStats): string {
  const rows = stats.songs.map((s) => [
    s.name,
    String(s.frames),
    s.durationSec.toFixed(1),
    String(s.frameOffset),
    String(s.segments.train),
    String(s.segments.val),
    String(s.segments.test),
  ]);
  const sum = (pick: (s: DatasetStats["songs"][number]) => number): number =>
    stats.songs.reduce((acc, s) => acc + pick(s), 0);
  rows.push([
    "total",
    String(sum((s) => s.frames)),
    sum((s) => s.durationSec).toFixed(1),
    "",
    String(sum((s) => s.segments.train)),
    String(sum((s) => s.segments.val)),
    String(sum((s) => s.segments.test)),
  ]);
  const title = `Songs (frames kept after trimming, ${stats.frameRateHz.toFixed(2)} frames/s)`;
  return `${title}\n${formatTable(["song", "frames", "seconds", "offset", "train", "val", "test"], rows)}`;
}

function splitsTable(stats: DatasetStats): string {
  const rows = (["train", "val", "test"] as const).map((name) => {
    const s = stats.splits[name];
    return [
      name,
      String(s.segments),
      String(s.frames),
      String(s.songs),
      s.meanReducedLength.toFixed(2),
      String(s.maxReducedLength),
      String(s.emptySegments),
    ];
  });
  const header = ["split", "segments", "frames", "songs", "mean reduced", "max reduced", "no-chord segs"];
  return `Splits\n${formatTable(header, rows)}`;
}

function reductionLine(stats: DatasetStats): string {
  const r = stats.reduction;
  return (
    `Soft-target reduction (training split): mean reduced length ${r.meanReducedLength.toFixed(2)} ` +
    `of ${r.meanOriginalLength.toFixed(0)} frames, reduction ratio ${percent(r.reductionRatio)}`
  );
}

function classTable(stats: DatasetStats): string {
  const d = stats.classDistribution;
  const rows = [
    classRow(`strong (${stats.reduction.meanOriginalLength.toFixed(0)})`, d.strong),
    classRow("soft unpadded", d.softUnpadded),
    ...d.soft.map((v) => classRow(`soft ${v.softLength} ${v.padding}`, v.counts)),
  ];
  const header = ["target", "major", "%", "minor", "%", "no chord", "%", "total"];
  return `Class distribution (training split)\n${formatTable(header, rows)}`;
}

function classRow(name: string, c: ClassCounts): string[] {
  const share = (n: number): string => percent(c.total > 0 ? n / c.total : 0);
  return [name, String(c.major), share(c.major), String(c.minor), share(c.minor), String(c.noChord), share(c.noChord), String(c.total)];
}

function percent(fraction: number): string {
  return `${(100 * fraction).toFixed(2)}%`;
}

/** First column left-aligned, the others right-aligned, two spaces between columns. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, col) => Math.max(...all.map((row) => (row[col] ?? "").length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col])))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(header), rule, ...rows.map(line)].join("\n");
}

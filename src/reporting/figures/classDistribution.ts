/**
 * Tables 4.2 and 4.3 of the study as bars: the share of major, minor and no-chord elements in
 * the strong targets, the unpadded soft targets and each padded soft variant (one 100 % bar
 * per target set, the count and percentage written in each part).
 */
import { BASE_CONFIG, paddingRank, type LayerPanel, type UnitPanel, type VegaLiteSpec } from "./common.js";

export interface ClassCounts {
  major: number;
  minor: number;
  noChord: number;
  total: number;
}

/** artifacts.json → classDistribution. */
export interface ClassDistribution {
  strong: ClassCounts;
  softUnpadded: ClassCounts;
  soft: { padding: string; softLength: number; counts: ClassCounts }[];
}

export interface ClassShare {
  set: string;
  setIndex: number;
  cls: "major" | "minor" | "no chord";
  count: number;
  percent: number;
  /** Cumulative percentages where the part starts and ends in the 100 % bar. */
  x0: number;
  x1: number;
  label: string;
}

const CLASSES = [
  ["major", "major"],
  ["minor", "minor"],
  ["no chord", "noChord"],
] as const;

export function targetSets(d: ClassDistribution): { set: string; counts: ClassCounts }[] {
  return [
    { set: `strong (n = ${d.strong.total})`, counts: d.strong },
    { set: `soft, no padding (n = ${d.softUnpadded.total})`, counts: d.softUnpadded },
    ...[...d.soft]
      .sort((a, b) => paddingRank(a.padding) - paddingRank(b.padding) || a.softLength - b.softLength)
      .map((s) => ({ set: `soft ${s.padding}, length ${s.softLength} (n = ${s.counts.total})`, counts: s.counts })),
  ];
}

function shareText(count: number, percent: number): string {
  return `${count} (${percent.toFixed(1)} %)`;
}

/** Per target set, the minority classes spelled out beside the bar (they are too thin to label). */
export function minoritySummaries(d: ClassDistribution): { set: string; summary: string }[] {
  return targetSets(d).map(({ set, counts }) => {
    const pct = (n: number) => (counts.total > 0 ? (100 * n) / counts.total : 0);
    return { set, summary: `minor ${shareText(counts.minor, pct(counts.minor))} · no chord ${shareText(counts.noChord, pct(counts.noChord))}` };
  });
}

export function classShares(d: ClassDistribution): ClassShare[] {
  return targetSets(d).flatMap(({ set, counts }, setIndex) => {
    let x0 = 0;
    return CLASSES.map(([cls, key]) => {
      const count = counts[key];
      const percent = counts.total > 0 ? (100 * count) / counts.total : 0;
      const share = { set, setIndex, cls, count, percent, x0, x1: x0 + percent, label: percent >= 18 ? shareText(count, percent) : "" };
      x0 += percent;
      return share;
    });
  });
}

export function classDistributionFigure(d: ClassDistribution): VegaLiteSpec {
  const shares = classShares(d);
  const sets = [...new Set(shares.map((s) => s.set))];
  const y = { field: "set", type: "nominal" as const, title: null, sort: sets, axis: { labelLimit: 360 } };
  const bar: UnitPanel = {
    mark: { type: "bar", stroke: "white", strokeWidth: 1 },
    encoding: {
      y,
      x: { field: "x0", type: "quantitative", title: "share of target elements (%)", scale: { domain: [0, 100] } },
      x2: { field: "x1" },
      color: { field: "cls", type: "nominal", title: "class", legend: { orient: "top", direction: "horizontal" }, scale: { domain: ["major", "minor", "no chord"], range: ["#3b528b", "#5ec962", "#fde725"] } },
      tooltip: [{ field: "set" }, { field: "cls" }, { field: "count" }, { field: "percent", format: ".2f" }],
    },
  };
  const text: UnitPanel = {
    transform: [{ calculate: "(datum.x0 + datum.x1) / 2", as: "mid" }],
    mark: { type: "text", fontSize: 11 },
    encoding: {
      y,
      x: { field: "mid", type: "quantitative" },
      text: { field: "label" },
      color: { field: "cls", type: "nominal", legend: null, scale: { domain: ["major", "minor", "no chord"], range: ["white", "black", "black"] } },
    },
  };
  const side: UnitPanel = {
    data: { values: minoritySummaries(d) },
    mark: { type: "text", align: "left", dx: 8, fontSize: 11, x: 460 },
    encoding: { y, text: { field: "summary" } },
  };
  const layered: LayerPanel = {
    width: 460,
    height: { step: 30 },
    data: { values: shares },
    layer: [bar, text, side],
    resolve: { scale: { color: "independent" } },
  };
  return { config: BASE_CONFIG, title: "Chord classes in the training targets (Tables 4.2 / 4.3)", ...layered };
}

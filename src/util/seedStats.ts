/** Mean, sample standard deviation and 95 % confidence interval of scores over seeds. */
export interface Stat {
  mean: number;
  sd: number;
  /** Half-width of the 95 % confidence interval of the mean (Student t, n − 1 df); NaN for n < 2. */
  ci95: number;
  n: number;
}

// t(0.975, df) for df = 1..30; beyond that the normal quantile is close enough.
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12,
  2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** Statistics of the finite values (NaN entries, e.g. of failed runs, are left out). */
export function describe(values: readonly number[]): Stat {
  const finite = values.filter(Number.isFinite);
  const n = finite.length;
  if (n === 0) return { mean: NaN, sd: NaN, ci95: NaN, n };
  const mean = finite.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, sd: NaN, ci95: NaN, n };
  const sd = Math.sqrt(finite.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  return { mean, sd, ci95: ((T975[n - 2] ?? 1.96) * sd) / Math.sqrt(n), n };
}

/**
 * Paired difference a − b over matched runs (same seed, same fold): the statistics of the
 * per-pair differences, i.e. the paired t interval mean ± t(0.975, n − 1)·sd/√n. Pairs where
 * either value is not finite are dropped.
 */
export function pairedDifference(a: readonly number[], b: readonly number[]): Stat {
  if (a.length !== b.length) throw new Error(`paired samples differ in length: ${a.length} vs ${b.length}`);
  return describe(a.map((x, k) => x - b[k]));
}

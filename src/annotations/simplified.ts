/**
 * FMP's simplified chord labels (the `*_Chords_simplified.csv` files of the FMP notebooks,
 * Müller 2015/2021, chapter 5): a root alone for major ("C", "F#", "Bb") and the root followed by
 * "m" for minor ("Am", "C#m", "Bbm"); "N" for no chord. Roots and "N" already are Harte labels;
 * only the "m" suffix is not, so it is the one thing translated here.
 */

/** "Am" → "A:min", "C#m" → "C#:min"; any other label is returned unchanged. */
export function expandSimplifiedLabel(label: string): string {
  const minor = /^([A-G][b#]*)m$/.exec(label);
  return minor ? `${minor[1]}:min` : label;
}

// "did you mean …?" for usage errors: the closest of a few known names, when one is close enough.

/**
 * Edit distance (insertions, deletions, substitutions, and swaps of two neighbours, the commonest
 * typo: `--ulr` is one edit from `--url`), case-insensitive.
 */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      let d = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, (beforePrevious[j - 2] as number) + 1);
      row[j] = d;
    }
    [beforePrevious, previous] = [previous, row];
  }
  return previous[y.length] as number;
}

/**
 * The known name closest to `input`, or undefined when none is plausibly meant: within a third of
 * its length in edits (at least 1, at most 3), or one that starts with the input.
 *
 * @example didYouMean('stripee', ['standard', 'stripe']) // 'stripe'
 * @example didYouMean('svix', ['standard', 'stripe']) // undefined
 */
export function didYouMean(input: string, known: readonly string[]): string | undefined {
  if (input === '') return undefined;
  const prefixed = known.find((k) => k.toLowerCase().startsWith(input.toLowerCase()));
  if (prefixed !== undefined) return prefixed;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(input, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  const allowed = Math.min(3, Math.max(1, Math.floor(input.length / 3)));
  return bestDistance <= allowed ? best : undefined;
}

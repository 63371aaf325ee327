// Seeded randomness: the same --seed gives the same ids, names and schedules, run after run.

/** A source of numbers in [0, 1), like Math.random. */
export type RandomSource = () => number;

/**
 * mulberry32: a tiny, fast, well-distributed 32-bit PRNG; good enough for mock data, never for secrets.
 * @example const random = seededRandom(42); random(); // 0.6011…
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Picks one element of a non-empty list.
 * @example pick(random, ['a', 'b']) // 'a' or 'b'
 */
export function pick<T>(random: RandomSource, list: readonly T[]): T {
  if (list.length === 0) throw new Error('pick() needs a non-empty list');
  return list[Math.floor(random() * list.length)] as T;
}

/**
 * An integer in [min, max].
 * @example intBetween(random, 1, 6)
 */
export function intBetween(random: RandomSource, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

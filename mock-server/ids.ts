// Prefixed object ids. The prefix says what the id is (crd_ → credential), as on the real platform.
import { contractIdPrefixes } from '../generated/ids.js';
import type { RandomSource } from './random.js';

/**
 * Id prefix per object kind: the contract's (generated/ids.ts, read from its id patterns), plus the
 * request id of every answer (`x-request-id`), which the contract shows only in examples.
 */
export const idPrefixes = { ...contractIdPrefixes, request: 'req_' } as const;

/** A kind of id. */
export type IdKind = keyof typeof idPrefixes;

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Makes ids from a seeded random source: the same seed gives the same ids in the same order.
 * @example const newId = idFactory(seededRandom(1)); newId('credential') // 'crd_4fJ2…'
 */
export function idFactory(random: RandomSource, length = 20): (kind: IdKind) => string {
  return (kind) => {
    let out: string = idPrefixes[kind];
    for (let i = 0; i < length; i++) out += ALPHABET[Math.floor(random() * ALPHABET.length)];
    return out;
  };
}

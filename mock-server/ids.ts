// Prefixed object ids. The prefix says what the id is (crd_ → credential), as on the real platform.
import type { RandomSource } from './random.js';

/** Id prefix per object kind; the catalog the API, events and docs share. */
export const idPrefixes = {
  credential: 'crd_',
  bulk_issuance: 'bulk_',
  case: 'case_',
  check: 'chk_',
  business: 'biz_',
  event: 'evt_',
  webhook_endpoint: 'we_',
  delivery: 'dlv_',
  request: 'req_',
  verification: 'ver_',
  report: 'rpt_',
} as const;

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

// body.raw-bytes: bodies whose bytes change if the receiver parses and re-serializes the JSON before verifying.
import type { WireProfile } from '../../generated/profiles.js';
import { defineCheck } from '../check.js';
import { serializeEvent, type NativeEvent } from '../events.js';
import { expectAccepted } from '../expect.js';
import { deliverInSequence } from '../sequence.js';

/** One body variant: same event, different bytes than JSON.stringify would produce. */
export interface RawBodyVariant {
  readonly label: string;
  readonly body: string;
}

/** Recursively reverses the key order of every object: still the same JSON value. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
  }
  return value;
}

/** `\uXXXX` for a character, as a JSON text may spell it. */
function unicodeEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * The variants of one event's wire body: every one is valid JSON of a valid event, and none
 * survives `JSON.stringify(JSON.parse(body))` unchanged (except the multibyte one, which catches
 * bodies decoded with the wrong charset).
 */
export function rawBodyVariants(profile: WireProfile, event: (mutate?: (e: NativeEvent) => void) => NativeEvent, bulk: () => NativeEvent): RawBodyVariant[] {
  const variants: RawBodyVariant[] = [];
  // Characters outside ASCII, in several UTF-8 lengths (2, 3 and 4 bytes).
  const multibyte = event((e) => {
    if (typeof e.data.title === 'string') e.data.title = 'Qualitätsmanagement — 品質管理 🎓';
  });
  if (profile.envelope.kind === 'native') variants.push({ label: 'multibyte UTF-8 (ä — 品 🎓)', body: serializeEvent(multibyte, profile) });

  // Escapes: the same strings spelled with \u escapes and an escaped solidus.
  const escaped = event((e) => {
    if (typeof e.data.title === 'string') e.data.title = 'Café / Bar';
  });
  let body = serializeEvent(escaped, profile);
  body = body.replace('"Café / Bar"', `"Caf${unicodeEscape('é')} \\/ Bar"`);
  body = body.replace(`"id":"${escaped.id}"`, `"id":"${unicodeEscape(escaped.id[0]!)}${escaped.id.slice(1)}"`);
  variants.push({ label: 'JSON escapes (\\u00e9, \\/, an escaped letter in the id)', body });

  // Whitespace and key order: tabs, CRLF line ends, keys in reverse order, a trailing newline.
  const spaced = event();
  const reordered = JSON.stringify(reverseKeys(JSON.parse(serializeEvent(spaced, profile))), null, '\t').replace(/\n/g, '\r\n');
  variants.push({ label: 'tabs, CRLF, reversed key order, trailing newline', body: `${reordered.replace(/":/g, '" :')}\r\n` });

  // A number beyond 2^53 (still a 64-bit integer): JavaScript's JSON.parse rounds it, so a
  // re-serialized body differs. It goes in a count, not in data.revision, which receivers order by.
  if (profile.envelope.kind === 'native') {
    const big = bulk();
    const text = serializeEvent(big, profile);
    variants.push({
      label: 'an integer beyond 2^53 (a bulk issuance total of 9007199254740993)',
      body: text.replace(`"total":${String(big.data.total)}`, '"total":9007199254740993').replace(`"succeeded":${String(big.data.succeeded)}`, '"succeeded":9007199254740993'),
    });
  }
  return variants;
}

export const bodyRawBytes = defineCheck({
  id: 'body.raw-bytes',
  title: 'Verifies the raw bytes of the body',
  why: 'The signature covers the exact bytes sent; a receiver that parses the JSON and re-serializes it before verifying rejects genuine deliveries whenever the bytes differ (non-ASCII text, escapes, whitespace, key order, big numbers).',
  fix: "verify the raw body before parsing JSON: in Express use express.raw({ type: 'application/json' }) on the webhook route (not express.json()); with the Fetch API use await request.arrayBuffer() or request.text(); decode as UTF-8, never re-serialize",
  sends: 'correctly signed events whose bytes differ from JSON.stringify: multibyte UTF-8, JSON escapes, tabs/CRLF/reordered keys, an integer beyond 2^53 in a count',
  needsProbe: false,
  gate: 'accepts',
  phase: 'main',
  sequentialSteps: (profile) => (profile.envelope.kind === 'native' ? 4 : 2),
  appliesTo: () => true,
  async run(ctx) {
    const variants = rawBodyVariants(
      ctx.profile,
      (mutate) => {
        const e = ctx.events.event('credential.issued');
        mutate?.(e);
        return e;
      },
      () => ctx.events.event('bulk_issuance.completed'),
    );
    const sent = await deliverInSequence(
      ctx,
      variants.map(({ label, body }) => {
        const parsed = JSON.parse(body) as { id: string; type?: string };
        return { label, delivery: ctx.signPayload({ payload: body, id: parsed.id, type: parsed.type ?? 'credential.issued' }) };
      }),
    );
    return expectAccepted(sent, { what: 'raw bytes differ from re-serialized JSON', fixWhenRefused: this.fix });
  },
});

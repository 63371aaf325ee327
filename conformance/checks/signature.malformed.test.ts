import { describe, expect, it } from 'vitest';
import { profiles } from '../../generated/profiles.js';
import { fakeContext, type FakeAnswer } from '../../test/conformance/fake-context.js';
import type { OutgoingRequest } from '../http.js';
import { findHeader } from '../signing.js';
import { malformedSignatures, signatureMalformed } from './signature.malformed.js';

const VALID_HEX = 'ab'.repeat(32);
const rejected: FakeAnswer = { response: { status: 400, body: '{"error":"bad signature"}' } };
const crashed: FakeAnswer = { response: { status: 500, body: 'Internal Server Error' } };

/** A receiver that checks Stripe's t= first, then decodes every v1= as hex without a guard (F1's Python receiver). */
function stripeDecodesHexUnguarded(request: OutgoingRequest): FakeAnswer {
  const header = findHeader(request.headers, 'stripe-signature') ?? '';
  const parts = header.split(',').map((p) => p.split('='));
  const t = parts.find(([k]) => k === 't')?.[1];
  const v1 = parts.filter(([k]) => k === 'v1').map(([, v]) => v ?? '');
  if (t === undefined || v1.length === 0 || !/^\d+$/.test(t)) return rejected;
  if (v1.some((v) => !/^([0-9a-f]{2})*$/i.test(v))) return crashed;
  return rejected;
}

/** A receiver that compares the signature's text length first, then decodes it and compares bytes unguarded. */
function lengthCheckedThenDecoded(decode: (text: string) => Buffer, expectedLength: number, pick: (header: string) => string, name: string) {
  return (request: OutgoingRequest): FakeAnswer => {
    const text = pick(findHeader(request.headers, name) ?? '');
    if (text.length !== expectedLength) return rejected;
    // timingSafeEqual throws on buffers of different lengths: a garbage signature decodes short.
    return decode(text).length === 32 ? rejected : crashed;
  };
}

describe('signature.malformed', () => {
  it('breaks one part of a Stripe header at a time: every variant keeps either the valid timestamp or the valid signature', () => {
    const valid = `t=1795339401,v1=${VALID_HEX}`;
    const variants = malformedSignatures(profiles.stripe, valid).filter((v) => v.value !== '' && !v.label.includes('without its timestamp'));
    for (const { label, value } of variants) {
      const t = /(?:^|,)t=([^,]*)/.exec(value)?.[1];
      const v1 = /v1=([^,]*)/.exec(value)?.[1];
      expect(t === '1795339401' || v1 === VALID_HEX, label).toBe(true);
    }
    expect(variants.map((v) => v.value)).toEqual(expect.arrayContaining(['t=1795339401,v1=not-hex!', `t=yesterday,v1=${VALID_HEX}`]));
  });

  it('passes a Stripe receiver that answers 4xx to every malformed header', async () => {
    const ctx = fakeContext({ profile: 'stripe', answer: () => rejected });
    const outcome = await signatureMalformed.run(ctx);
    expect(outcome.status).toBe('passed');
    expect(ctx.sent).toHaveLength(malformedSignatures(profiles.stripe, '').length);
  });

  it('fails a Stripe receiver that checks t= first and then crashes decoding a non-hex v1= (F1)', async () => {
    const outcome = await signatureMalformed.run(fakeContext({ profile: 'stripe', answer: stripeDecodesHexUnguarded }));
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toMatch(/^answered 500 to garbage signature \(timestamp valid\)/);
    expect(outcome.hint).toMatch(/answer 400/);
  });

  it.each([
    ['standard', lengthCheckedThenDecoded((s) => Buffer.from(s, 'base64'), 44, (h) => h.slice(h.indexOf(',') + 1), 'webhook-signature')],
    ['compliancely', lengthCheckedThenDecoded((s) => Buffer.from(s, 'hex'), 64, (h) => h, 'compliancely-signature')],
    ['stripe', lengthCheckedThenDecoded((s) => Buffer.from(s, 'hex'), 64, (h) => /v1=([^,]*)/.exec(h)?.[1] ?? '', 'stripe-signature')],
  ] as const)('fails a %s receiver that checks the length of the text, then crashes on a garbage signature of that length', async (profile, answer) => {
    const outcome = await signatureMalformed.run(fakeContext({ profile, answer }));
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toMatch(/^answered 500 to garbage signature of the right length/);
  });
});

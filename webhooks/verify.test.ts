import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventCatalog } from '../generated/events.js';
import { profileNames, type ProfileName } from '../generated/profiles.js';
import { WebhookVerificationError, type WebhookVerificationErrorCode } from './errors.js';
import { generateSecret } from './secret.js';
import { sign, signEvent } from './sign.js';
import { verify, verifySignature, type VerifyOptions } from './verify.js';

const NOW_MS = 1_795_336_800_000;
const now = () => NOW_MS;
const event = eventCatalog['credential.revoked'].example;
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** A valid signed delivery of the standard profile; each test breaks one thing. */
function delivery(overrides: Partial<VerifyOptions> = {}): VerifyOptions {
  const { headers, body } = signEvent({ secret, event, now });
  return { secret, headers, payload: body, now, ...overrides };
}

// Header values as node hands them over: any byte 0-255 as a latin1 character.
const latin1String = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)) });

function codeOf(fn: () => unknown): WebhookVerificationErrorCode {
  try {
    fn();
  } catch (err) {
    if (err instanceof WebhookVerificationError) return err.code;
    throw err;
  }
  throw new Error('expected a WebhookVerificationError, nothing was thrown');
}

function errorOf(fn: () => unknown): WebhookVerificationError {
  try {
    fn();
  } catch (err) {
    if (err instanceof WebhookVerificationError) return err;
    throw err;
  }
  throw new Error('expected a WebhookVerificationError, nothing was thrown');
}

describe('verify', () => {
  it('returns the typed event of a valid standard delivery', () => {
    const verified = verify(delivery());
    expect(verified).toEqual(event);
    if (verified.type === 'credential.revoked') expect(verified.data.revision).toBe(event.data.revision);
  });

  it('accepts the body as a string, Buffer, Uint8Array or ArrayBuffer', () => {
    const base = delivery();
    const bytes = Buffer.from(base.payload as string, 'utf8');
    const copy = new Uint8Array(bytes);
    for (const payload of [bytes, copy, copy.buffer]) expect(verify({ ...base, payload })).toEqual(event);
  });

  it('reads headers from a Fetch Headers object', () => {
    const base = delivery();
    expect(verify({ ...base, headers: new Headers(base.headers as Record<string, string>) })).toEqual(event);
  });

  it('accepts a delivery signed for each profile and returns its envelope', () => {
    for (const profile of profileNames) {
      const profileSecret = generateSecret({ profile });
      const { headers, body } = signEvent({ profile, secret: profileSecret, event, now });
      const verified = verify({ profile, secret: profileSecret, headers, payload: body, now });
      expect(verified, profile).toEqual(JSON.parse(body));
    }
  });

  it('accepts any of several secrets during a rotation', () => {
    const old = generateSecret();
    const { headers, body } = signEvent({ secret, event, now });
    expect(verify({ secrets: [old, secret], headers, payload: body, now })).toEqual(event);
    expect(codeOf(() => verify({ secrets: [old], headers, payload: body, now }))).toBe('no_matching_signature');
  });

  it('accepts a valid signature that is the third of three', () => {
    const signed = signEvent({ secrets: [generateSecret(), generateSecret(), secret], event, now });
    expect(signed.headers['webhook-signature']?.split(' ')).toHaveLength(3);
    expect(verify({ secret, headers: signed.headers, payload: signed.body, now })).toEqual(event);
  });

  it('rejects a timestamp 301 s old or 301 s ahead, and honours toleranceInSeconds', () => {
    const old = signEvent({ secret, event, timestamp: NOW_MS / 1000 - 301 });
    const ahead = signEvent({ secret, event, timestamp: NOW_MS / 1000 + 301 });
    expect(codeOf(() => verify({ secret, headers: old.headers, payload: old.body, now }))).toBe('timestamp_too_old');
    expect(codeOf(() => verify({ secret, headers: ahead.headers, payload: ahead.body, now }))).toBe('timestamp_too_new');
    expect(verify({ secret, headers: old.headers, payload: old.body, now, toleranceInSeconds: 600 })).toEqual(event);
  });

  it('rejects a re-serialized body even when the JSON is equal', () => {
    const base = delivery();
    const reserialized = JSON.stringify(JSON.parse(base.payload as string), null, 2);
    const err = errorOf(() => verify({ ...base, payload: reserialized }));
    expect(err.code).toBe('no_matching_signature');
    expect(err.message).toContain('raw request body');
  });

  it('joins a signature header sent several times and still finds the valid one', () => {
    const base = delivery();
    const headers = { ...(base.headers as Record<string, string>), 'webhook-signature': ['v1,AAAA', base.headers['webhook-signature' as never] as string] };
    expect(verify({ ...base, headers })).toEqual(event);
    const twoIds = { ...(base.headers as Record<string, string>), 'webhook-id': ['evt_a', 'evt_b'] };
    expect(codeOf(() => verify({ ...base, headers: twoIds }))).toBe('malformed_header');
  });

  it('throws only WebhookVerificationError for arbitrary header values, never a TypeError', () => {
    const base = delivery();
    fc.assert(
      fc.property(
        fc.constantFrom('webhook-id', 'webhook-timestamp', 'webhook-signature'),
        fc.oneof(fc.string(), latin1String, fc.array(fc.string(), { maxLength: 3 }), fc.constant(undefined)),
        (name, value) => {
          const headers = { ...(base.headers as Record<string, string>), [name]: value } as Record<string, string>;
          try {
            verify({ ...base, headers });
          } catch (err) {
            expect(err).toBeInstanceOf(WebhookVerificationError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects every malformed stripe header with a WebhookVerificationError', () => {
    const stripeSecret = generateSecret({ profile: 'stripe' });
    const { body } = signEvent({ profile: 'stripe', secret: stripeSecret, event, now });
    fc.assert(
      fc.property(fc.string(), (value) => {
        const code = codeOf(() => verify({ profile: 'stripe', secret: stripeSecret, headers: { 'stripe-signature': value }, payload: body, now }));
        expect(['missing_header', 'malformed_header', 'no_matching_signature', 'timestamp_too_old']).toContain(code);
      }),
      { numRuns: 300 },
    );
  });

  it('returns an UnknownEvent for a type this version does not know', () => {
    const future = { ...event, type: 'credential.suspended', data: { ...event.data, status: 'suspended' } };
    const { headers, body } = signEvent({ secret, event: future, now });
    const verified = verify({ secret, headers, payload: body, now });
    expect(verified).toEqual({ type: 'unknown', unknownType: 'credential.suspended', id: event.id, raw: future });
  });

  it('tolerates fields the contract does not list', () => {
    const extended = { ...event, newTopLevel: true, data: { ...event.data, newField: 'x' } };
    const { headers, body } = signEvent({ secret, event: extended, now });
    expect(verify({ secret, headers, payload: body, now })).toEqual(extended);
  });

  it('rejects a known type without the revision receivers order by, with invalid_payload and the issues', () => {
    const broken = { ...event, data: { ...event.data, revision: 'four' } };
    const { headers, body } = signEvent({ secret, event: broken, now });
    const err = errorOf(() => verify({ secret, headers, payload: body, now }));
    expect(err.code).toBe('invalid_payload');
    expect(err.issues).toEqual([{ pointer: '/data/revision', message: 'must be integer' }]);
  });

  it('tolerates a status value a later contract version adds, unless validate is on', () => {
    const newer = { ...event, data: { ...event.data, status: 'suspended' } };
    const { headers, body } = signEvent({ secret, event: newer, now });
    expect(verify({ secret, headers, payload: body, now })).toEqual(newer);
    const err = errorOf(() => verify({ secret, headers, payload: body, now, validate: true }));
    expect(err.code).toBe('invalid_payload');
    expect(err.issues[0]?.pointer).toBe('/data/status');
  });

  it('rejects a validly signed body that is not JSON with invalid_payload and the cause', () => {
    const { headers, body } = signEventRaw('not json');
    const err = errorOf(() => verify({ secret, headers, payload: body, now }));
    expect(err.code).toBe('invalid_payload');
    expect(err.cause).toBeInstanceOf(SyntaxError);
  });

  it('verifySignature checks the signature without parsing the body', () => {
    const { headers, body } = signEventRaw('not json');
    expect(verifySignature({ secret, headers, payload: body, now })).toEqual({ id: 'evt_raw0000000', timestamp: NOW_MS / 1000 });
  });

  it('gives every error a hint and a docs link named after its code', () => {
    const err = errorOf(() => verify({ ...delivery(), payload: 'tampered' }));
    expect(err.hint).not.toBe('');
    expect(err.docsUrl).toBe('guides/verifying-signatures.html#no_matching_signature');
    expect(err.docsHint).toBe('guides/verifying-signatures.html#no_matching_signature (run `npx credkit docs guides/verifying-signatures.html#no_matching_signature`)');
    expect(err.status).toBe(400);
    expect(err.header).toBe('webhook-signature');
  });
});

describe('verify misuse', () => {
  it('points at the raw body when given a parsed object', () => {
    const err = errorOf(() => verify({ ...delivery(), payload: event as never }));
    expect(err.code).toBe('invalid_payload');
    expect(err.message).toMatch(/pass the raw request body/);
  });

  it('rejects an empty secret as a configuration error', () => {
    for (const empty of ['', 'whsec_']) {
      const err = errorOf(() => verify({ ...delivery(), secret: empty }));
      expect(err.code).toBe('invalid_secret');
      expect(err.message).toMatch(/empty/);
      expect(err.status).toBe(500);
    }
  });

  it('rejects a secret with a trailing newline or whitespace, without printing it', () => {
    for (const bad of [`${secret}\n`, ` ${secret}`, `${secret}\r\n`]) {
      const err = errorOf(() => verify({ ...delivery(), secret: bad }));
      expect(err.code).toBe('invalid_secret');
      expect(err.message).toMatch(/whitespace or a line break/);
      expect(err.message).not.toContain(secret.slice(6));
    }
  });

  it('recognises a signature passed as the secret', () => {
    const base = delivery();
    const err = errorOf(() => verify({ ...base, secret: (base.headers as Record<string, string>)['webhook-signature'] as string }));
    expect(err.code).toBe('invalid_secret');
    expect(err.message).toMatch(/looks like a signature/);
  });

  it('rejects a standard secret that is not base64', () => {
    expect(codeOf(() => verify({ ...delivery(), secret: 'whsec_not*base64' }))).toBe('invalid_secret');
  });

  it('rejects a missing secret and an unknown profile', () => {
    expect(codeOf(() => verify({ ...delivery(), secret: undefined }))).toBe('invalid_secret');
    expect(codeOf(() => verify({ ...delivery(), secret: undefined, secrets: [] }))).toBe('invalid_secret');
    expect(codeOf(() => verify({ ...delivery(), profile: 'github' as ProfileName as 'standard' }))).toBe('invalid_option');
  });
});

/** A validly signed standard delivery of an arbitrary body. */
function signEventRaw(body: string): { headers: Record<string, string>; body: string } {
  return sign({ secret, id: 'evt_raw0000000', payload: body, now });
}

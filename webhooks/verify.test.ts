import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventCatalog } from '../generated/events.js';
import { profileNames, type ProfileName } from '../generated/profiles.js';
import { WebhookVerificationError, webhookErrorCodes, type WebhookVerificationErrorCode } from './errors.js';
import { generateSecret } from './secret.js';
import { sign, signEvent } from './sign.js';
import { verify, verifySignature, type VerifyOptions } from './verify.js';
import { verifyRequest } from './verify-request.js';
import { codeOf, errorOf } from './verification-error.test-helper.js';

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

describe('verify fuzz of option values', () => {
  const knownCodes = Object.keys(webhookErrorCodes);
  const YEAR_IN_SECONDS = 365 * 24 * 60 * 60;
  // The profiles with replay protection, and one without (a stale delivery is then simply genuine).
  const fuzzedProfiles = ['standard', 'stripe', 'certn'] as const;
  const realSecrets = Object.fromEntries(fuzzedProfiles.map((p) => [p, generateSecret({ profile: p })])) as Record<(typeof fuzzedProfiles)[number], string>;
  const otherSecrets = Object.fromEntries(fuzzedProfiles.map((p) => [p, generateSecret({ profile: p })])) as Record<(typeof fuzzedProfiles)[number], string>;
  // The forger's secret is none the receiver is given.
  const forgerSecrets = Object.fromEntries(fuzzedProfiles.map((p) => [p, generateSecret({ profile: p })])) as Record<(typeof fuzzedProfiles)[number], string>;
  const inClockRange = (v: unknown) => typeof v === 'number' && v >= 1e11 && v <= 1e14;

  type Kind = 'fresh' | 'stale' | 'forged' | 'tampered';
  function deliveryOf(profile: (typeof fuzzedProfiles)[number], kind: Kind): { headers: Record<string, string>; body: string } {
    const timestamp = NOW_MS / 1000 - (kind === 'stale' ? YEAR_IN_SECONDS : 0);
    const signed = signEvent({ profile, secret: kind === 'forged' ? forgerSecrets[profile] : realSecrets[profile], event, timestamp });
    return kind === 'tampered' ? { ...signed, body: signed.body.replace('"id":"', '"id":"x') } : signed;
  }

  // Each option: a valid value (tagged true), or an odd one (tagged false) that must never widen what is accepted.
  const tagged = <T>(valid: boolean, arb: fc.Arbitrary<T>) => arb.map((value) => ({ value, valid }));
  const oddValue = fc.oneof(fc.anything(), fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, -1, '', 'abc', '300', null, [], {}));
  const toleranceArb = fc.oneof(
    tagged(true, fc.constant(undefined)),
    tagged(true, fc.integer({ min: 0, max: 600 })),
    tagged(false, oddValue.filter((v) => v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0))),
  );
  const nowArb = fc.oneof(
    { weight: 3, arbitrary: tagged(true, fc.constant(now)) },
    tagged(false, fc.constantFrom(() => NaN, () => undefined, () => NOW_MS / 1000, () => NOW_MS * 1000, () => String(NOW_MS))),
    tagged(false, oddValue.filter((v) => !inClockRange(v)).map((v) => () => v)),
    tagged(false, oddValue.filter((v) => v !== undefined)),
  );
  const validateArb = fc.oneof(tagged(true, fc.constantFrom(undefined, true, false)), tagged(false, oddValue.filter((v) => v !== undefined && typeof v !== 'boolean')));
  const profileArb = (delivered: string) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constant(delivered) },
      fc.constantFrom(...profileNames, 'github', '__proto__', 'constructor', 'toString', ''),
      oddValue,
    );
  /** secret and secrets: which of them hold the real secret, and whether every entry is a known-usable secret. */
  const secretsArb = (p: (typeof fuzzedProfiles)[number]) => {
    const entry = fc.oneof(
      { weight: 3, arbitrary: fc.constant({ value: realSecrets[p] as unknown, real: true, known: true }) },
      fc.constant({ value: otherSecrets[p] as unknown, real: false, known: true }),
      oddValue.map((value) => ({ value, real: false, known: false })),
    );
    return fc.oneof(
      entry.map((e) => ({ secret: e.value, secrets: undefined as unknown, real: e.real, known: e.known })),
      fc.tuple(fc.option(entry, { nil: undefined }), fc.array(entry, { maxLength: 3 })).map(([one, many]) => ({
        secret: one?.value,
        secrets: many.map((e) => e.value) as unknown,
        real: (one?.real ?? false) || many.some((e) => e.real),
        known: (one?.known ?? true) && many.every((e) => e.known) && (one !== undefined || many.length > 0),
      })),
      oddValue.map((secrets) => ({ secret: realSecrets[p] as unknown, secrets, real: true, known: false })),
    );
  };

  const caseArb = fc.constantFrom(...fuzzedProfiles).chain((p) =>
    fc.record({
      profile: fc.constant(p),
      kind: fc.constantFrom<Kind>('fresh', 'stale', 'forged', 'tampered'),
      profileOption: profileArb(p),
      keys: secretsArb(p),
      tolerance: toleranceArb,
      clock: nowArb,
      validate: validateArb,
    }),
  );

  type Case = typeof caseArb extends fc.Arbitrary<infer C> ? C : never;
  /** True when a correct verifier may accept: a genuine delivery, checked with this profile, a real secret and sound options. */
  function mayAccept(c: Case): boolean {
    const genuine = c.kind === 'fresh' || (c.kind === 'stale' && c.profile === 'certn');
    const profile = c.profileOption === undefined ? 'standard' : c.profileOption;
    return genuine && profile === c.profile && c.keys.real && c.tolerance.valid && c.clock.valid && c.validate.valid;
  }
  /** True when it must accept: all of the above, and no entry whose usability the fuzz cannot predict. */
  const mustAccept = (c: Case) => mayAccept(c) && c.keys.known;

  function judge(c: Case, outcome: { accepted: true } | { accepted: false; err: unknown }): void {
    if (outcome.accepted) {
      expect(mayAccept(c), 'accepted a forged or stale delivery, or with an invalid option').toBe(true);
      return;
    }
    expect(outcome.err).toBeInstanceOf(WebhookVerificationError);
    expect(knownCodes).toContain((outcome.err as WebhookVerificationError).code);
    expect(mustAccept(c), `rejected a genuine delivery: ${(outcome.err as Error).message}`).toBe(false);
  }

  function optionsOf(c: Case) {
    return {
      profile: c.profileOption,
      secret: c.keys.secret,
      secrets: c.keys.secrets,
      toleranceInSeconds: c.tolerance.value,
      now: c.clock.value,
      validate: c.validate.value,
    } as unknown as Omit<VerifyOptions, 'headers' | 'payload'>;
  }

  it('either throws a WebhookVerificationError of a known code or, with valid options, accepts only genuine fresh deliveries', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { headers, body } = deliveryOf(c.profile, c.kind);
        try {
          verify({ ...optionsOf(c), headers, payload: body });
        } catch (err) {
          return judge(c, { accepted: false, err });
        }
        judge(c, { accepted: true });
      }),
      { numRuns: 600 },
    );
  });

  it('holds for verifyRequest too, with maxBodyInBytes fuzzed', async () => {
    const maxArb = fc.oneof(
      tagged(true, fc.constant(undefined)),
      tagged(true, fc.integer({ min: 1, max: 4096 })),
      tagged(false, oddValue.filter((v) => v !== undefined && !(typeof v === 'number' && Number.isSafeInteger(v) && v >= 1))),
    );
    await fc.assert(
      fc.asyncProperty(caseArb, maxArb, async (c, max) => {
        const { headers, body } = deliveryOf(c.profile, c.kind);
        const request = new Request('http://127.0.0.1/webhooks', { method: 'POST', headers, body });
        const fits = max.value === undefined || Buffer.byteLength(body) <= (max.value as number);
        const sound = { ...c, validate: { ...c.validate, valid: c.validate.valid && max.valid && fits } };
        try {
          await verifyRequest({ ...optionsOf(c), request, maxBodyInBytes: max.value as number });
        } catch (err) {
          return judge(sound, { accepted: false, err });
        }
        judge(sound, { accepted: true });
      }),
      { numRuns: 200 },
    );
  });

  it('answers any value in place of the options object with a WebhookVerificationError, never a TypeError', () => {
    const anyOptions = fc.oneof(
      fc.anything(),
      fc.record(
        { profile: oddValue, secret: oddValue, secrets: oddValue, headers: oddValue, payload: oddValue, toleranceInSeconds: oddValue, now: oddValue, validate: oddValue },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(anyOptions, (options) => {
        for (const fn of [verify, verifySignature]) {
          try {
            fn(options as never);
          } catch (err) {
            expect(err).toBeInstanceOf(WebhookVerificationError);
            expect(knownCodes).toContain((err as WebhookVerificationError).code);
            continue;
          }
          throw new Error('accepted a delivery made of arbitrary values');
        }
      }),
      { numRuns: 400 },
    );
  });
});

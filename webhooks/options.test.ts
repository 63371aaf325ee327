// Security options are checked where they are resolved: an invalid value is an invalid_option (or
// invalid_secret), never a NaN comparison that quietly accepts a stale delivery.
import { describe, expect, it } from 'vitest';
import { eventCatalog } from '../generated/events.js';
import type { ProfileName } from '../generated/profiles.js';
import { WebhookVerificationError } from './errors.js';
import { signEvent } from './sign.js';
import { verify, verifySignature, type VerifyOptions } from './verify.js';
import { errorOf } from './verification-error.test-helper.js';

const NOW_MS = 1_795_336_800_000;
const now = () => NOW_MS;
const YEAR_IN_SECONDS = 365 * 24 * 60 * 60;
const event = eventCatalog['credential.revoked'].example;
const secrets = { standard: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', stripe: 'whsec_0f3c9a1e5b7d2468ace13579bdf02468' } as const;

/** A correctly signed delivery that is a year old: every test below must reject it. */
function yearOld(profile: 'standard' | 'stripe' = 'standard'): VerifyOptions<ProfileName> {
  const secret = secrets[profile];
  const { headers, body } = signEvent({ profile, secret, event, timestamp: NOW_MS / 1000 - YEAR_IN_SECONDS });
  return { profile, secret, headers, payload: body, now };
}


describe('toleranceInSeconds', () => {
  it('rejects the year-old delivery as too old with the default and a valid tolerance', () => {
    for (const profile of ['standard', 'stripe'] as const) {
      expect(errorOf(() => verify(yearOld(profile))).code, profile).toBe('timestamp_too_old');
      expect(errorOf(() => verify({ ...yearOld(profile), toleranceInSeconds: 600 })).code, profile).toBe('timestamp_too_old');
    }
  });

  it.each([NaN, 'abc', '300', -1, Infinity, null, {}])('is an invalid_option when it is %s, never a replay accepted', (tolerance) => {
    for (const profile of ['standard', 'stripe'] as const) {
      const err = errorOf(() => verify({ ...yearOld(profile), toleranceInSeconds: tolerance as number }));
      expect(err.code, profile).toBe('invalid_option');
      expect(err.message).toMatch(/toleranceInSeconds must be a number of seconds/);
      expect(err.status).toBe(500);
    }
  });

  it('is checked for profiles that sign no timestamp too: the mistake is the same', () => {
    const { headers, body } = signEvent({ profile: 'certn', secret: secrets.stripe, event });
    expect(errorOf(() => verify({ profile: 'certn', secret: secrets.stripe, headers, payload: body, toleranceInSeconds: NaN })).code).toBe('invalid_option');
  });

  it('accepts zero, a fraction and a huge number as deliberate choices', () => {
    const fresh = signEvent({ secret: secrets.standard, event, now });
    for (const toleranceInSeconds of [0, 0.5, Number.MAX_SAFE_INTEGER]) {
      expect(verify({ secret: secrets.standard, headers: fresh.headers, payload: fresh.body, now, toleranceInSeconds })).toEqual(event);
    }
  });
});

describe('now', () => {
  it.each([() => NaN, () => undefined, () => '1795336800000', () => -1, () => Infinity])('is an invalid_option when it returns %s', (bad) => {
    for (const profile of ['standard', 'stripe'] as const) {
      const err = errorOf(() => verify({ ...yearOld(profile), now: bad as () => number }));
      expect(err.code, profile).toBe('invalid_option');
      expect(err.message).toMatch(/now must return milliseconds since 1970 \(Date\.now\)/);
    }
  });

  it('says "now must return milliseconds" when it returns seconds, for stripe too (which checks only age)', () => {
    for (const profile of ['standard', 'stripe'] as const) {
      const err = errorOf(() => verify({ ...yearOld(profile), now: () => NOW_MS / 1000 }));
      expect(err.code, profile).toBe('invalid_option');
      expect(err.hint).toMatch(/now must return milliseconds \(Date\.now\)/);
      expect(err.message).toMatch(/looks like seconds/);
    }
  });

  it('says so when it returns microseconds', () => {
    expect(errorOf(() => verify({ ...yearOld(), now: () => NOW_MS * 1000 })).message).toMatch(/looks like microseconds/);
  });

  it('is an invalid_option when it is not a function', () => {
    for (const bad of [NOW_MS, 'Date.now', null, {}]) {
      const err = errorOf(() => verify({ ...yearOld(), now: bad as never }));
      expect(err.code).toBe('invalid_option');
      expect(err.message).toMatch(/now must be a function/);
    }
  });

  it('is called, and its result checked, on every call', () => {
    const times = [NOW_MS, NaN];
    const clock = () => times.shift() as number;
    const fresh = signEvent({ secret: secrets.standard, event, now });
    const options = { secret: secrets.standard, headers: fresh.headers, payload: fresh.body, now: clock };
    expect(verify(options)).toEqual(event);
    expect(errorOf(() => verify(options)).code).toBe('invalid_option');
  });
});

describe('the options object itself', () => {
  it.each([null, undefined, 'whsec_…', 42])('verify(%s) is an invalid_option that shows the call', (bad) => {
    const err = errorOf(() => verify(bad as never));
    expect(err.code).toBe('invalid_option');
    expect(err.hint).toMatch(/verify\(\{ secret, headers, payload \}\)/);
    expect(errorOf(() => verifySignature(bad as never)).hint).toMatch(/verifySignature\(\{ secret, headers, payload \}\)/);
  });

  it('rejects a profile name that is not a string with invalid_option, not a TypeError', () => {
    for (const profile of [42, {}, { toString: 'x' }, Symbol('standard'), ['standard']]) {
      const err = errorOf(() => verify({ ...yearOld(), profile: profile as never }));
      expect(err.code).toBe('invalid_option');
      expect(err.hint).toMatch(/use one of standard, certdirectory/);
    }
  });

  it('rejects a validate that is not a boolean', () => {
    expect(errorOf(() => verify({ ...yearOld(), validate: 'yes' as never })).code).toBe('invalid_option');
  });

  it('rejects secrets with a hole or a non-string with invalid_secret', () => {
    // eslint-disable-next-line no-sparse-arrays
    for (const bad of [[, secrets.standard], [secrets.standard, 42], 'whsec_x', { 0: secrets.standard, length: 1 }]) {
      const err = errorOf(() => verify({ ...yearOld(), secret: undefined, secrets: bad as never }));
      expect(err.code, String(bad)).toBe('invalid_secret');
    }
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { profileNames, type ProfileName } from '../generated/profiles.js';
import { WebhookVerificationError, type WebhookVerificationErrorCode } from './errors.js';
import { isUnknownEvent } from './event.js';
import { sign } from './sign.js';
import { verify } from './verify.js';

interface Vector {
  name: string;
  profile: ProfileName;
  secret: string;
  now: number;
  headers: Record<string, string>;
  payload: string;
  sign?: { id?: string; timestamp?: number };
  expect: { ok: true; type: string } | { error: WebhookVerificationErrorCode };
}

const { vectors } = JSON.parse(readFileSync(new URL('./test-vectors.json', import.meta.url), 'utf8')) as { vectors: Vector[] };

describe('webhooks/test-vectors.json', () => {
  it('has positive and negative vectors for every profile', () => {
    for (const profile of profileNames) {
      const mine = vectors.filter((v) => v.profile === profile);
      expect(mine.some((v) => 'ok' in v.expect), profile).toBe(true);
      expect(mine.some((v) => 'error' in v.expect), profile).toBe(true);
    }
  });

  it('includes the public Standard Webhooks vector', () => {
    const pub = vectors.find((v) => v.headers['webhook-id'] === 'msg_p5jXN8AQM9LWM0D4loKWxJek');
    expect(pub?.headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    expect(pub?.secret).toBe('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
  });

  for (const v of vectors) {
    const expected = v.expect;
    if ('ok' in expected) {
      it(`verifies ${v.name}`, () => {
        const event = verify({ profile: v.profile, secret: v.secret, headers: v.headers, payload: v.payload, now: () => v.now * 1000 });
        if (expected.type === 'unknown') expect(isUnknownEvent(event)).toBe(true);
        else if (expected.type === 'certn') expect(event).toEqual(JSON.parse(v.payload));
        else expect(event).toMatchObject({ type: expected.type, id: JSON.parse(v.payload).id });
      });
    } else {
      it(`rejects ${v.name} with ${expected.error}`, () => {
        let caught: unknown;
        try {
          verify({ profile: v.profile, secret: v.secret, headers: v.headers, payload: v.payload, now: () => v.now * 1000 });
        } catch (err) {
          caught = err;
        }
        expect(caught).toBeInstanceOf(WebhookVerificationError);
        expect((caught as WebhookVerificationError).code).toBe(expected.error);
        expect((caught as Error).message).not.toContain(v.secret);
      });
    }
    if (v.sign) {
      const { id, timestamp } = v.sign;
      it(`signs ${v.name} to exactly the vector's headers`, () => {
        const signed = sign({ profile: v.profile, secret: v.secret, payload: v.payload, ...(id ? { id } : {}), ...(timestamp ? { timestamp } : {}) });
        expect(signed).toEqual({ headers: v.headers, body: v.payload });
      });
    }
  }
});

import { expectTypeOf, test } from 'vitest';
import type { WebhookEvent } from '../generated/events.js';
import type { CertnEvent, UnknownEvent } from './event.js';
import { verify } from './verify.js';
import { verifyRequest } from './verify-request.js';

declare const headers: Record<string, string>;
declare const request: Request;

test('verify returns the event type of the profile it is given', () => {
  expectTypeOf(verify({ secret: 's', headers, payload: '' })).toEqualTypeOf<WebhookEvent | UnknownEvent>();
  expectTypeOf(verify({ profile: 'stripe', secret: 's', headers, payload: '' })).toEqualTypeOf<WebhookEvent | UnknownEvent>();
  expectTypeOf(verify({ profile: 'certn', secret: 's', headers, payload: '' })).toEqualTypeOf<CertnEvent | UnknownEvent>();
  expectTypeOf(verifyRequest({ profile: 'certn', request, secret: 's' })).resolves.toEqualTypeOf<CertnEvent | UnknownEvent>();
});

test('switching on type narrows to one event, and to UnknownEvent', () => {
  const event = verify({ secret: 's', headers, payload: '' });
  if (event.type === 'credential.revoked') expectTypeOf(event.data.revision).toBeNumber();
  if (event.type === 'unknown') expectTypeOf(event.unknownType).toEqualTypeOf<string | undefined>();
});

test('a parsed object is not a payload', () => {
  // @ts-expect-error: the raw body, never a parsed object
  verify({ secret: 's', headers, payload: { id: 'evt_1' } });
});

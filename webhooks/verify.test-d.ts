import { expectTypeOf, test } from 'vitest';
import type { WebhookEvent } from '../generated/events.js';
import type { CertnEvent, UnknownEvent } from './event.js';
import { verify } from './verify.js';
import { verifyNodeRequest, verifyRequest } from './verify-request.js';

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

test('any bytes are a payload: Buffer, typed arrays, DataView, ArrayBuffer', () => {
  for (const payload of [Buffer.from(''), new Uint8Array(), new Int8Array(), new DataView(new ArrayBuffer(0)), new ArrayBuffer(0)]) {
    expectTypeOf(verify({ secret: 's', headers, payload })).toEqualTypeOf<WebhookEvent | UnknownEvent>();
  }
});

test('verifyRequest takes a body cap, like verifyNodeRequest', () => {
  expectTypeOf(verifyRequest).parameter(0).toHaveProperty('maxBodyInBytes').toEqualTypeOf<number | undefined>();
  expectTypeOf(verifyNodeRequest).parameter(0).toHaveProperty('maxBodyInBytes').toEqualTypeOf<number | undefined>();
});

test('a tolerance is a number of seconds and the clock returns one', () => {
  // @ts-expect-error: a string from the environment must be converted (and is an invalid_option at run time)
  verify({ secret: 's', headers, payload: '', toleranceInSeconds: '300' });
  // @ts-expect-error: the clock is a function, Date.now, not its value
  verify({ secret: 's', headers, payload: '', now: Date.now() });
});

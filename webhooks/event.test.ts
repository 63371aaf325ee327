import { describe, expect, expectTypeOf, it } from 'vitest';
import { eventCatalog, eventTypes, type WebhookEvent } from '../generated/events.js';
import { profileNames, profiles } from '../generated/profiles.js';
import { WebhookVerificationError } from './errors.js';
import { isUnknownEvent, parseEvent, type CertnEvent, type EnvelopeKindOf, type ProfileEvent, type UnknownEvent } from './event.js';
import { toWireBody } from './wire-body.js';

describe('parseEvent', () => {
  it('parses every example of the catalog to itself, from text and from an object', () => {
    for (const type of eventTypes) {
      const example = eventCatalog[type].example;
      expect(parseEvent(JSON.stringify(example))).toEqual(example);
      expect(parseEvent(example as unknown as Record<string, unknown>)).toEqual(example);
    }
  });

  it('narrows the union on type', () => {
    const event = parseEvent(JSON.stringify(eventCatalog['credential.revoked'].example));
    expectTypeOf(event).toEqualTypeOf<WebhookEvent | UnknownEvent>();
    if (event.type === 'credential.revoked') expectTypeOf(event.data.revision).toBeNumber();
    expect(event.type).toBe('credential.revoked');
  });

  it('returns an UnknownEvent for a new type and for a body without a type', () => {
    const future = { id: 'evt_12345678', type: 'credential.suspended', data: {} };
    const unknown = parseEvent(JSON.stringify(future));
    expect(unknown).toEqual({ type: 'unknown', unknownType: 'credential.suspended', id: 'evt_12345678', raw: future });
    expect(isUnknownEvent(unknown)).toBe(true);
    expect(parseEvent('{"test": 2432232314}')).toMatchObject({ type: 'unknown', unknownType: undefined, id: undefined });
    expect(isUnknownEvent(eventCatalog['endpoint.test'].example)).toBe(false);
  });

  it('reports where a known type breaks the contract', () => {
    const example = eventCatalog['business.status_changed'].example;
    const broken = { ...example, data: { ...example.data, revision: -1 } };
    try {
      parseEvent(JSON.stringify(broken));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(WebhookVerificationError);
      expect((err as WebhookVerificationError).code).toBe('invalid_payload');
      expect((err as WebhookVerificationError).issues[0]?.pointer).toBe('/data/revision');
      expect((err as Error).message).toContain('/data/revision');
    }
    expect(parseEvent(JSON.stringify(broken), { validate: false })).toEqual(broken);
  });

  it('rejects text that is not a JSON object', () => {
    for (const text of ['', 'nope', '[]', '42', 'null']) {
      expect(() => parseEvent(text), text).toThrow(WebhookVerificationError);
    }
  });

  it("parses certn's envelope, and its unknown codes as UnknownEvent", () => {
    const body = toWireBody({ profile: 'certn', event: eventCatalog['check.status_changed'].example });
    const event = parseEvent(body, { profile: 'certn' });
    expectTypeOf(event).toEqualTypeOf<CertnEvent | UnknownEvent>();
    expect(event).toEqual(JSON.parse(body));
    expect(parseEvent('{"id":"e","event_type":"CASE_ARCHIVED","object_id":"c","object_type":"CASE"}', { profile: 'certn' })).toMatchObject({ type: 'unknown', unknownType: 'CASE_ARCHIVED' });
    expect(() => parseEvent('{"id":"e","event_type":"CASE_STATUS_CHANGED","object_type":"CASE"}', { profile: 'certn' })).toThrow(/object_id must be string/);
  });
});

describe('EnvelopeKindOf', () => {
  it('agrees with the envelope kind of every profile', () => {
    for (const name of profileNames) {
      const typed: EnvelopeKindOf<typeof name> = name === 'certn' ? ('certn' as EnvelopeKindOf<typeof name>) : ('native' as EnvelopeKindOf<typeof name>);
      expect(profiles[name].envelope.kind, name).toBe(typed);
    }
    expectTypeOf<ProfileEvent<'stripe'>>().toEqualTypeOf<WebhookEvent | UnknownEvent>();
    expectTypeOf<ProfileEvent<'certn'>>().toEqualTypeOf<CertnEvent | UnknownEvent>();
  });
});

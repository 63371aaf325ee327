import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eventCatalog, eventTypes } from '../generated/events.js';
import { profiles } from '../generated/profiles.js';
import { WebhookVerificationError } from './errors.js';
import { requiredHeaders } from './profile.js';
import { generateSecret } from './secret.js';
import { sign, signEvent } from './sign.js';
import { computeSignature, formatSignatureHeader } from './signature.js';
import { toWireBody, wireEventName, nativeEventType } from './wire-body.js';

const event = eventCatalog['case.status_changed'].example;
const now = () => 1_795_336_800_000;
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('sign', () => {
  it('puts every signature in the one header during a rotation', () => {
    const other = generateSecret();
    const { headers, body } = sign({ secrets: [secret, other], id: event.id, payload: '{}', now });
    const expected = [secret, other].map((s) => `v1,${computeSignature({ secret: s, id: event.id, timestamp: 1_795_336_800, payload: body })}`);
    expect(headers['webhook-signature']).toBe(expected.join(' '));
    expect(headers['webhook-timestamp']).toBe('1795336800');
  });

  it('lays out a stripe header as t=…,v1=…,v1=…', () => {
    const { headers } = sign({ profile: 'stripe', secrets: ['whsec_a', 'whsec_b'], payload: 'x', timestamp: 100 });
    const hex = (key: string) => createHmac('sha256', key).update('100.x').digest('hex');
    expect(headers).toEqual({ 'Stripe-Signature': `t=100,v1=${hex('whsec_a')},v1=${hex('whsec_b')}` });
  });

  it('refuses several secrets for a profile that carries one signature', () => {
    expect(() => sign({ profile: 'certn', secrets: ['a', 'b'], payload: 'x' })).toThrow(WebhookVerificationError);
  });

  it('requires a message id for the standard profile', () => {
    expect(() => sign({ secret, payload: '{}' })).toThrow(/signs a message id/);
  });

  it('refuses a payload that is not the body text', () => {
    expect(() => sign({ secret, id: 'evt_1', payload: event as never })).toThrow(/toWireBody/);
  });

  it('fills the certdirectory event header from the type, or from the payload', () => {
    const body = toWireBody({ profile: 'certdirectory', event });
    expect(sign({ profile: 'certdirectory', secret: 's', payload: body, type: 'credential.issued' }).headers['X-CertDirectory-Event']).toBe('credential.issued');
    expect(sign({ profile: 'certdirectory', secret: 's', payload: body }).headers['X-CertDirectory-Event']).toBe('case.status_changed');
    expect(() => sign({ profile: 'certdirectory', secret: 's', payload: 'not json' })).toThrow(/pass type and id/);
  });

  it('sends exactly the headers the verifier requires, for every profile', () => {
    for (const name of Object.keys(profiles) as (keyof typeof profiles)[]) {
      const { headers } = signEvent({ profile: name, secret: generateSecret({ profile: name }), event, now });
      for (const required of requiredHeaders(name)) expect(Object.keys(headers), name).toContain(required);
    }
  });
});

describe('signEvent and toWireBody', () => {
  it('signs the native envelope with the event id as message id', () => {
    const { headers, body } = signEvent({ secret, event, now });
    expect(JSON.parse(body)).toEqual(event);
    expect(headers['webhook-id']).toBe(event.id);
  });

  it("maps every event type to certn's compact envelope", () => {
    for (const type of eventTypes) {
      const example = eventCatalog[type].example;
      const body = JSON.parse(toWireBody({ profile: 'certn', event: example }));
      expect(body).toEqual({
        id: example.id,
        event_type: profiles.certn.envelope.eventNames[type],
        object_id: example.data.id,
        object_type: example.data.object.toUpperCase(),
      });
      expect(nativeEventType('certn', body.event_type)).toBe(type);
    }
  });

  it('keeps the native name of a type a profile does not rename', () => {
    expect(wireEventName('certn', 'credential.suspended')).toBe('credential.suspended');
    expect(wireEventName('standard', 'case.status_changed')).toBe('case.status_changed');
  });

  it('refuses something that is not an envelope', () => {
    expect(() => toWireBody({ event: { type: 'x' } as never })).toThrow(WebhookVerificationError);
    expect(() => toWireBody({ profile: 'certn', event: { id: 'evt_1', type: 'x', data: {} } as never })).toThrow(/data must have/);
  });
});

describe('formatSignatureHeader', () => {
  it('writes unknown versions for the conformance suite', () => {
    expect(formatSignatureHeader({ signatures: ['abc'], version: 'v2' })).toBe('v2,abc');
    expect(formatSignatureHeader({ profile: 'stripe', signatures: ['abc'], timestamp: 5, version: 'v0' })).toBe('t=5,v0=abc');
    expect(() => formatSignatureHeader({ profile: 'stripe', signatures: ['abc'] })).toThrow(/needs a timestamp/);
  });
});

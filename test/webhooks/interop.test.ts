// Interop, both directions, with libraries nobody here wrote: standardwebhooks and svix (standard
// profile), stripe (stripe profile) and plain node:crypto (the hex profiles).
import { createHmac } from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { Webhook as SvixWebhook } from 'svix';
import { describe, expect, it } from 'vitest';
import { eventCatalog } from '../../generated/events.js';
import { generateSecret, sign, signEvent, toWireBody, verify, WebhookVerificationError } from '../../webhooks/index.js';

const event = eventCatalog['credential.issued'].example;
const body = toWireBody({ event });

describe('standard profile and the standardwebhooks package', () => {
  const secret = generateSecret();

  it('standardwebhooks verifies what credkit signs', () => {
    const { headers, body: signed } = signEvent({ secret, event });
    expect(new StandardWebhook(secret).verify(signed, headers)).toEqual(event);
  });

  it('standardwebhooks finds the valid signature among several from a credkit rotation', () => {
    const { headers, body: signed } = signEvent({ secrets: [generateSecret(), generateSecret(), secret], event });
    expect(new StandardWebhook(secret).verify(signed, headers)).toEqual(event);
  });

  it('credkit verifies what standardwebhooks signs', () => {
    const id = event.id;
    const timestamp = new Date();
    const signature = new StandardWebhook(secret).sign(id, timestamp, body);
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)), 'webhook-signature': signature };
    expect(verify({ secret, headers, payload: body })).toEqual(event);
    expect(() => verify({ secret, headers, payload: `${body} ` })).toThrow(WebhookVerificationError);
  });

  it('both reject a delivery signed with another secret', () => {
    const { headers, body: signed } = signEvent({ secret: generateSecret(), event });
    expect(() => new StandardWebhook(secret).verify(signed, headers)).toThrow(/No matching signature/);
    expect(() => verify({ secret, headers, payload: signed })).toThrow(WebhookVerificationError);
  });
});

describe('standard profile and svix', () => {
  const secret = generateSecret();

  it('svix verifies what credkit signs', () => {
    const { headers, body: signed } = signEvent({ secret, event });
    expect(new SvixWebhook(secret).verify(signed, headers)).toEqual(event);
  });

  it('credkit verifies what svix signs', () => {
    const timestamp = new Date();
    const signature = new SvixWebhook(secret).sign(event.id, timestamp, body);
    const headers = { 'webhook-id': event.id, 'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)), 'webhook-signature': signature };
    expect(verify({ secret, headers, payload: Buffer.from(body) })).toEqual(event);
  });
});

describe('stripe profile and stripe-node', () => {
  const secret = generateSecret({ profile: 'stripe' });
  const stripe = new Stripe('sk_test_unused');

  it("stripe's constructEvent verifies what credkit signs", () => {
    const { headers, body: signed } = signEvent({ profile: 'stripe', secret, event });
    expect(stripe.webhooks.constructEvent(signed, headers['Stripe-Signature'] as string, secret)).toEqual(event);
  });

  it("credkit verifies stripe's generateTestHeaderString", () => {
    const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret });
    expect(verify({ profile: 'stripe', secret, headers: { 'stripe-signature': header }, payload: body })).toEqual(event);
  });

  it('both produce the same header for the same timestamp', () => {
    const timestamp = 1_795_336_800;
    const theirs = stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp });
    expect(sign({ profile: 'stripe', secret, payload: body, timestamp }).headers['Stripe-Signature']).toBe(theirs);
  });

  it('both reject a stale delivery', () => {
    const timestamp = Math.floor(Date.now() / 1000) - 301;
    const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp });
    expect(() => stripe.webhooks.constructEvent(body, header, secret)).toThrow(/tolerance/);
    expect(() => verify({ profile: 'stripe', secret, headers: { 'stripe-signature': header }, payload: body })).toThrow(expect.objectContaining({ code: 'timestamp_too_old' }));
  });
});

describe('hex profiles and plain node:crypto', () => {
  for (const [profile, header] of [
    ['certdirectory', 'X-CertDirectory-Signature'],
    ['certn', 'X-Signature'],
    ['compliancely', 'Compliancely-Signature'],
  ] as const) {
    const secret = generateSecret({ profile });

    it(`${profile}: credkit verifies a lowercase hex HMAC-SHA256 of the raw body made with node:crypto`, () => {
      const payload = toWireBody({ profile, event });
      const signature = createHmac('sha256', secret).update(payload).digest('hex');
      expect(verify({ profile, secret, headers: { [header]: signature }, payload })).toEqual(JSON.parse(payload));
    });

    it(`${profile}: credkit signs exactly what node:crypto computes`, () => {
      const { headers, body: signed } = signEvent({ profile, secret, event });
      expect(headers[header]).toBe(createHmac('sha256', Buffer.from(secret, 'utf8')).update(signed, 'utf8').digest('hex'));
    });
  }
});

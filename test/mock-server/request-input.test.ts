// Bad input gets the contract's clear 400, never a 500 and never a silent guess (issue 15, items 7,
// 9, 14), over real HTTP on 127.0.0.1: prototype names in the query, a body with no or the wrong
// Content-Type, invalid UTF-8, a field named twice; and the mock accepts exactly the emails and
// endpoint secrets the contract describes. Each case starts from a served request and breaks one thing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryPlugin } from '../../mock-server/delivery/index.js';
import { startMockServer, type RunningMockServer } from '../../mock-server/index.js';
import { API_KEY, httpRequest, validCredential } from './helpers.js';

let mock: RunningMockServer;
const auth = { authorization: `Bearer ${API_KEY}` };
const json = { ...auth, 'content-type': 'application/json' };

beforeAll(async () => {
  mock = await startMockServer({ port: 0, db: ':memory:', plugins: [createDeliveryPlugin({ chaos: 'off' })] });
});
afterAll(() => mock?.stop());

const issue = (body: string | Uint8Array, headers: Record<string, string> = json) => httpRequest(mock.url, 'POST', '/v1/credentials', { headers, body });

describe('query parameter names', () => {
  const prototypeNames = ['constructor=1', '__proto__', '__proto__=x', 'toString', 'hasOwnProperty=1', 'valueOf', 'prototype=1'];

  it('that are Object.prototype names are an unknown-parameter 400 on the API, not a 500', async () => {
    expect((await httpRequest(mock.url, 'GET', '/v1/credentials?limit=5', { headers: auth })).status).toBe(200);
    for (const query of prototypeNames) {
      const name = query.split('=')[0]!;
      const res = await httpRequest(mock.url, 'GET', `/v1/credentials?${query}`, { headers: auth });
      expect(res.status, query).toBe(400);
      expect(res.body.errors, query).toEqual([{ pointer: `/query/${name}`, message: 'is not a known query parameter' }]);
    }
  });

  it('are a 400 on the unauthenticated /_mock/ controls too, which take no query', async () => {
    expect((await httpRequest(mock.url, 'GET', '/_mock/clock')).status).toBe(200);
    for (const query of [...prototypeNames, 'anything=1']) {
      const res = await httpRequest(mock.url, 'GET', `/_mock/clock?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.errors[0].message).toBe('is not a known query parameter');
    }
  });
});

describe('a request body', () => {
  const body = JSON.stringify(validCredential());

  it('is served as application/json, with or without charset=utf-8', async () => {
    expect((await issue(body)).status).toBe(201);
    expect((await issue(body, { ...json, 'content-type': 'application/json; charset=utf-8' })).status).toBe(201);
  });

  it('with no Content-Type is a 400 pointing at the header, not read as JSON anyway', async () => {
    const res = await issue(body, auth);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'https://credkit.dev/problems/unsupported-media-type', errors: [{ pointer: '/header/content-type', message: 'is required; must be application/json' }] });
  });

  it('labelled with a charset other than utf-8 is a 400', async () => {
    const res = await issue(body, { ...json, 'content-type': 'application/json; charset=iso-8859-1' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ pointer: '/header/content-type', message: 'charset must be utf-8' }]);
  });

  it('with invalid UTF-8 is a 400 at /body, not decoded with U+FFFD in its place', async () => {
    const [before, after] = body.split('Certified');
    const bytes = Buffer.concat([Buffer.from(before!), Buffer.from([0xc3, 0x28]), Buffer.from(`Certified${after!}`)]);
    const res = await issue(bytes);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'https://credkit.dev/problems/invalid-json', errors: [{ pointer: '/body', message: 'must be valid UTF-8' }] });
    // Valid multibyte UTF-8 in the same place is fine.
    expect((await issue(Buffer.from(body.replace('Certified', 'Zertifizierte Äöü 認定')))).status).toBe(201);
  });

  it('that names a field twice is a 400 at that field, at any depth and however the name is escaped', async () => {
    const cases: [string, string][] = [
      [body.replace('"title":', '"title":"First","title":'), '/body/title'],
      [body.replace('"email":', '"email":"a@example.com","email":'), '/body/recipient/email'],
      [body.replace('"kind":', '"\\u006bind":"badge","kind":'), '/body/kind'],
    ];
    for (const [text, pointer] of cases) {
      const res = await issue(text);
      expect(res.status, text).toBe(400);
      expect(res.body.errors).toEqual([{ pointer, message: 'is given more than once' }]);
    }
    // Inside arrays the pointer carries the index; braces and quotes inside strings are only text.
    const item = JSON.stringify({ ...validCredential(), title: 'a "}{" b' });
    const bulk = `{"credentials":[${item},${item.replace('"title":', '"title":"x","title":')}]}`;
    const res = await httpRequest(mock.url, 'POST', '/v1/bulk-issuances', { headers: json, body: bulk });
    expect(res.body.errors).toEqual([{ pointer: '/body/credentials/1/title', message: 'is given more than once' }]);
    expect((await httpRequest(mock.url, 'POST', '/v1/bulk-issuances', { headers: json, body: `{"credentials":[${item},${item}]}` })).status).toBe(202);
    // The same name in two different objects is not a duplicate.
    expect((await issue(JSON.stringify({ ...validCredential(), metadata: { name: 'x' }, recipient: { name: 'A B', email: 'a@example.com' } }))).status).toBe(201);
  });
});

describe('emails, as the contract’s format: email (RFC 5321 Mailbox) allows them', () => {
  const withEmail = (email: string) => issue(JSON.stringify({ ...validCredential(), recipient: { name: 'A B', email } }));

  it('accepts single-label domains, quoted local parts and address literals', async () => {
    for (const email of ['0@com', 'ops@localhost', '"john doe"@example.com', 'a+tag@[192.0.2.1]', 'x@[IPv6:2001:db8::1]', 'priya.sharma@example.com']) {
      expect((await withEmail(email)).status, email).toBe(201);
    }
  });

  it('still rejects what is not a mailbox, at /body/recipient/email', async () => {
    for (const email of ['a@b..c', 'no-at-sign', '@example.com', 'a@-example.com', 'a b@example.com', 'a@[300.1.1.1]', `${'x'.repeat(65)}@example.com`]) {
      const res = await withEmail(email);
      expect(res.status, email).toBe(400);
      expect(res.body.errors[0].pointer).toBe('/body/recipient/email');
    }
  });
});

describe('endpoint secrets, as the contract states the rules', () => {
  // The rules as the contract's description writes them (its two backticked patterns), so the
  // description cannot drift from what the mock enforces.
  const openapi = JSON.parse(readFileSync(join(import.meta.dirname, '../../generated/openapi.json'), 'utf8'));
  const description: string = openapi.components.schemas.WebhookEndpointCreate.properties.secret.description;
  const [everyProfile, standardOnly] = [...description.matchAll(/`(\^[^`]+\$)`/g)].map((m) => new RegExp(m[1]!));
  const statedOk = (profile: string, secret: string) => secret.length >= 16 && secret.length <= 200 && everyProfile!.test(secret) && (profile !== 'standard' || standardOnly!.test(secret));

  const secrets = [
    'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    '3f9a1c0e5b7d2468ace13579bdf02468',
    ' whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n',
    'whsec_MfKQ9r8GKYq\nrTwjUPD8ILPZIo2LaLaSw',
    'v1,MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    't=1700000000,v1=3f9a1c0e5b7d2468',
    'my secret with spaces inside!!',
    'whsec_not base64 at all!!',
    'tab\tinside_the_secret_value',
    'short_secret_15',
  ];

  // certdirectory is left out: issue 15 item 8 (its secret check needs an event type) is fixed elsewhere.
  it.each(['standard', 'stripe', 'compliancely', 'certn'])('the mock accepts exactly the %s secrets the description allows', async (profile) => {
    expect(everyProfile).toBeInstanceOf(RegExp);
    expect(standardOnly).toBeInstanceOf(RegExp);
    for (const secret of secrets) {
      const res = await httpRequest(mock.url, 'POST', '/v1/webhook-endpoints', { headers: json, body: JSON.stringify({ url: 'http://127.0.0.1:9/hooks', profile, secret }) });
      expect(res.status === 201, `${profile} ${JSON.stringify(secret)} → ${res.status} ${res.text}`).toBe(statedOk(profile, secret));
      if (res.status === 400) expect(res.body.errors[0].pointer).toBe('/body/secret');
    }
  });
});

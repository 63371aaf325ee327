// Proof 3: fuzzed input never yields a 5xx. Property-based (fast-check): malformed bodies (text and
// raw bytes), query strings (values and names, Object.prototype's included), header names and values,
// content types and ids sent to every operation of the route table and every /_mock/ control, in
// process and, for the HTTP transport's Host/Origin guard, over real HTTP; every answer is < 500
// and every error is a well-formed problem+json whose `status` matches the HTTP status.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockPlatform, type MockResponse, type RunningMockServer } from '../../mock-server/index.js';
import { API_KEY, caller, frozenPlatform, httpRequest, validBusiness, validCase, validCredential } from './helpers.js';

let platform: MockPlatform;
const real: Record<string, string> = {};

beforeAll(async () => {
  platform = await frozenPlatform({ seed: 99 });
  const call = caller(platform);
  real.credentialId = call('POST', '/v1/credentials', { body: validCredential() }).body.id;
  real.caseId = call('POST', '/v1/cases', { body: validCase() }).body.id;
  real.businessId = call('POST', '/v1/businesses', { body: validBusiness() }).body.id;
  real.bulkIssuanceId = call('POST', '/v1/bulk-issuances', { body: { credentials: [validCredential()] } }).body.id;
  real.eventId = call('GET', '/v1/events').body.items[0].id;
});
afterAll(() => platform?.stop());

/** A path parameter: a real id (so handlers run past 404), a near miss, or junk of any shape. */
const idArb = (name: string) =>
  fc.oneof(
    fc.constant(real[name] ?? 'x'),
    fc.constant(`${(real[name] ?? 'x').slice(0, -1)}Z`),
    fc.string({ maxLength: 60 }).map((s) => encodeURIComponent(s) || '%20'),
    fc.stringMatching(/^[a-z]{2,5}_[A-Za-z0-9]{0,45}$/),
  );

/** JSON-ish values with nesting, odd numbers and long strings. */
const jsonValue = fc.jsonValue({ maxDepth: 4 });

/** A body: valid-looking objects with one field broken, any JSON, or raw bytes that are not JSON. */
const bodyArb = fc.oneof(
  { weight: 3, arbitrary: fc.record({ v: fc.dictionary(fc.constantFrom('kind', 'title', 'recipient', 'expiresAt', 'metadata', 'reason', 'email', 'credentials', 'candidate', 'checks', 'legalName', 'country', 'seconds', 'verifierName', 'description'), jsonValue) }).map(({ v }) => JSON.stringify(v)) },
  { weight: 2, arbitrary: jsonValue.map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant(JSON.stringify({ ...validCredential(), expiresAt: '2026-02-30T25:61:00Z' })) },
  // Bytes as a transport hands them over: invalid UTF-8, a BOM, a valid body with one byte flipped.
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 120 }) },
  { weight: 1, arbitrary: fc.constant(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(JSON.stringify(validCredential()))])) },
  { weight: 1, arbitrary: fc.nat(60).map((i) => Uint8Array.from(Buffer.from(JSON.stringify(validCredential())), (b, j) => (j === i ? 0xff : b))) },
  { weight: 1, arbitrary: fc.constant(JSON.stringify(validCredential()).replace('"title":', '"title":"x","title":')) },
);

/** Names a plain-object parser trips over (`out[k].push is not a function`), and odd ones. */
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__', 'propertyIsEnumerable', 'toLocaleString'];
const nameArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('limit', 'cursor', 'status', 'type', 'createdAfter', 'issuedAfter', 'recipientEmail', 'zzz') },
  { weight: 2, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

const queryArb = fc
  .array(fc.tuple(nameArb, fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), fc.constant('-1'), fc.constant('1e309')), fc.boolean()), { maxLength: 4 })
  // A name alone (`?toString`) is a parameter too.
  .map((pairs) => pairs.map(([k, v, bare]) => (bare ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)).join('&'));

/** Content types: JSON and its spellings, other types, broken parameters, junk. */
const contentTypeArb = fc.oneof(
  fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON;CHARSET="UTF-8"', 'application/json; charset=latin1', 'application/json;', 'application/merge-patch+json', '+json'),
  fc.constantFrom('text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/ping', '', ';;;', '*/*'),
  fc.string({ maxLength: 40 }),
);

/** Extra headers: prototype names and arbitrary tokens, arbitrary values. */
const extraHeadersArb = fc.dictionary(
  fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES, 'origin', 'sec-fetch-site', 'host', 'x-request-id', 'accept'), fc.stringMatching(/^[a-z0-9!#$%&'*+.^_`|~-]{1,20}$/)),
  fc.oneof(fc.string({ maxLength: 40 }), fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 })),
  { maxKeys: 4 },
);

const headersArb = fc.record(
  {
    authorization: fc.oneof(
      { weight: 8, arbitrary: fc.constant(`Bearer ${API_KEY}`) },
      { weight: 1, arbitrary: fc.constantFrom(`bearer ${API_KEY}`, `Bearer  ${API_KEY} `, `Bearer\t${API_KEY}`, 'Bearer', 'Bearer ', `Basic ${API_KEY}`) },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    ),
    'content-type': contentTypeArb,
    'if-match': fc.oneof(fc.constant('"1"'), fc.constant('W/"2"'), fc.string({ maxLength: 12 })),
    'idempotency-key': fc.oneof(fc.constant('fuzz-key'), fc.string({ maxLength: 300 })),
  },
  { requiredKeys: ['authorization'] },
).chain((known) => extraHeadersArb.map((extra) => ({ ...extra, ...known })));

/** Throws unless the answer is < 500 and, when an error, a well-formed problem+json. */
function expectClientAnswer(res: MockResponse, what: string): void {
  if (res.status >= 500) throw new Error(`${what} → ${res.status}: ${res.body}`);
  if (res.status >= 400) {
    expect(res.headers['content-type'], what).toBe('application/problem+json');
    const problem = JSON.parse(res.body!);
    expect(problem).toMatchObject({ type: expect.stringMatching(/^https:\/\//), title: expect.any(String), status: res.status, detail: expect.any(String), requestId: expect.any(String) });
    for (const e of problem.errors ?? []) expect(e.pointer).toMatch(/^\/(body|query|path|header)(\/|$)/);
  }
}

describe('fuzzed requests', () => {
  it('never get a 5xx and always get problem+json errors, on every operation', () => {
    const routes = platform.routes.filter((r) => r.contract !== false && !r.path.startsWith('/v1/webhook-endpoints') && !r.path.startsWith('/v1/deliveries'));
    expect(routes.length).toBeGreaterThanOrEqual(19);
    const statuses = new Set<number>();
    for (const r of routes) {
      const names = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const pathArb = names.length === 0 ? fc.constant(r.path) : fc.tuple(...names.map(idArb)).map((vals) => names.reduce((p, n, i) => p.replace(`{${n}}`, vals[i]!), r.path));
      fc.assert(
        fc.property(pathArb, queryArb, bodyArb, headersArb, (path, query, body, headers) => {
          const res = platform.handle({ method: r.method, path, query, headers, body });
          statuses.add(res.status);
          expectClientAnswer(res, `${r.method} ${path}?${query}`);
        }),
        { numRuns: 250, seed: 4242 },
      );
    }
    // The fuzzer reached the handlers, not only the validator: successes and state conflicts occurred too.
    for (const s of [200, 400, 401, 404]) expect(statuses).toContain(s);
    expect([...statuses].some((s) => s === 409 || s === 412 || s === 428)).toBe(true);
  });

  it('never get a 5xx on the /_mock/ controls, whatever the query, headers, content type or body', () => {
    const controls = platform.routes.filter((r) => r.contract === false);
    expect(controls.map((r) => r.path)).toContain('/_mock/reset');
    for (const r of controls) {
      fc.assert(
        fc.property(queryArb, bodyArb, headersArb, (query, body, headers) => {
          expectClientAnswer(platform.handle({ method: r.method, path: r.path, query, headers, body }), `${r.method} ${r.path}?${query}`);
        }),
        { numRuns: 150, seed: 4343 },
      );
    }
  });

  it('treats a broken query string, duplicate parameters and odd methods as client errors', () => {
    const cases = [
      { method: 'GET', path: '/v1/credentials', query: 'limit=1&limit=2' },
      { method: 'GET', path: '/v1/credentials', query: '%E0%A4%A' },
      { method: 'GET', path: '/v1/credentials/%E0%A4%A' },
      { method: 'PUT', path: '/v1/credentials' },
      { method: 'GET', path: '/' },
      { method: 'GET', path: '//v1//credentials' },
    ];
    for (const c of cases) {
      const res = platform.handle({ ...c, headers: { authorization: `Bearer ${API_KEY}` } });
      expect(res.status, `${c.method} ${c.path}?${c.query ?? ''}`).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });
});

describe('fuzzed Host, Origin and Sec-Fetch-Site over HTTP', () => {
  let mock: RunningMockServer;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, db: ':memory:' });
  });
  afterAll(() => mock?.stop());

  it('never get a 5xx from the guard, and every refusal is problem+json', async () => {
    const hostArb = fc.oneof(
      fc.constantFrom('127.0.0.1', 'localhost', '[::1]', 'LOCALHOST:1', 'attacker.example', '[::1', '[zz]:1', '127.0.0.1:99999', 'a@b', '0x7f.1', '::1', '', ' '),
      fc.stringMatching(/^[A-Za-z0-9.:[\]_@-]{0,30}$/),
    );
    const originArb = fc.option(fc.oneof(fc.constantFrom('null', 'http://evil.example', 'http://localhost:3000', 'https://127.0.0.1', 'file://', 'http://[::1]:1', 'http://a/b?c'), fc.webUrl(), fc.string({ maxLength: 30 })), { nil: undefined });
    const siteArb = fc.option(fc.constantFrom('cross-site', 'same-site', 'same-origin', 'none', 'CROSS-SITE', ''), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(hostArb, originArb, siteArb, fc.constantFrom('/_mock/reset', '/_mock/clock', '/v1/events'), async (host, origin, site, path) => {
        const headers: Record<string, string> = { host, 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` };
        if (origin !== undefined) headers.origin = origin;
        if (site !== undefined) headers['sec-fetch-site'] = site;
        let res;
        try {
          res = await httpRequest(mock.url, path === '/_mock/reset' ? 'POST' : 'GET', path, { headers });
        } catch (err) {
          // node:http refuses to send some header values (control characters): not the server's answer.
          if ((err as NodeJS.ErrnoException).code === 'ERR_INVALID_CHAR') return;
          throw err;
        }
        const contentType = String(res.headers['content-type']);
        expectClientAnswer({ status: res.status, headers: { 'content-type': contentType }, body: res.text }, `${host} ${origin} ${site} ${path}`);
      }),
      { numRuns: 150, seed: 4444 },
    );
  });
});

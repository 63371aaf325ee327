// Proof 3: fuzzed input never yields a 5xx. Property-based (fast-check): malformed bodies, queries,
// headers and ids sent to every operation of the route table; every answer is < 500 and every error
// is a well-formed problem+json whose `status` matches the HTTP status.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockPlatform } from '../../mock-server/index.js';
import { API_KEY, caller, frozenPlatform, validBusiness, validCase, validCredential } from './helpers.js';

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
);

const queryArb = fc
  .array(fc.tuple(fc.constantFrom('limit', 'cursor', 'status', 'type', 'createdAfter', 'issuedAfter', 'recipientEmail', 'zzz'), fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), fc.constant('-1'), fc.constant('1e309'))), { maxLength: 4 })
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));

const headersArb = fc.record(
  {
    authorization: fc.oneof({ weight: 8, arbitrary: fc.constant(`Bearer ${API_KEY}`) }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) }),
    'content-type': fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/merge-patch+json', ''),
    'if-match': fc.oneof(fc.constant('"1"'), fc.constant('W/"2"'), fc.string({ maxLength: 12 })),
    'idempotency-key': fc.oneof(fc.constant('fuzz-key'), fc.string({ maxLength: 300 })),
  },
  { requiredKeys: ['authorization'] },
);

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
          if (res.status >= 500) throw new Error(`${r.method} ${path}?${query} → ${res.status}: ${res.body}`);
          if (res.status >= 400) {
            expect(res.headers['content-type']).toBe('application/problem+json');
            const problem = JSON.parse(res.body!);
            expect(problem).toMatchObject({ type: expect.stringMatching(/^https:\/\//), title: expect.any(String), status: res.status, detail: expect.any(String), requestId: expect.any(String) });
            for (const e of problem.errors ?? []) expect(e.pointer).toMatch(/^\/(body|query|path|header)(\/|$)/);
          }
        }),
        { numRuns: 250, seed: 4242 },
      );
    }
    // The fuzzer reached the handlers, not only the validator: successes and state conflicts occurred too.
    for (const s of [200, 400, 401, 404]) expect(statuses).toContain(s);
    expect([...statuses].some((s) => s === 409 || s === 412 || s === 428)).toBe(true);
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

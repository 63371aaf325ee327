// No web page can drive the mock (issue 15, item 1): over real HTTP on 127.0.0.1, a request that a
// browser page could send (a foreign Host after DNS rebinding, another Origin, Sec-Fetch-Site:
// cross-site, a text/plain "simple" POST) is refused with problem+json and changes nothing; the same
// request from curl or an SDK is served. Each test starts from a served request and breaks one thing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockServerOptionError, startMockServer, type RunningMockServer } from '../../mock-server/index.js';
import { API_KEY, httpRequest, validCredential } from './helpers.js';

let mock: RunningMockServer;
let hostHeader: string;
const json = { 'content-type': 'application/json' };
const auth = { authorization: `Bearer ${API_KEY}` };

beforeAll(async () => {
  mock = await startMockServer({ port: 0, db: ':memory:' });
  hostHeader = new URL(mock.url).host;
});
afterAll(() => mock?.stop());

/** Issues a credential and returns a check that it still exists (nothing was reset). */
async function credentialThatMustSurvive(): Promise<() => Promise<number>> {
  const issued = await httpRequest(mock.url, 'POST', '/v1/credentials', { headers: { ...auth, ...json }, body: JSON.stringify(validCredential()) });
  expect(issued.status).toBe(201);
  return async () => (await httpRequest(mock.url, 'GET', `/v1/credentials/${issued.body.id}`, { headers: auth })).status;
}

function expectProblem(res: { status: number; headers: Record<string, unknown>; body: any }, status: number, type: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json');
  expect(res.body).toMatchObject({ status, type: `https://credkit.dev/problems/${type}`, detail: expect.any(String), requestId: expect.any(String) });
}

describe('the /_mock/ controls over HTTP', () => {
  it('reset when a non-browser client asks with Content-Type application/json', async () => {
    const res = await httpRequest(mock.url, 'POST', '/_mock/reset', { headers: json });
    expect(res.status).toBe(200);
  });

  it('refuse a reset from another origin with 403 and keep all state', async () => {
    const exists = await credentialThatMustSurvive();
    const res = await httpRequest(mock.url, 'POST', '/_mock/reset', { headers: { ...json, origin: 'http://evil.example' } });
    expectProblem(res, 403, 'origin-not-allowed');
    expect(res.body.detail).toContain('--allow-origin http://evil.example');
    expect(await exists()).toBe(200);
  });

  it('refuse a text/plain reset (a CORS simple request any page can send) and keep all state', async () => {
    const exists = await credentialThatMustSurvive();
    const res = await httpRequest(mock.url, 'POST', '/_mock/reset', { headers: { 'content-type': 'text/plain' }, body: '{}' });
    expectProblem(res, 400, 'unsupported-media-type');
    expect(res.body.errors).toEqual([{ pointer: '/header/content-type', message: 'must be application/json' }]);
    expect(await exists()).toBe(200);
  });

  it('refuse a reset with no Content-Type at all and say which header to send', async () => {
    const res = await httpRequest(mock.url, 'POST', '/_mock/reset');
    expectProblem(res, 400, 'unsupported-media-type');
    expect(res.body.detail).toContain('content-type: application/json');
  });

  it('refuse a clock advance from another origin, even as JSON', async () => {
    const res = await httpRequest(mock.url, 'POST', '/_mock/clock/advance', { headers: { ...json, origin: 'http://evil.example' }, body: '{"seconds":60}' });
    expectProblem(res, 403, 'origin-not-allowed');
  });

  it('bound a clock advance to one year per call with a 400 that says so', async () => {
    const year = 365 * 24 * 3600;
    expect((await httpRequest(mock.url, 'POST', '/_mock/clock/advance', { headers: json, body: JSON.stringify({ seconds: year }) })).status).toBe(200);
    const res = await httpRequest(mock.url, 'POST', '/_mock/clock/advance', { headers: json, body: JSON.stringify({ seconds: year + 1 }) });
    expectProblem(res, 400, 'validation-error');
    expect(res.body.errors).toEqual([{ pointer: '/body/seconds', message: `must be a number of seconds between 0 and ${year}` }]);
  });

  it('serve a request from the mock’s own origin (its console)', async () => {
    const res = await httpRequest(mock.url, 'POST', '/_mock/reset', { headers: { ...json, origin: `http://${hostHeader}`, 'sec-fetch-site': 'same-origin' } });
    expect(res.status).toBe(200);
  });

  it('refuse a loopback page on another port: same origin only, not same machine', async () => {
    const res = await httpRequest(mock.url, 'GET', '/_mock/clock', { headers: { origin: 'http://localhost:3000' } });
    expectProblem(res, 403, 'origin-not-allowed');
  });

  it('refuse Origin: null (sandboxed frames, file: pages)', async () => {
    const res = await httpRequest(mock.url, 'GET', '/_mock/clock', { headers: { origin: 'null' } });
    expectProblem(res, 403, 'origin-not-allowed');
  });

  it('refuse Sec-Fetch-Site: cross-site when the browser sent no Origin (a navigation or <img>)', async () => {
    const res = await httpRequest(mock.url, 'GET', '/_mock/clock', { headers: { 'sec-fetch-site': 'cross-site' } });
    expectProblem(res, 403, 'origin-not-allowed');
    expect((await httpRequest(mock.url, 'GET', '/_mock/clock', { headers: { 'sec-fetch-site': 'none' } })).status).toBe(200);
  });
});

describe('the Host header (DNS rebinding)', () => {
  it('serves the loopback names with any port', async () => {
    for (const host of [hostHeader, `localhost:${mock.port}`, 'LOCALHOST', `[::1]:${mock.port}`, '127.0.0.1']) {
      expect((await httpRequest(mock.url, 'GET', '/_mock/health', { headers: { host } })).status, host).toBe(200);
    }
  });

  it('refuses a foreign Host with 421 on /_mock/ and on the API, even with the right key', async () => {
    const exists = await credentialThatMustSurvive();
    const reset = await httpRequest(mock.url, 'POST', '/_mock/reset', { headers: { ...json, host: `attacker.example:${mock.port}` } });
    expectProblem(reset, 421, 'host-not-allowed');
    expect(reset.body.detail).toContain('--allow-host attacker.example');
    const api = await httpRequest(mock.url, 'GET', '/v1/events', { headers: { ...auth, host: 'attacker.example' } });
    expectProblem(api, 421, 'host-not-allowed');
    expect(await exists()).toBe(200);
  });

  it('refuses Host values that only look loopback', async () => {
    for (const host of ['localhost.attacker.example', 'evil@localhost', 'localhost:4010/x', '127.0.0.1.nip.io']) {
      expect((await httpRequest(mock.url, 'GET', '/_mock/health', { headers: { host } })).status, host).toBe(421);
    }
  });
});

describe('the API with a lower-case auth scheme', () => {
  it('accepts "bearer <key>" (RFC 9110: the scheme is case-insensitive), still refuses a wrong key', async () => {
    expect((await httpRequest(mock.url, 'GET', '/v1/events', { headers: { authorization: `bearer ${API_KEY}` } })).status).toBe(200);
    expect((await httpRequest(mock.url, 'GET', '/v1/events', { headers: { authorization: `BEARER  ${API_KEY}` } })).status).toBe(200);
    expect((await httpRequest(mock.url, 'GET', '/v1/events', { headers: { authorization: `bearer ${API_KEY}x` } })).status).toBe(401);
    expect((await httpRequest(mock.url, 'GET', '/v1/events', { headers: { authorization: `Basic ${API_KEY}` } })).status).toBe(401);
  });
});

describe('allowedHosts and allowedOrigins: a deliberate remote setup', () => {
  it('serves an allowed Host name and still refuses any other', async () => {
    const open = await startMockServer({ port: 0, db: ':memory:', allowedHosts: ['mock.internal'] });
    try {
      expect((await httpRequest(open.url, 'GET', '/_mock/health', { headers: { host: `mock.internal:${open.port}` } })).status).toBe(200);
      expect((await httpRequest(open.url, 'GET', '/_mock/health', { headers: { host: 'other.internal' } })).status).toBe(421);
    } finally {
      await open.stop();
    }
  });

  it("serves any Host with ['*']", async () => {
    const open = await startMockServer({ port: 0, db: ':memory:', allowedHosts: ['*'] });
    try {
      expect((await httpRequest(open.url, 'GET', '/_mock/health', { headers: { host: 'anything.example' } })).status).toBe(200);
    } finally {
      await open.stop();
    }
  });

  it('lets an allowed origin in with CORS (preflight and answer), and no other', async () => {
    const open = await startMockServer({ port: 0, db: ':memory:', allowedOrigins: ['http://localhost:3000'] });
    try {
      const origin = 'http://localhost:3000';
      const preflight = await httpRequest(open.url, 'OPTIONS', '/v1/credentials', {
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers).toMatchObject({ 'access-control-allow-origin': origin, 'access-control-allow-headers': 'authorization, content-type' });
      const issued = await httpRequest(open.url, 'POST', '/v1/credentials', { headers: { ...auth, ...json, origin }, body: JSON.stringify(validCredential()) });
      expect(issued.status).toBe(201);
      expect(issued.headers['access-control-allow-origin']).toBe(origin);
      expect(issued.headers['access-control-expose-headers']).toContain('etag');
      const other = await httpRequest(open.url, 'POST', '/v1/credentials', { headers: { ...auth, ...json, origin: 'http://localhost:3001' }, body: JSON.stringify(validCredential()) });
      expect(other.status).toBe(403);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await open.stop();
    }
  });

  it('rejects an option that is not a host name or an origin with a typed error, before listening', async () => {
    const bad = [
      { allowedHosts: ['mock.internal:4010'] },
      { allowedHosts: ['http://mock.internal'] },
      { allowedHosts: 'mock.internal' as unknown as string[] },
      { allowedOrigins: ['localhost:3000'] },
      { allowedOrigins: ['http://localhost:3000/app'] },
      { requestTimeoutMs: Number.NaN },
      { headersTimeoutMs: 0 },
      { headersTimeoutMs: 60_000, requestTimeoutMs: 30_000 },
    ];
    for (const options of bad) {
      const started = startMockServer({ port: 0, db: ':memory:', ...options });
      await expect(started, JSON.stringify(options)).rejects.toBeInstanceOf(MockServerOptionError);
      await expect(started).rejects.toMatchObject({ code: 'invalid_option', hint: expect.any(String) });
    }
  });
});

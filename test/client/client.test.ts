// credkit/client against a real HTTP server on loopback.
import { readFileSync } from 'node:fs';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiProblemError, createClient, creatingPosts, paginate, UNEXPECTED_RESPONSE_PROBLEM, type CreateClientOptions } from '../../client/index.js';
import { ApiTestServer } from './api-test-server.js';

const server = new ApiTestServer();
const credential = {
  object: 'credential',
  id: 'crd_7Hq2LmX9pR4sT1vW',
  revision: 1,
  status: 'issued',
  kind: 'certificate',
  title: 'Certified Kubernetes Administrator',
  recipient: { name: 'Amara Okafor', email: 'amara.okafor@northwind-logistics.com' },
};
const problem = (status: number, title: string) => ({ type: `https://credkit.dev/problems/${title.toLowerCase().replace(/ /g, '-')}`, title, status, detail: `${title}.`, requestId: 'req_9iK1oL3pZ5aX7sC9' });

/** A client whose sleeps are recorded, not waited. */
function testClient(options: Partial<CreateClientOptions> = {}) {
  const sleeps: number[] = [];
  const client = createClient({
    baseUrl: server.url,
    apiKey: 'ck_test_123',
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    idempotencyKey: () => 'idem-generated',
    ...options,
  });
  return { client, sleeps };
}

beforeAll(() => server.start());
afterAll(() => server.stop());
afterEach(() => server.reset());

describe('createClient', () => {
  it('sends the API key as a bearer token and returns typed data', async () => {
    server.on('GET', `/v1/credentials/${credential.id}`, [{ status: 200, body: credential }]);
    const { client } = testClient();
    const { data, error } = await client.GET('/v1/credentials/{credentialId}', { params: { path: { credentialId: credential.id } } });
    expect(error).toBeUndefined();
    expect(data?.id).toBe(credential.id);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer ck_test_123');
  });

  it('adds an Idempotency-Key to creating POSTs unless one is given, and to no other POST', async () => {
    server.on('POST', '/v1/credentials', [{ status: 201, body: credential }]);
    server.on('POST', `/v1/credentials/${credential.id}/revoke`, [{ status: 200, body: { ...credential, status: 'revoked' } }]);
    const { client } = testClient();
    const body = { kind: 'certificate', title: 'CKA', recipient: { name: 'Amara Okafor', email: 'amara.okafor@northwind-logistics.com' } } as const;
    await client.POST('/v1/credentials', { body });
    await client.POST('/v1/credentials', { body, params: { header: { 'Idempotency-Key': 'idem-mine' } } });
    await client.POST('/v1/credentials/{credentialId}/revoke', { params: { path: { credentialId: credential.id } }, body: { reason: 'issued_in_error' } });
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual(['idem-generated', 'idem-mine', undefined]);
  });

  it('retries a GET answered 429, waiting what Retry-After says', async () => {
    server.on('GET', `/v1/credentials/${credential.id}`, [
      { status: 429, headers: { 'retry-after': '2' }, body: problem(429, 'Too many requests') },
      { status: 200, body: credential },
    ]);
    const { client, sleeps } = testClient();
    const { data } = await client.GET('/v1/credentials/{credentialId}', { params: { path: { credentialId: credential.id } } });
    expect(data?.id).toBe(credential.id);
    expect(sleeps).toEqual([2000]);
    expect(server.requests).toHaveLength(2);
  });

  it('honours a Retry-After date against the injected clock', async () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    server.on('GET', '/v1/events', [{ status: 503, headers: { 'retry-after': 'Sun, 22 Nov 2026 10:00:07 GMT' } }, { status: 200, body: { object: 'list', items: [], nextCursor: null } }]);
    const { client, sleeps } = testClient({ now: () => now });
    await client.GET('/v1/events');
    expect(sleeps).toEqual([7000]);
  });

  it('backs off with jitter without Retry-After, and gives up after maxRetries with the last problem', async () => {
    server.on('GET', '/v1/events', [{ status: 503, body: problem(503, 'Unavailable') }]);
    const { client, sleeps } = testClient({ retry: { maxRetries: 3, baseDelayInMs: 100 } });
    const { data, error, response } = await client.GET('/v1/events');
    expect(data).toBeUndefined();
    expect(error?.status).toBe(503);
    expect(response.status).toBe(503);
    expect(sleeps).toEqual([50, 100, 200]);
    expect(server.requests).toHaveLength(4);
  });

  it('retries a creating POST with the same key and body', async () => {
    server.on('POST', '/v1/cases', [{ status: 503, headers: { 'retry-after': '0' } }, { status: 201, body: { object: 'case', id: 'case_1' } }]);
    const { client } = testClient();
    const { data } = await client.POST('/v1/cases', { body: { candidate: { name: 'Sofia', email: 'sofia@example.com' }, checks: ['identity_verification'] } });
    expect(data).toMatchObject({ id: 'case_1' });
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual(['idem-generated', 'idem-generated']);
    expect(server.requests[1]?.body).toBe(server.requests[0]?.body);
    expect(JSON.parse(server.requests[1]?.body ?? '')).toMatchObject({ checks: ['identity_verification'] });
  });

  it('never retries a POST without an idempotency key', async () => {
    server.on('POST', `/v1/credentials/${credential.id}/revoke`, [{ status: 503, headers: { 'retry-after': '1' }, body: problem(503, 'Unavailable') }]);
    const { client, sleeps } = testClient();
    const { error } = await client.POST('/v1/credentials/{credentialId}/revoke', { params: { path: { credentialId: credential.id } }, body: { reason: 'issued_in_error' } });
    expect(error?.status).toBe(503);
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('does not wait for a Retry-After longer than maxDelayInMs, nor retry when retry is false', async () => {
    server.on('GET', '/v1/events', [{ status: 429, headers: { 'retry-after': '3600' }, body: problem(429, 'Too many requests') }]);
    const { client, sleeps } = testClient();
    expect((await client.GET('/v1/events')).error?.status).toBe(429);
    const { client: noRetry } = testClient({ retry: false });
    server.on('GET', '/v1/events', [{ status: 429, headers: { 'retry-after': '1' }, body: problem(429, 'Too many requests') }]);
    expect((await noRetry.GET('/v1/events')).error?.status).toBe(429);
    expect(sleeps).toEqual([]);
    expect(server.requests).toHaveLength(2);
  });

  it('returns a problem+json answer as a typed ApiProblem in error', async () => {
    server.on('POST', '/v1/credentials', [{ status: 422, body: { ...problem(422, 'Validation error'), errors: [{ pointer: '/body/recipient/email', message: 'must match format "email"' }] } }]);
    const { client } = testClient();
    const { error } = await client.POST('/v1/credentials', { body: {} as never });
    expect(error?.errors?.[0]?.pointer).toBe('/body/recipient/email');
    expect(error?.requestId).toBe('req_9iK1oL3pZ5aX7sC9');
  });

  it('turns an answer that is not problem+json into a problem', async () => {
    server.on('GET', '/v1/events', [{ status: 502, headers: { 'x-request-id': 'req_proxy' }, body: '<html>Bad Gateway</html>' }]);
    const { client } = testClient();
    const { error } = await client.GET('/v1/events');
    expect(error).toMatchObject({ type: UNEXPECTED_RESPONSE_PROBLEM, status: 502, requestId: 'req_proxy' });
    expect(error?.detail).toContain('Bad Gateway');
  });

  it('looks globalThis.fetch up per request when no fetch is given', async () => {
    server.on('GET', '/v1/events', [{ status: 200, body: { object: 'list', items: [], nextCursor: null } }]);
    const { client } = testClient();
    const original = globalThis.fetch;
    const seen: string[] = [];
    globalThis.fetch = ((input: Request) => {
      seen.push(input.url);
      return original(input);
    }) as typeof fetch;
    try {
      await client.GET('/v1/events');
    } finally {
      globalThis.fetch = original;
    }
    expect(seen).toEqual([`${server.url}/v1/events`]);
  });

  it('refuses an empty API key or a base URL that is not http(s)', () => {
    expect(() => createClient({ baseUrl: server.url, apiKey: '' })).toThrow(/apiKey is empty/);
    expect(() => createClient({ baseUrl: 'localhost:4010', apiKey: 'k' })).toThrow(/http\(s\) URL/);
  });

  it('lists exactly the operations that declare Idempotency-Key as creating POSTs', () => {
    const document = JSON.parse(readFileSync(new URL('../../generated/openapi.json', import.meta.url), 'utf8')) as {
      paths: Record<string, Record<string, { parameters?: { $ref?: string }[] }>>;
    };
    const declared = Object.entries(document.paths)
      .filter(([, item]) => item.post?.parameters?.some((p) => p.$ref === '#/components/parameters/IdempotencyKey'))
      .map(([path]) => path);
    expect([...creatingPosts].sort()).toEqual(declared.sort());
  });
});

describe('paginate', () => {
  const page = (ids: string[], nextCursor: string | null) => ({ status: 200, body: { object: 'list', items: ids.map((id) => ({ ...credential, id })), nextCursor } });

  it('yields every item of every page, following nextCursor with the same filters', async () => {
    server.on('GET', '/v1/credentials', (request) => {
      const cursor = request.query.get('cursor');
      return cursor === null ? page(['crd_1', 'crd_2'], 'c2') : cursor === 'c2' ? page(['crd_3', 'crd_4'], 'c3') : page(['crd_5'], null);
    });
    const { client } = testClient();
    const ids: string[] = [];
    for await (const item of paginate(client, '/v1/credentials', { query: { status: 'issued', limit: 2 } })) ids.push(item.id);
    expect(ids).toEqual(['crd_1', 'crd_2', 'crd_3', 'crd_4', 'crd_5']);
    expect(server.requests.map((r) => r.query.toString())).toEqual(['limit=2&status=issued', 'limit=2&status=issued&cursor=c2', 'limit=2&status=issued&cursor=c3']);
  });

  it('fills path parameters of nested lists, 100 items a page by default', async () => {
    server.on('GET', '/v1/cases/case_1/checks', [{ status: 200, body: { object: 'list', items: [{ object: 'check', id: 'chk_1' }], nextCursor: null } }]);
    const { client } = testClient();
    const ids: string[] = [];
    for await (const check of paginate(client, '/v1/cases/{caseId}/checks', { path: { caseId: 'case_1' } })) ids.push(check.id);
    expect(ids).toEqual(['chk_1']);
    expect(server.requests[0]?.query.get('limit')).toBe('100');
  });

  it('throws an ApiProblemError with the problem when a page fails', async () => {
    server.on('GET', '/v1/credentials', (request) => (request.query.get('cursor') === null ? page(['crd_1'], 'c2') : { status: 400, body: problem(400, 'Invalid cursor') }));
    const { client } = testClient();
    const ids: string[] = [];
    await expect(async () => {
      for await (const item of paginate(client, '/v1/credentials')) ids.push(item.id);
    }).rejects.toThrow(ApiProblemError);
    expect(ids).toEqual(['crd_1']);
  });

  it('stops with an error when the server repeats a cursor', async () => {
    server.on('GET', '/v1/events', [page([], 'same')]);
    const { client } = testClient();
    await expect(async () => {
      for await (const _ of paginate(client, '/v1/events')) void _;
    }).rejects.toThrow(/repeated cursor same/);
  });
});

describe('with msw', () => {
  it('is intercepted by msw even when created before server.listen()', async () => {
    const client = createClient({ baseUrl: 'http://api.credkit.test', apiKey: 'ck_test_msw' });
    const mock = setupServer(http.get('http://api.credkit.test/v1/events', ({ request }) => HttpResponse.json({ object: 'list', items: [], nextCursor: null, auth: request.headers.get('authorization') })));
    mock.listen({ onUnhandledRequest: 'error' });
    try {
      const { data } = await client.GET('/v1/events');
      expect(data).toMatchObject({ items: [], auth: 'Bearer ck_test_msw' });
    } finally {
      mock.close();
    }
  });
});

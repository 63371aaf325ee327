// Proof 4: one core, two transports. The same scenario through the msw handlers (in-process, via
// setupServer) and through the real HTTP server gives the same answers: status, body and headers —
// down to the ids, since both platforms share the seed and a frozen clock.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockHandlers } from '../../mock-server/msw/index.js';
import { startMockServer } from '../../mock-server/index.js';
import { API_KEY, FROZEN_NOW, manualTimers, validBusiness, validCase, validCredential } from './helpers.js';

const MSW_BASE = 'https://api.credkit.test';
const platformOptions = { db: ':memory:', seed: 5, now: () => FROZEN_NOW, timers: manualTimers } as const;

const mock = createMockHandlers({ baseUrl: MSW_BASE, ...platformOptions });
const server = setupServer(...mock.handlers);
let http: Awaited<ReturnType<typeof startMockServer>>;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'bypass' });
  http = await startMockServer({ port: 0, ...platformOptions });
});
afterAll(async () => {
  server.close();
  await mock.close();
  await http?.stop();
});

type Step = { method: string; path: string | ((ids: Record<string, string>) => string); body?: unknown; raw?: string | Uint8Array<ArrayBuffer>; headers?: Record<string, string>; auth?: boolean; save?: string };

const scenario: Step[] = [
  { method: 'POST', path: '/v1/credentials', body: validCredential(), headers: { 'idempotency-key': 'same-key' }, save: 'crd' },
  { method: 'POST', path: '/v1/credentials', body: validCredential(), headers: { 'idempotency-key': 'same-key' } },
  { method: 'POST', path: '/v1/credentials', body: { ...validCredential(), title: 'x' }, headers: { 'idempotency-key': 'same-key' } },
  { method: 'GET', path: (ids) => `/v1/credentials/${ids.crd}` },
  { method: 'PATCH', path: (ids) => `/v1/credentials/${ids.crd}`, body: { title: 'Renamed' }, headers: { 'if-match': '"1"' } },
  { method: 'PATCH', path: (ids) => `/v1/credentials/${ids.crd}`, body: { title: 'Stale' }, headers: { 'if-match': '"1"' } },
  { method: 'PATCH', path: (ids) => `/v1/credentials/${ids.crd}`, body: { title: 'None' } },
  { method: 'POST', path: (ids) => `/v1/credentials/${ids.crd}/revoke`, body: { reason: 'fraud' } },
  { method: 'POST', path: (ids) => `/v1/credentials/${ids.crd}/revoke`, body: { reason: 'fraud' } },
  { method: 'POST', path: '/v1/credentials', body: { kind: 'diploma', recipient: { email: 'nope' } } },
  { method: 'POST', path: '/v1/credentials', raw: '{"kind":' },
  // Strict input reads the same through both transports: invalid UTF-8, a name twice, no Content-Type.
  { method: 'POST', path: '/v1/credentials', raw: new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]) },
  { method: 'POST', path: '/v1/credentials', raw: JSON.stringify(validCredential()).replace('"title":', '"title":"x","title":') },
  { method: 'POST', path: '/v1/credentials', raw: JSON.stringify(validCredential()), headers: { 'content-type': '' } },
  { method: 'GET', path: '/v1/credentials?constructor=1&toString' },
  { method: 'GET', path: '/v1/events?limit=1', auth: false, headers: { authorization: `bearer ${API_KEY}` } },
  { method: 'POST', path: '/_mock/reset', raw: '{}', auth: false, headers: { 'content-type': 'text/plain' } },
  { method: 'GET', path: '/v1/credentials?limit=0' },
  { method: 'GET', path: '/v1/credentials?limit=2&status=revoked' },
  { method: 'GET', path: '/v1/events', auth: false },
  { method: 'GET', path: '/v1/events', auth: false, headers: { authorization: 'Bearer nope' } },
  { method: 'GET', path: '/v1/unknown' },
  { method: 'DELETE', path: '/v1/credentials' },
  { method: 'POST', path: '/v1/cases', body: validCase(), save: 'case' },
  { method: 'GET', path: (ids) => `/v1/cases/${ids.case}/report` },
  { method: 'POST', path: '/v1/businesses', body: validBusiness() },
  { method: 'POST', path: '/v1/bulk-issuances', body: { credentials: [validCredential()] } },
  { method: 'POST', path: '/_mock/clock/advance', body: { seconds: 86_400 }, auth: false },
  { method: 'GET', path: (ids) => `/v1/cases/${ids.case}` },
  { method: 'GET', path: (ids) => `/v1/cases/${ids.case}/checks` },
  { method: 'GET', path: (ids) => `/v1/cases/${ids.case}/report` },
  { method: 'GET', path: '/v1/events?limit=100' },
  { method: 'GET', path: '/v1/events?type=case.report_ready' },
];

const COMPARED_HEADERS = ['content-type', 'etag', 'allow', 'www-authenticate', 'idempotent-replayed', 'x-request-id'];

async function run(base: string) {
  const ids: Record<string, string> = {};
  const answers = [];
  for (const s of scenario) {
    const path = typeof s.path === 'function' ? s.path(ids) : s.path;
    const hasBody = s.body !== undefined || s.raw !== undefined;
    const res = await fetch(`${base}${path}`, {
      method: s.method,
      headers: { ...(s.auth === false ? {} : { authorization: `Bearer ${API_KEY}` }), ...(hasBody ? { 'content-type': 'application/json' } : {}), ...s.headers },
      ...(hasBody ? { body: s.raw ?? JSON.stringify(s.body) } : {}),
    });
    const text = await res.text();
    const body = text ? JSON.parse(text) : undefined;
    if (s.save) ids[s.save] = body.id;
    answers.push({ step: `${s.method} ${path}`, status: res.status, headers: Object.fromEntries(COMPARED_HEADERS.map((h) => [h, res.headers.get(h)])), body });
  }
  return answers;
}

describe('msw handlers and the HTTP server', () => {
  it('give the same status, headers and body on the same scenario', async () => {
    const viaMsw = await run(MSW_BASE);
    const viaHttp = await run(http.url);
    expect(viaMsw.map((a) => a.status)).toEqual([201, 201, 422, 200, 200, 412, 428, 200, 409, 400, 400, 400, 400, 400, 400, 200, 400, 400, 200, 401, 401, 404, 405, 201, 409, 201, 202, 200, 200, 200, 200, 200, 200]);
    expect(viaHttp).toEqual(viaMsw);
  });
});

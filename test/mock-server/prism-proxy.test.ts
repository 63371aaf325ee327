// Proof 1: the mock keeps its own contract. Prism's validation proxy (`--errors`) sits in front of the
// mock and checks every answer against generated/openapi.json; a violation turns into a 500 problem
// of type …#VIOLATIONS with an `sl-violations` header. Request validation is off on purpose, so bad
// input reaches the mock and its error answers get checked too.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { route, startMockServer, type RouteDefinition } from '../../mock-server/index.js';
import { API_KEY, freePort, spawnUntil, stopChild, validBusiness, validCase, validCredential } from './helpers.js';

const root = join(import.meta.dirname, '..', '..');
const SABOTAGED_ID = 'crd_sabotagedSABOTAGED';

// The negative control: one id answers a body that breaks the contract, proving detection works.
const sabotage: RouteDefinition = route({
  method: 'GET',
  path: '/v1/credentials/{credentialId}',
  operationId: 'getCredential',
  handler(req, p) {
    if (req.params.credentialId === SABOTAGED_ID) return { status: 200, body: { object: 'credential', id: SABOTAGED_ID, revision: 'one' } };
    const c = p.store.get(req.params.credentialId!, 'credential');
    if (!c) return { status: 404, body: { type: 'https://credkit.dev/problems/not-found', title: 'Not found', status: 404, detail: 'No such credential.', requestId: req.requestId } };
    return { status: 200, body: c, headers: { ETag: `"${c.revision}"` } };
  },
});

let mock: Awaited<ReturnType<typeof startMockServer>>;
let prism: ChildProcess;
let proxyUrl: string;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, db: ':memory:', seed: 3, plugins: [{ name: 'sabotage', routes: [sabotage] }] });
  const port = await freePort();
  const bin = join(root, 'node_modules', '.bin', 'prism');
  ({ child: prism } = await spawnUntil(bin, ['proxy', join(root, 'generated', 'openapi.json'), mock.url, '--errors', '--validate-request', 'false', '--port', String(port), '--host', '127.0.0.1'], /Prism is listening/, { timeoutMs: 90_000 }));
  proxyUrl = `http://127.0.0.1:${port}`;
}, 120_000);

afterAll(async () => {
  if (prism) await stopChild(prism);
  await mock?.stop();
});

interface Exchange {
  status: number;
  violations: string | null;
  body: any;
}

async function viaProxy(method: string, path: string, { body, raw, headers = {}, auth = true }: { body?: unknown; raw?: string; headers?: Record<string, string>; auth?: boolean } = {}): Promise<Exchange> {
  const res = await fetch(`${proxyUrl}${path}`, {
    method,
    headers: { ...(auth ? { authorization: `Bearer ${API_KEY}` } : {}), ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined || raw !== undefined ? { body: raw ?? JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, violations: res.headers.get('sl-violations'), body: text ? JSON.parse(text) : undefined };
}

async function advanceMock(seconds: number) {
  const res = await fetch(`${mock.url}/_mock/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds }) });
  expect(res.status).toBe(200);
}

describe('Prism validation proxy in front of the mock', () => {
  it('detects a contract violation (negative control: a deliberately broken answer)', async () => {
    const res = await viaProxy('GET', `/v1/credentials/${SABOTAGED_ID}`);
    expect(res.status).toBe(500);
    expect(res.body.type).toMatch(/VIOLATIONS/);
    expect(res.violations).toBeTruthy();
  });

  it('finds zero violations across every core operation, success and error paths', async () => {
    const log: { step: string; res: Exchange }[] = [];
    const step = async (name: string, expected: number, ...args: Parameters<typeof viaProxy>) => {
      const res = await viaProxy(...args);
      log.push({ step: name, res });
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(expected);
      return res;
    };

    // Credentials
    const issued = await step('issue', 201, 'POST', '/v1/credentials', { body: validCredential(), headers: { 'idempotency-key': 'k-1' } });
    await step('issue replayed', 201, 'POST', '/v1/credentials', { body: validCredential(), headers: { 'idempotency-key': 'k-1' } });
    await step('issue key reused', 422, 'POST', '/v1/credentials', { body: { ...validCredential(), title: 'Other' }, headers: { 'idempotency-key': 'k-1' } });
    await step('issue invalid body', 400, 'POST', '/v1/credentials', { body: { kind: 'diploma', recipient: { email: 'x' } } });
    await step('issue malformed json', 400, 'POST', '/v1/credentials', { raw: '{"kind":' });
    await step('issue wrong key', 401, 'POST', '/v1/credentials', { body: validCredential(), auth: false, headers: { authorization: 'Bearer sk_test_wrong' } });
    const id = issued.body.id as string;
    await step('get', 200, 'GET', `/v1/credentials/${id}`);
    await step('get unknown', 404, 'GET', '/v1/credentials/crd_unknownUNKNOWN00');
    await step('get bad id', 400, 'GET', '/v1/credentials/nope');
    await step('list', 200, 'GET', '/v1/credentials?limit=1&status=issued');
    await step('list bad limit', 400, 'GET', '/v1/credentials?limit=1000');
    await step('update', 200, 'PATCH', `/v1/credentials/${id}`, { body: { title: 'Renamed' }, headers: { 'if-match': '"1"' } });
    await step('update stale', 412, 'PATCH', `/v1/credentials/${id}`, { body: { title: 'Stale' }, headers: { 'if-match': '"1"' } });
    await step('update no if-match', 428, 'PATCH', `/v1/credentials/${id}`, { body: { title: 'No precondition' } });
    await step('update invalid', 400, 'PATCH', `/v1/credentials/${id}`, { body: {}, headers: { 'if-match': '"2"' } });
    await step('claim', 200, 'POST', `/v1/credentials/${id}/claim`, { body: { email: validCredential().recipient.email } });
    await step('claim again', 409, 'POST', `/v1/credentials/${id}/claim`, { body: { email: validCredential().recipient.email } });
    await step('verify', 200, 'POST', `/v1/credentials/${id}/verify`, { body: { verifierName: 'Contoso Hiring' } });
    await step('renew', 201, 'POST', `/v1/credentials/${id}/renew`, { body: { expiresAt: '2031-01-01T00:00:00Z' } });
    await step('renew superseded', 409, 'POST', `/v1/credentials/${id}/renew`, {});
    const other = await step('issue another', 201, 'POST', '/v1/credentials', { body: validCredential() });
    await step('revoke', 200, 'POST', `/v1/credentials/${other.body.id}/revoke`, { body: { reason: 'issued_in_error' } });
    await step('revoke twice', 409, 'POST', `/v1/credentials/${other.body.id}/revoke`, { body: { reason: 'issued_in_error' } });
    await step('revoke unknown', 404, 'POST', '/v1/credentials/crd_unknownUNKNOWN00/revoke', { body: { reason: 'fraud' } });
    await step('update revoked', 409, 'PATCH', `/v1/credentials/${other.body.id}`, { body: { title: 'Too late' }, headers: { 'if-match': '"2"' } });
    await step('verify revoked', 200, 'POST', `/v1/credentials/${other.body.id}/verify`);

    // Bulk issuance
    const bulk = await step('bulk', 202, 'POST', '/v1/bulk-issuances', { body: { credentials: [validCredential(), { ...validCredential(), title: 'Second' }] } });
    await step('bulk invalid', 400, 'POST', '/v1/bulk-issuances', { body: { credentials: [] } });
    await step('bulk get', 200, 'GET', `/v1/bulk-issuances/${bulk.body.id}`);
    await step('bulk unknown', 404, 'GET', '/v1/bulk-issuances/bulk_unknownUNKNOWN0');

    // Cases
    const kase = await step('case', 201, 'POST', '/v1/cases', { body: validCase() });
    await step('case invalid', 400, 'POST', '/v1/cases', { body: { ...validCase(), checks: ['palm_reading'] } });
    await step('report not ready', 409, 'GET', `/v1/cases/${kase.body.id}/report`);
    await step('cases list', 200, 'GET', '/v1/cases?status=pending');
    await step('checks', 200, 'GET', `/v1/cases/${kase.body.id}/checks`);
    await step('case unknown', 404, 'GET', '/v1/cases/case_unknownUNKNOWN0');
    const biz = await step('business', 201, 'POST', '/v1/businesses', { body: validBusiness() });
    await step('business invalid', 400, 'POST', '/v1/businesses', { body: { ...validBusiness(), country: 'Germany' } });
    await step('business unknown', 404, 'GET', '/v1/businesses/biz_unknownUNKNOWN00');

    await advanceMock(24 * 3600);
    await step('bulk completed', 200, 'GET', `/v1/bulk-issuances/${bulk.body.id}`);
    await step('case completed', 200, 'GET', `/v1/cases/${kase.body.id}`);
    await step('checks completed', 200, 'GET', `/v1/cases/${kase.body.id}/checks?limit=2`);
    await step('report', 200, 'GET', `/v1/cases/${kase.body.id}/report`);
    await step('business decided', 200, 'GET', `/v1/businesses/${biz.body.id}`);

    // Events: every event type the flows produced goes through the response validator.
    let cursor: string | null = '';
    let events = 0;
    while (cursor !== null) {
      const page: Exchange = await step('events page', 200, 'GET', `/v1/events?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      events += page.body.items.length;
      cursor = page.body.nextCursor;
    }
    expect(events).toBeGreaterThan(20);
    const first = await step('events filtered', 200, 'GET', '/v1/events?type=credential.revoked&createdAfter=2000-01-01T00:00:00Z');
    await step('event', 200, 'GET', `/v1/events/${first.body.items[0].id}`);
    await step('event unknown', 404, 'GET', '/v1/events/evt_unknownUNKNOWN00');
    await step('events bad type', 400, 'GET', '/v1/events?type=credential.exploded');

    const violated = log.filter((l) => l.res.violations !== null);
    expect(violated.map((l) => `${l.step}: ${l.res.violations}`)).toEqual([]);
  });
});

// Proof 1: the mock keeps its own contract. Prism's validation proxy (`--errors`) sits in front of the
// mock and checks every answer against generated/openapi.json; a violation turns into a 500 problem
// of type …#VIOLATIONS with an `sl-violations` header. Request validation is off on purpose, so bad
// input reaches the mock and its error answers get checked too.
// The platform runs with the delivery engine (chaos off) and a local receiver, so the webhook-endpoint
// and delivery operations answer for real (succeeded, retrying, failed) and go under the proxy as well.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryPlugin, route, startMockServer, type RouteDefinition } from '../../mock-server/index.js';
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

// The delivery engine, and a second negative control on one of its operations: one delivery id answers a
// body that breaks the Delivery schema; every other id goes to the engine's own route.
const delivery = createDeliveryPlugin({ chaos: 'off' });
const SABOTAGED_DELIVERY_ID = 'dlv_sabotagedSABOTAGED';
const engineGetDelivery = delivery.routes?.find((r) => r.operationId === 'getDelivery');
const sabotageDelivery: RouteDefinition = route({
  method: 'GET',
  path: '/v1/deliveries/{deliveryId}',
  operationId: 'getDelivery',
  handler(req, p) {
    if (req.params.deliveryId === SABOTAGED_DELIVERY_ID) return { status: 200, body: { object: 'delivery', id: SABOTAGED_DELIVERY_ID, status: 'lost', attempts: 'none' } };
    if (!engineGetDelivery) throw new Error('the delivery plugin has no getDelivery route');
    return engineGetDelivery.handler(req, p);
  },
});

let mock: Awaited<ReturnType<typeof startMockServer>>;
let prism: ChildProcess;
let proxyUrl: string;
let receiver: Server;
let receiverUrl: string;
/** Event types the receiver got, per path ('/ok' answers 200, '/fail' answers 500). */
const received: Record<string, string[]> = { '/ok': [], '/fail': [] };

/** A webhook receiver on 127.0.0.1: '/ok' acknowledges, '/fail' answers 500 so its deliveries go retrying. */
function startReceiver(): Promise<Server> {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8'); // decodes multibyte characters split across chunks
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      try {
        received[path]?.push((JSON.parse(body) as { type: string }).type);
      } catch {
        received[path]?.push('unparsable');
      }
      if (path === '/ok') res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      else res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"receiver is down"}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  receiver = await startReceiver();
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  // chaos off: one delivery per event, in order, so the receiver's log is exact.
  // Later plugins' routes replace earlier ones with the same method and path: the sabotage wraps the engine's.
  mock = await startMockServer({ port: 0, db: ':memory:', seed: 3, plugins: [delivery, { name: 'sabotage', routes: [sabotage, sabotageDelivery] }] });
  const port = await freePort();
  const bin = join(root, 'node_modules', '.bin', 'prism');
  ({ child: prism } = await spawnUntil(bin, ['proxy', join(root, 'generated', 'openapi.json'), mock.url, '--errors', '--validate-request', 'false', '--port', String(port), '--host', '127.0.0.1'], /Prism is listening/, { timeoutMs: 90_000 }));
  proxyUrl = `http://127.0.0.1:${port}`;
}, 120_000);

afterAll(async () => {
  if (prism) await stopChild(prism);
  await mock?.stop();
  await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
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
  const res = await fetch(`${mock.url}/_mock/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds }) });
  expect(res.status).toBe(200);
}

/** Steps through the proxy, each with its expected status; `violations()` lists what Prism flagged. */
function recorder() {
  const log: { step: string; method: string; path: string; res: Exchange }[] = [];
  const step = async (name: string, expected: number, ...args: Parameters<typeof viaProxy>) => {
    const res = await viaProxy(...args);
    log.push({ step: name, method: args[0], path: args[1], res });
    expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(expected);
    return res;
  };
  const violations = () => log.filter((l) => l.res.violations !== null).map((l) => `${l.step}: ${l.res.violations}`);
  return { step, violations, log };
}

interface ContractOperation {
  operationId: string;
  method: string;
  pattern: RegExp;
}

/** The contract's operations whose path matches `paths`, with a matcher per path template. */
function contractOperations(paths: RegExp): ContractOperation[] {
  const doc = JSON.parse(readFileSync(join(root, 'generated', 'openapi.json'), 'utf8')) as { paths: Record<string, Record<string, { operationId?: string }>> };
  return Object.entries(doc.paths)
    .filter(([path]) => paths.test(path))
    .flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, op]) => typeof op === 'object' && op !== null && typeof op.operationId === 'string')
        .map(([method, op]) => ({ operationId: op.operationId as string, method: method.toUpperCase(), pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`) })),
    );
}

/** The operationId a request went to (undefined for another family). */
function operationOf(operations: ContractOperation[], method: string, path: string): string | undefined {
  const bare = path.split('?')[0]!;
  return operations.find((o) => o.method === method && o.pattern.test(bare))?.operationId;
}

/** Which operations answered at least once with a success (< 300) and with an error, sorted by operationId. */
function coverage(operations: ContractOperation[], log: ReturnType<typeof recorder>['log']) {
  const answered = (ok: boolean) => [...new Set(log.filter((l) => l.res.status < 300 === ok).flatMap((l) => operationOf(operations, l.method, l.path) ?? []))].sort();
  return { all: operations.map((o) => o.operationId).sort(), succeeded: answered(true), failed: answered(false) };
}

/** Reads the mock directly (not through the proxy) until `done` holds: deliveries go out in real time. */
async function waitForMock(path: string, done: (body: any) => boolean, timeoutMs = 20_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${mock.url}${path}`, { headers: { authorization: `Bearer ${API_KEY}` } });
    const body = await res.json();
    if (done(body)) return body;
    if (Date.now() > deadline) throw new Error(`GET ${path} did not reach the expected state in ${timeoutMs} ms: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('Prism validation proxy in front of the mock', () => {
  it('detects a contract violation (negative control: a deliberately broken answer)', async () => {
    const res = await viaProxy('GET', `/v1/credentials/${SABOTAGED_ID}`);
    expect(res.status).toBe(500);
    expect(res.body.type).toMatch(/VIOLATIONS/);
    expect(res.violations).toBeTruthy();
  });

  it('detects a contract violation in a delivery answer too (negative control for the delivery routes)', async () => {
    const res = await viaProxy('GET', `/v1/deliveries/${SABOTAGED_DELIVERY_ID}`);
    expect(res.status).toBe(500);
    expect(res.body.type).toMatch(/VIOLATIONS/);
    expect(res.violations).toMatch(/attempts|status|required/);
  });

  it('finds zero violations across every core operation, success and error paths', async () => {
    const { step, violations, log } = recorder();

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
    await step('verify unknown', 404, 'POST', '/v1/credentials/crd_unknownUNKNOWN00/verify');

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
    await step('cases list bad status', 400, 'GET', '/v1/cases?status=sleeping');
    await step('checks', 200, 'GET', `/v1/cases/${kase.body.id}/checks`);
    await step('checks unknown case', 404, 'GET', '/v1/cases/case_unknownUNKNOWN0/checks');
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

    // Each of the nineteen core operations answered through the proxy with a success and an error.
    const operations = contractOperations(/^\/v1\/(credentials|bulk-issuances|cases|businesses|events)/);
    expect(operations).toHaveLength(19);
    const { all, succeeded, failed } = coverage(operations, log);
    expect(succeeded).toEqual(all);
    expect(failed).toEqual(all);
    expect(violations()).toEqual([]);
  });

  it('finds zero violations across every webhook-endpoint and delivery operation, success and error paths', async () => {
    const { step, violations, log } = recorder();
    const okUrl = `${receiverUrl}/ok`;
    const unknownEndpoint = '/v1/webhook-endpoints/we_unknownUNKNOWN00';
    const unknownDelivery = '/v1/deliveries/dlv_unknownUNKNOWN00';

    // Create: success, idempotent replay, key reuse, bad bodies, no auth
    const created = await step('endpoint create', 201, 'POST', '/v1/webhook-endpoints', { body: { url: okUrl, description: 'Local receiver' }, headers: { 'idempotency-key': 'we-1' } });
    expect(created.body.secret).toMatch(/^whsec_/);
    await step('endpoint create replayed', 201, 'POST', '/v1/webhook-endpoints', { body: { url: okUrl, description: 'Local receiver' }, headers: { 'idempotency-key': 'we-1' } });
    await step('endpoint create key reused', 422, 'POST', '/v1/webhook-endpoints', { body: { url: okUrl, description: 'Another' }, headers: { 'idempotency-key': 'we-1' } });
    await step('endpoint create without url', 400, 'POST', '/v1/webhook-endpoints', { body: { description: 'No url' } });
    await step('endpoint create unknown profile', 400, 'POST', '/v1/webhook-endpoints', { body: { url: okUrl, profile: 'smoke-signals' } });
    await step('endpoint create unusable secret', 400, 'POST', '/v1/webhook-endpoints', { body: { url: okUrl, secret: 'not a whsec secret at all' } });
    await step('endpoint create malformed json', 400, 'POST', '/v1/webhook-endpoints', { raw: '{"url":' });
    await step('endpoint create no auth', 401, 'POST', '/v1/webhook-endpoints', { body: { url: okUrl }, auth: false });
    const id = created.body.id as string;
    const endpoint = `/v1/webhook-endpoints/${id}`;
    const failingCreated = await step('endpoint create (failing receiver)', 201, 'POST', '/v1/webhook-endpoints', { body: { url: `${receiverUrl}/fail`, profile: 'compliancely', enabledEvents: ['credential.revoked'] } });
    const failing = `/v1/webhook-endpoints/${failingCreated.body.id as string}`;

    // Read and list
    await step('endpoint get', 200, 'GET', endpoint);
    await step('endpoint get unknown', 404, 'GET', unknownEndpoint);
    await step('endpoint get bad id', 400, 'GET', '/v1/webhook-endpoints/nope');
    await step('endpoint get no auth', 401, 'GET', endpoint, { auth: false });
    const firstPage = await step('endpoints list', 200, 'GET', '/v1/webhook-endpoints?limit=1');
    expect(firstPage.body.nextCursor).toEqual(expect.any(String));
    await step('endpoints list next page', 200, 'GET', `/v1/webhook-endpoints?limit=1&cursor=${firstPage.body.nextCursor}`);
    await step('endpoints list bad limit', 400, 'GET', '/v1/webhook-endpoints?limit=0');
    await step('endpoints list no auth', 401, 'GET', '/v1/webhook-endpoints', { auth: false });

    // Update under If-Match
    await step('endpoint update', 200, 'PATCH', endpoint, { body: { description: 'Renamed', enabledEvents: ['*'] }, headers: { 'if-match': '"1"' } });
    await step('endpoint update stale', 412, 'PATCH', endpoint, { body: { description: 'Stale' }, headers: { 'if-match': '"1"' } });
    await step('endpoint update no if-match', 428, 'PATCH', endpoint, { body: { description: 'No precondition' } });
    await step('endpoint update empty', 400, 'PATCH', endpoint, { body: {}, headers: { 'if-match': '"2"' } });
    await step('endpoint update bad status', 400, 'PATCH', endpoint, { body: { status: 'paused' }, headers: { 'if-match': '"2"' } });
    await step('endpoint update unknown', 404, 'PATCH', unknownEndpoint, { body: { description: 'Nobody' }, headers: { 'if-match': '"1"' } });
    await step('endpoint update no auth', 401, 'PATCH', endpoint, { body: { description: 'Anonymous' }, headers: { 'if-match': '"2"' }, auth: false });

    // Events produce deliveries: the '/ok' receiver acknowledges, the '/fail' one answers 500 (retrying;
    // the compliancely profile waits 3 mock minutes before its next attempt, so none fires during the test).
    const credential = await step('issue (delivered)', 201, 'POST', '/v1/credentials', { body: validCredential() });
    await step('revoke (delivered)', 200, 'POST', `/v1/credentials/${credential.body.id}/revoke`, { body: { reason: 'issued_in_error' } });
    const succeeded = await waitForMock(`${endpoint}/deliveries?status=succeeded`, (b) => b.items.length >= 2);
    const retryingList = await waitForMock(`${failing}/deliveries?status=retrying`, (b) => b.items.length >= 1);
    expect(received['/ok']!.filter((type) => type.startsWith('credential.'))).toEqual(['credential.issued', 'credential.revoked']);
    expect(received['/fail']).toContain('credential.revoked');
    const delivered = succeeded.items[0].id as string;
    const retrying = retryingList.items[0].id as string;

    // Deliveries of an endpoint
    await step('deliveries list', 200, 'GET', `${endpoint}/deliveries`);
    const deliveriesPage = await step('deliveries list succeeded', 200, 'GET', `${endpoint}/deliveries?status=succeeded&limit=1`);
    await step('deliveries list next page', 200, 'GET', `${endpoint}/deliveries?status=succeeded&limit=1&cursor=${deliveriesPage.body.nextCursor}`);
    await step('deliveries list retrying', 200, 'GET', `${failing}/deliveries?status=retrying`);
    await step('deliveries list bad status', 400, 'GET', `${endpoint}/deliveries?status=lost`);
    await step('deliveries list unknown endpoint', 404, 'GET', `${unknownEndpoint}/deliveries`);
    await step('deliveries list no auth', 401, 'GET', `${endpoint}/deliveries`, { auth: false });

    // One delivery
    await step('delivery get', 200, 'GET', `/v1/deliveries/${delivered}`);
    const failed = await step('delivery get retrying', 200, 'GET', `/v1/deliveries/${retrying}`);
    expect(failed.body.attempts[0]).toMatchObject({ attempt: 1, statusCode: 500, error: 'http_500', responseExcerpt: '{"error":"receiver is down"}' });
    expect(failed.body.nextAttemptAt).toEqual(expect.any(String));
    await step('delivery get unknown', 404, 'GET', unknownDelivery);
    await step('delivery get bad id', 400, 'GET', '/v1/deliveries/nope');
    await step('delivery get no auth', 401, 'GET', `/v1/deliveries/${delivered}`, { auth: false });

    // Retry a delivery
    await step('delivery retry', 202, 'POST', `/v1/deliveries/${delivered}/retry`);
    await waitForMock(`/v1/deliveries/${delivered}`, (b) => b.status === 'succeeded' && b.attempts.length === 2);
    await step('delivery get after retry', 200, 'GET', `/v1/deliveries/${delivered}`);
    await step('delivery retry unknown', 404, 'POST', `${unknownDelivery}/retry`);
    await step('delivery retry bad id', 400, 'POST', '/v1/deliveries/nope/retry');
    await step('delivery retry no auth', 401, 'POST', `/v1/deliveries/${delivered}/retry`, { auth: false });

    // Test event
    const tested = await step('endpoint test', 202, 'POST', `${endpoint}/test`);
    expect(tested.body.eventType).toBe('endpoint.test');
    await waitForMock(`/v1/deliveries/${tested.body.id}`, (b) => b.status === 'succeeded');
    expect(received['/ok']).toContain('endpoint.test');
    await step('endpoint test unknown', 404, 'POST', `${unknownEndpoint}/test`);
    await step('endpoint test no auth', 401, 'POST', `${endpoint}/test`, { auth: false });

    // Secret rotation
    const rotated = await step('rotate secret', 200, 'POST', `${endpoint}/rotate-secret`, { body: { overlapSeconds: 3600 } });
    expect(rotated.body.secret).not.toBe(created.body.secret);
    expect(rotated.body.secretRotatingUntil).toEqual(expect.any(String));
    await step('rotate secret without body', 200, 'POST', `${endpoint}/rotate-secret`);
    await step('rotate secret bad overlap', 400, 'POST', `${endpoint}/rotate-secret`, { body: { overlapSeconds: -1 } });
    await step('rotate secret unknown', 404, 'POST', `${unknownEndpoint}/rotate-secret`, { body: {} });
    await step('rotate secret no auth', 401, 'POST', `${endpoint}/rotate-secret`, { auth: false });

    // Disable the failing endpoint: its queued delivery fails, test and retry answer 409; re-enable and recover.
    const before = await step('endpoint get (failing)', 200, 'GET', failing);
    await step('endpoint disable', 200, 'PATCH', failing, { body: { status: 'disabled' }, headers: { 'if-match': `"${before.body.revision}"` } });
    await step('endpoint test disabled', 409, 'POST', `${failing}/test`);
    await step('delivery retry disabled endpoint', 409, 'POST', `/v1/deliveries/${retrying}/retry`);
    const failedList = await step('deliveries list failed', 200, 'GET', `${failing}/deliveries?status=failed`);
    expect(failedList.body.items.map((d: { id: string }) => d.id)).toContain(retrying);
    const disabled = await step('endpoint get disabled', 200, 'GET', failing);
    expect(disabled.body).toMatchObject({ status: 'disabled', disabledReason: expect.any(String) });
    await step('endpoint re-enable', 200, 'PATCH', failing, { body: { status: 'active' }, headers: { 'if-match': `"${disabled.body.revision}"` } });
    const recovered = await step('endpoint recover', 202, 'POST', `${failing}/recover`, { body: { since: '2000-01-01T00:00:00Z' } });
    expect(recovered.body.requeued).toBeGreaterThanOrEqual(1);
    await step('endpoint recover bad since', 400, 'POST', `${failing}/recover`, { body: { since: 'yesterday' } });
    await step('endpoint recover without body', 400, 'POST', `${failing}/recover`);
    await step('endpoint recover unknown', 404, 'POST', `${unknownEndpoint}/recover`, { body: { since: '2000-01-01T00:00:00Z' } });
    await step('endpoint recover no auth', 401, 'POST', `${failing}/recover`, { body: { since: '2000-01-01T00:00:00Z' }, auth: false });

    // Delete
    await step('endpoint delete no auth', 401, 'DELETE', failing, { auth: false });
    await step('endpoint delete', 204, 'DELETE', failing);
    await step('endpoint delete again', 404, 'DELETE', failing);
    await step('endpoint delete bad id', 400, 'DELETE', '/v1/webhook-endpoints/nope');
    await step('endpoint get deleted', 404, 'GET', failing);
    await step('delivery get (endpoint deleted)', 200, 'GET', `/v1/deliveries/${retrying}`);
    await step('delivery retry deleted endpoint', 409, 'POST', `/v1/deliveries/${retrying}/retry`);

    // Each of the eleven operations went through the proxy with a success and an error answer, and none broke the contract.
    const operations = contractOperations(/^\/v1\/(webhook-endpoints|deliveries)/);
    expect(operations).toHaveLength(11);
    const answered = coverage(operations, log);
    expect(answered.succeeded).toEqual(answered.all);
    expect(answered.failed).toEqual(answered.all);
    expect(violations()).toEqual([]);
  });
});


import { afterEach, describe, expect, it } from 'vitest';
import { caller, FROZEN_NOW, frozenPlatform, validBusiness, validCase, validCredential } from '../test/mock-server/helpers.js';
import { validateWebhookEvent } from '../generated/events.js';
import type { MockPlatform } from './index.js';

let platform: MockPlatform;
afterEach(async () => {
  await platform?.stop();
});

async function setup(options = {}) {
  platform = await frozenPlatform(options);
  return caller(platform);
}

const advance = (call: ReturnType<typeof caller>, seconds: number) => call('POST', '/_mock/clock/advance', { body: { seconds }, auth: false });
const eventsOf = (call: ReturnType<typeof caller>, query = 'limit=100') => call('GET', `/v1/events?${query}`).body.items as any[];

describe('credentials', () => {
  it('issues a credential at revision 1 and records credential.issued carrying that revision', async () => {
    const call = await setup();
    const issued = call('POST', '/v1/credentials', { body: validCredential() });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ object: 'credential', status: 'issued', revision: 1, issuedAt: new Date(FROZEN_NOW).toISOString() });
    expect(issued.headers.etag).toBe('"1"');
    const [event] = eventsOf(call);
    expect(event).toMatchObject({ type: 'credential.issued', apiVersion: '1.0', data: { id: issued.body.id, revision: 1, status: 'issued', recipientEmail: 'priya.sharma@example.com' } });
    expect(call('GET', `/v1/credentials/${issued.body.id}`).body).toEqual(issued.body);
  });

  it('updates with a current If-Match, bumps the revision and records credential.updated with the changed fields', async () => {
    const call = await setup();
    const { body: c } = call('POST', '/v1/credentials', { body: validCredential() });
    const updated = call('PATCH', `/v1/credentials/${c.id}`, { body: { title: 'Certified Cloud Architect', metadata: { cohort: '2027-Q1' } }, headers: { 'if-match': '"1"' } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ revision: 2, title: 'Certified Cloud Architect' });
    expect(updated.headers.etag).toBe('"2"');
    expect(eventsOf(call).at(-1)).toMatchObject({ type: 'credential.updated', data: { revision: 2, changedFields: ['title', 'metadata'] } });
  });

  it('answers 412 to a stale If-Match and changes nothing', async () => {
    const call = await setup();
    const { body: c } = call('POST', '/v1/credentials', { body: validCredential() });
    call('PATCH', `/v1/credentials/${c.id}`, { body: { title: 'First writer' }, headers: { 'if-match': '1' } });
    const stale = call('PATCH', `/v1/credentials/${c.id}`, { body: { title: 'Second writer' }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.headers['content-type']).toBe('application/problem+json');
    expect(stale.body).toMatchObject({ type: 'https://credkit.dev/problems/revision-mismatch', status: 412 });
    expect(call('GET', `/v1/credentials/${c.id}`).body).toMatchObject({ title: 'First writer', revision: 2 });
  });

  it('answers 428 to a PATCH without If-Match', async () => {
    const call = await setup();
    const { body: c } = call('POST', '/v1/credentials', { body: validCredential() });
    const res = call('PATCH', `/v1/credentials/${c.id}`, { body: { title: 'No precondition' } });
    expect(res.status).toBe(428);
    expect(res.body.type).toBe('https://credkit.dev/problems/if-match-required');
  });

  it('revokes once and answers 409 invalid-state to a second revoke', async () => {
    const call = await setup();
    const { body: c } = call('POST', '/v1/credentials', { body: validCredential() });
    const first = call('POST', `/v1/credentials/${c.id}/revoke`, { body: { reason: 'issued_in_error' } });
    expect(first.body).toMatchObject({ status: 'revoked', revision: 2, revocationReason: 'issued_in_error' });
    const second = call('POST', `/v1/credentials/${c.id}/revoke`, { body: { reason: 'fraud' } });
    expect(second.status).toBe(409);
    expect(second.body.type).toBe('https://credkit.dev/problems/invalid-state');
    expect(eventsOf(call, 'type=credential.revoked').map((e) => e.data.revision)).toEqual([2]);
  });

  it('renews: the successor is issued and the old one superseded, with credential.renewed', async () => {
    const call = await setup();
    const { body: c } = call('POST', '/v1/credentials', { body: validCredential() });
    const renewed = call('POST', `/v1/credentials/${c.id}/renew`, { body: { expiresAt: '2030-01-01T00:00:00Z' } });
    expect(renewed.status).toBe(201);
    expect(renewed.body).toMatchObject({ status: 'issued', renewedFrom: c.id, revision: 1, expiresAt: '2030-01-01T00:00:00.000Z' });
    expect(call('GET', `/v1/credentials/${c.id}`).body).toMatchObject({ status: 'superseded', supersededBy: renewed.body.id, revision: 2 });
    expect(eventsOf(call).map((e) => e.type)).toEqual(['credential.issued', 'credential.issued', 'credential.renewed']);
  });

  it('claims only with the recipient email, and only once', async () => {
    const call = await setup();
    const { body: c } = call('POST', '/v1/credentials', { body: validCredential() });
    expect(call('POST', `/v1/credentials/${c.id}/claim`, { body: { email: 'someone.else@example.com' } }).status).toBe(409);
    const claimed = call('POST', `/v1/credentials/${c.id}/claim`, { body: { email: 'Priya.Sharma@example.com' } });
    expect(claimed.body).toMatchObject({ status: 'claimed', revision: 2 });
    expect(call('POST', `/v1/credentials/${c.id}/claim`, { body: { email: 'priya.sharma@example.com' } }).status).toBe(409);
  });

  it('verifies: valid while live, the reason once revoked, each verification a new revision', async () => {
    const call = await setup();
    const { body: c } = call('POST', '/v1/credentials', { body: validCredential() });
    expect(call('POST', `/v1/credentials/${c.id}/verify`, { body: { verifierName: 'Contoso Hiring' } }).body).toMatchObject({ object: 'verification', result: 'valid', credentialStatus: 'issued' });
    call('POST', `/v1/credentials/${c.id}/revoke`, { body: { reason: 'fraud' } });
    expect(call('POST', `/v1/credentials/${c.id}/verify`).body).toMatchObject({ result: 'revoked', verifierName: null });
    expect(call('GET', `/v1/credentials/${c.id}`).body).toMatchObject({ verificationCount: 2, revision: 4 });
  });

  it('expires when the mock clock passes expiresAt and records credential.expired at that instant', async () => {
    const call = await setup();
    const expiresAt = new Date(FROZEN_NOW + 3600_000).toISOString();
    const { body: c } = call('POST', '/v1/credentials', { body: { ...validCredential(), expiresAt } });
    advance(call, 3599);
    expect(call('GET', `/v1/credentials/${c.id}`).body.status).toBe('issued');
    advance(call, 2);
    expect(call('GET', `/v1/credentials/${c.id}`).body).toMatchObject({ status: 'expired', revision: 2 });
    expect(eventsOf(call, 'type=credential.expired')[0]).toMatchObject({ createdAt: expiresAt, data: { expiredAt: expiresAt, revision: 2 } });
  });

  it('moves the expiry when expiresAt is patched: the old instant passes without expiring it', async () => {
    const call = await setup();
    const { body: c } = call('POST', '/v1/credentials', { body: { ...validCredential(), expiresAt: new Date(FROZEN_NOW + 60_000).toISOString() } });
    call('PATCH', `/v1/credentials/${c.id}`, { body: { expiresAt: new Date(FROZEN_NOW + 600_000).toISOString() }, headers: { 'if-match': '"1"' } });
    advance(call, 120);
    expect(call('GET', `/v1/credentials/${c.id}`).body.status).toBe('issued');
    advance(call, 600);
    expect(call('GET', `/v1/credentials/${c.id}`).body.status).toBe('expired');
  });

  it('lists newest first with status and recipient filters and cursor pagination', async () => {
    const call = await setup();
    const ids = [1, 2, 3, 4, 5].map((i) => call('POST', '/v1/credentials', { body: { ...validCredential(), recipient: { name: `P ${i}`, email: `p${i % 2}@example.com` } } }).body.id);
    call('POST', `/v1/credentials/${ids[0]}/revoke`, { body: { reason: 'fraud' } });
    const page1 = call('GET', '/v1/credentials?limit=2');
    expect(page1.body.items.map((c: any) => c.id)).toEqual([ids[4], ids[3]]);
    const page2 = call('GET', `/v1/credentials?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((c: any) => c.id)).toEqual([ids[2], ids[1]]);
    const page3 = call('GET', `/v1/credentials?limit=2&cursor=${page2.body.nextCursor}`);
    expect(page3.body).toMatchObject({ items: [{ id: ids[0] }], nextCursor: null });
    expect(call('GET', '/v1/credentials?status=revoked').body.items.map((c: any) => c.id)).toEqual([ids[0]]);
    expect(call('GET', '/v1/credentials?recipientEmail=P1%40example.com').body.items).toHaveLength(3);
  });

  it('rejects a cursor it did not make with a pointer at /query/cursor', async () => {
    const call = await setup();
    const res = call('GET', '/v1/credentials?cursor=bm9wZQ');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ pointer: '/query/cursor', message: expect.any(String) }]);
  });
});

describe('request validation', () => {
  it('points at every invalid body field', async () => {
    const call = await setup();
    const res = call('POST', '/v1/credentials', { body: { ...validCredential(), kind: 'diploma', recipient: { name: 'X', email: 'not-an-email' } } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: any) => e.pointer).sort()).toEqual(['/body/kind', '/body/recipient/email']);
  });

  it('points at an unknown body field and a missing required one', async () => {
    const call = await setup();
    const { title: _t, ...noTitle } = validCredential();
    const res = call('POST', '/v1/credentials', { body: { ...noTitle, colour: 'blue' } });
    expect(res.body.errors.map((e: any) => e.pointer).sort()).toEqual(['/body/colour', '/body/title']);
  });

  it('points at an invalid query parameter and an invalid path id', async () => {
    const call = await setup();
    expect(call('GET', '/v1/credentials?limit=0').body.errors).toEqual([{ pointer: '/query/limit', message: expect.any(String) }]);
    expect(call('GET', '/v1/credentials?limit=101').status).toBe(400);
    expect(call('GET', '/v1/credentials/not-an-id').body.errors).toEqual([{ pointer: '/path/credentialId', message: expect.any(String) }]);
  });

  it('answers malformed JSON and a non-JSON content type with 400 problems', async () => {
    const call = await setup();
    expect(call('POST', '/v1/credentials', { raw: '{"kind": ' }).body).toMatchObject({ status: 400, type: 'https://credkit.dev/problems/invalid-json' });
    const res = call('POST', '/v1/credentials', { raw: 'kind=badge', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.body.errors).toEqual([{ pointer: '/header/content-type', message: 'must be application/json' }]);
  });

  it('answers 401 with WWW-Authenticate without a key or with a wrong one', async () => {
    const call = await setup();
    const none = call('GET', '/v1/events', { auth: false });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    const wrong = call('GET', '/v1/events', { auth: false, headers: { authorization: 'Bearer sk_test_wrong' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.detail).not.toContain('sk_test_wrong');
  });

  it('answers 404 problem for an unknown route and 405 with Allow for a wrong method', async () => {
    const call = await setup();
    expect(call('GET', '/v1/nothing-here').body).toMatchObject({ status: 404, type: 'https://credkit.dev/problems/not-found' });
    const res = call('DELETE', '/v1/credentials');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, POST');
  });

  it('answers 404 problem for a well-formed id that does not exist', async () => {
    const call = await setup();
    expect(call('GET', '/v1/credentials/crd_doesNotExist0000').status).toBe(404);
    expect(call('GET', '/v1/events/evt_doesNotExist0000').status).toBe(404);
  });
});

describe('idempotency', () => {
  it('replays the first answer for a repeated Idempotency-Key without issuing twice', async () => {
    const call = await setup();
    const headers = { 'idempotency-key': 'issue-7f3a' };
    const first = call('POST', '/v1/credentials', { body: validCredential(), headers });
    const again = call('POST', '/v1/credentials', { body: validCredential(), headers });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(call('GET', '/v1/credentials').body.items).toHaveLength(1);
  });

  it('rejects the same key with a different body with 422', async () => {
    const call = await setup();
    const headers = { 'idempotency-key': 'issue-7f3a' };
    call('POST', '/v1/credentials', { body: validCredential(), headers });
    const res = call('POST', '/v1/credentials', { body: { ...validCredential(), title: 'Another' }, headers });
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('https://credkit.dev/problems/idempotency-key-reused');
  });
});

describe('screening cases', () => {
  it('advance over mock time through checks to completed, then the report is ready', async () => {
    const call = await setup();
    const created = call('POST', '/v1/cases', { body: validCase() });
    expect(created.body).toMatchObject({ status: 'pending', revision: 1, reportReady: false });
    const id = created.body.id;
    expect(call('GET', `/v1/cases/${id}/report`).body).toMatchObject({ status: 409, type: 'https://credkit.dev/problems/report-not-ready' });
    advance(call, 6 * 3600);
    const done = call('GET', `/v1/cases/${id}`).body;
    expect(done).toMatchObject({ status: 'completed', reportReady: true });
    expect(['clear', 'consider']).toContain(done.result);
    const checks = call('GET', `/v1/cases/${id}/checks`).body.items;
    expect(checks.map((k: any) => k.type)).toEqual(validCase().checks);
    expect(checks.every((k: any) => ['completed', 'failed'].includes(k.status))).toBe(true);
    const report = call('GET', `/v1/cases/${id}/report`);
    expect(report.body).toMatchObject({ object: 'case_report', caseId: id, result: done.result });
    const types = eventsOf(call).map((e) => e.type);
    expect(types.slice(0, 2)).toEqual(['case.input_claims_generated', 'case.status_changed']);
    expect(types.filter((t) => t === 'check.status_changed').length).toBeGreaterThanOrEqual(6);
    expect(types.at(-1)).toBe('case.report_ready');
  });

  it('records case events whose revisions grow by one per change of the case', async () => {
    const call = await setup();
    const id = call('POST', '/v1/cases', { body: validCase() }).body.id;
    advance(call, 6 * 3600);
    const revisions = eventsOf(call).filter((e) => e.data.id === id).map((e) => e.data.revision);
    const final = call('GET', `/v1/cases/${id}`).body.revision;
    expect(revisions).toEqual(Array.from({ length: final - 1 }, (_, i) => i + 2));
  });
});

describe('bulk issuance and businesses', () => {
  it('a bulk job is queued, then issues each credential and ends with bulk_issuance.completed', async () => {
    const call = await setup();
    const dup = validCredential();
    const job = call('POST', '/v1/bulk-issuances', { body: { credentials: [validCredential(), { ...dup, recipient: { name: 'Omar Haddad', email: 'omar@example.net' } }, dup] } });
    expect(job.status).toBe(202);
    expect(job.body).toMatchObject({ status: 'queued', total: 3, succeeded: 0 });
    expect(job.body).not.toHaveProperty('items');
    advance(call, 60);
    expect(call('GET', `/v1/bulk-issuances/${job.body.id}`).body).toMatchObject({ status: 'completed_with_errors', succeeded: 2, failed: 1, revision: 3 });
    const events = eventsOf(call);
    expect(events.filter((e) => e.type === 'credential.issued').every((e) => e.data.bulkIssuanceId === job.body.id)).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'bulk_issuance.completed', data: { succeeded: 2, failed: 1 } });
  });

  it('a business advances from submitted to a decision with business.status_changed events', async () => {
    const call = await setup();
    const b = call('POST', '/v1/businesses', { body: validBusiness() }).body;
    expect(b).toMatchObject({ status: 'submitted', revision: 1 });
    advance(call, 3600);
    const final = call('GET', `/v1/businesses/${b.id}`).body;
    expect(['verified', 'rejected']).toContain(final.status);
    const statuses = eventsOf(call, 'type=business.status_changed').map((e) => e.data.status);
    expect(statuses[0]).toBe('in_review');
    expect(statuses.at(-1)).toBe(final.status);
  });
});

describe('event log', () => {
  it('filters by createdAfter and pages oldest first', async () => {
    const call = await setup();
    call('POST', '/v1/credentials', { body: validCredential() });
    advance(call, 10);
    call('POST', '/v1/credentials', { body: validCredential() });
    call('POST', '/v1/credentials', { body: validCredential() });
    const after = new Date(FROZEN_NOW + 5000).toISOString();
    const res = call('GET', `/v1/events?createdAfter=${encodeURIComponent(after)}&limit=1`);
    expect(res.body.items).toHaveLength(1);
    const next = call('GET', `/v1/events?createdAfter=${encodeURIComponent(after)}&limit=1&cursor=${res.body.nextCursor}`);
    expect(next.body.nextCursor).toBeNull();
    expect(Date.parse(next.body.items[0].createdAt)).toBeGreaterThanOrEqual(Date.parse(res.body.items[0].createdAt));
    expect(call('GET', `/v1/events/${res.body.items[0].id}`).body).toEqual(res.body.items[0]);
  });
});

describe('seeds, reset and restarts', () => {
  it('gives the same ids and data for the same seed, and different ones for another seed', async () => {
    const run = async (seed: number) => {
      const call = await setup({ seed });
      const c = call('POST', '/v1/cases', { body: validCase() }).body.id;
      advance(call, 6 * 3600);
      const out = JSON.stringify(eventsOf(call));
      await platform.stop();
      return { c, out };
    };
    const a = await run(11);
    const b = await run(11);
    const c = await run(12);
    expect(b).toEqual(a);
    expect(c.c).not.toBe(a.c);
  });

  it('reset empties objects and events', async () => {
    const call = await setup();
    call('POST', '/v1/credentials', { body: validCredential() });
    expect(call('POST', '/_mock/reset', { auth: false }).status).toBe(200);
    expect(eventsOf(call)).toEqual([]);
    expect(call('GET', '/v1/credentials').body.items).toEqual([]);
  });
});

describe('event payloads', () => {
  it('every event the simulation records validates against its webhook schema in the contract', async () => {
    const call = await setup();
    const { body: c } = call('POST', '/v1/credentials', { body: { ...validCredential(), expiresAt: new Date(FROZEN_NOW + 7200_000).toISOString() } });
    call('PATCH', `/v1/credentials/${c.id}`, { body: { description: 'Level 2' }, headers: { 'if-match': '"1"' } });
    call('POST', `/v1/credentials/${c.id}/claim`, { body: { email: c.recipient.email } });
    call('POST', `/v1/credentials/${c.id}/verify`, { body: { verifierName: 'Globex' } });
    const { body: r } = call('POST', '/v1/credentials', { body: validCredential() });
    call('POST', `/v1/credentials/${r.id}/renew`, {});
    const { body: v } = call('POST', '/v1/credentials', { body: validCredential() });
    call('POST', `/v1/credentials/${v.id}/revoke`, { body: { reason: 'other', note: 'test' } });
    call('POST', '/v1/bulk-issuances', { body: { credentials: [validCredential()] } });
    for (let i = 0; i < 4; i++) call('POST', '/v1/cases', { body: validCase() });
    for (let i = 0; i < 6; i++) call('POST', '/v1/businesses', { body: validBusiness() });
    advance(call, 24 * 3600);
    const events: any[] = [];
    for (let cursor: string | null = ''; cursor !== null; ) {
      const page: any = call('GET', `/v1/events?limit=100${cursor ? `&cursor=${cursor}` : ''}`).body;
      events.push(...page.items);
      cursor = page.nextCursor;
    }
    const types = new Set(events.map((e) => e.type));
    for (const t of ['credential.issued', 'credential.updated', 'credential.claimed', 'credential.verified', 'credential.revoked', 'credential.expired', 'credential.renewed', 'bulk_issuance.completed', 'case.status_changed', 'check.status_changed', 'case.report_ready', 'case.input_claims_generated', 'business.status_changed']) {
      expect(types, t).toContain(t);
    }
    for (const e of events) expect(validateWebhookEvent(e), `${e.type} ${JSON.stringify(e)}`).toEqual({ ok: true });
    // Per object, revisions strictly increase along the log.
    const last = new Map<string, number>();
    for (const e of events) {
      expect(e.data.revision, `${e.type} of ${e.data.id}`).toBeGreaterThan(last.get(e.data.id) ?? 0);
      last.set(e.data.id, e.data.revision);
    }
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After beyond the configured rate, and recovers as real time passes', async () => {
    let realNow = FROZEN_NOW;
    const call = await setup({ rateLimit: 2, now: () => realNow });
    expect(call('GET', '/v1/events').status).toBe(200);
    expect(call('GET', '/v1/events').status).toBe(200);
    const limited = call('GET', '/v1/events');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.body.type).toBe('https://credkit.dev/problems/rate-limited');
    // The mock controls are never limited.
    expect(call('GET', '/_mock/clock', { auth: false }).status).toBe(200);
    realNow += 500;
    expect(call('GET', '/v1/events').status).toBe(200);
  });
});

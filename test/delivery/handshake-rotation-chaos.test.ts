// Handshakes (certn), secret rotation and chaos (duplicates, reordering), through the API.
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { credentialInput, eventIds, startPlatform, startReceiver, waitFor, type ReceivedRequest, type Receiver, type TestPlatform } from './helpers.js';

let receiver: Receiver | undefined;
let t: TestPlatform | undefined;
afterEach(async () => {
  await t?.stop();
  await receiver?.close();
  t = undefined;
  receiver = undefined;
});

/** A correct certn handshake answer; tests break one part of it. */
const echo = (r: ReceivedRequest) => ({
  status: 200,
  headers: { 'content-type': 'text/plain', 'x-content-type-options': 'nosniff' },
  body: new URL(r.url, 'http://x').searchParams.get('challenge') ?? '',
});

describe('the certn handshake', () => {
  it('sends no event before the challenge is echoed, and shows why verification failed', async () => {
    let correct = false;
    receiver = await startReceiver((r) => (r.method === 'GET' ? (correct ? echo(r) : { ...echo(r), body: 'not-the-challenge' }) : { status: 200 }));
    t = await startPlatform({ chaos: 'off' });
    const created = t.call('POST', '/v1/webhook-endpoints', { url: receiver.url, profile: 'certn' });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('pending_verification');
    const id = created.body.id;
    t.call('POST', '/v1/credentials', credentialInput());
    const failed = await waitFor(() => {
      const e = t!.call('GET', `/v1/webhook-endpoints/${id}`).body;
      return e.status === 'verification_failed' && e;
    });
    expect(failed.disabledReason).toMatch(/not the challenge/);
    expect(t.lines.some((l) => l.startsWith('<-> handshake failed') && l.includes('not the challenge'))).toBe(true);
    expect(receiver.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    const [pending] = t.call('GET', `/v1/webhook-endpoints/${id}/deliveries`).body.items;
    expect(pending.status).toBe('pending');

    correct = true;
    const patched = t.call('PATCH', `/v1/webhook-endpoints/${id}`, { status: 'active' }, { 'if-match': `"${failed.revision}"` });
    expect(patched.body.status).toBe('pending_verification');
    await waitFor(() => receiver!.requests.some((r) => r.method === 'POST'));
    const firstPost = receiver.requests.findIndex((r) => r.method === 'POST');
    const lastGet = receiver.requests.map((r) => r.method).lastIndexOf('GET');
    expect(lastGet).toBeLessThan(firstPost);
    const post = receiver.requests[firstPost]!;
    expect(JSON.parse(post.body)).toMatchObject({ event_type: 'CREDENTIAL_ISSUED', object_type: 'CREDENTIAL' });
    expect(post.headers['x-signature']).toBe(createHmac('sha256', created.body.secret).update(post.body).digest('hex'));
  });

  it('fails verification when nosniff is missing', async () => {
    receiver = await startReceiver((r) => ({ ...echo(r), headers: { 'content-type': 'text/plain' } }));
    t = await startPlatform({ chaos: 'off' });
    const { id } = t.call('POST', '/v1/webhook-endpoints', { url: receiver.url, profile: 'certn' }).body;
    const e = await waitFor(() => {
      const body = t!.call('GET', `/v1/webhook-endpoints/${id}`).body;
      return body.status !== 'pending_verification' && body;
    });
    expect(e.status).toBe('verification_failed');
    // One wording with the conformance suite since both use webhooks/handshake.ts.
    expect(e.disabledReason).toMatch(/without X-Content-Type-Options: nosniff/);
  });
});

describe('secret rotation', () => {
  it('signs with both secrets during the overlap on the standard profile', async () => {
    receiver = await startReceiver();
    t = await startPlatform({ chaos: 'off' });
    const created = t.call('POST', '/v1/webhook-endpoints', { url: receiver.url, enabledEvents: ['credential.issued'] }).body;
    const rotated = t.call('POST', `/v1/webhook-endpoints/${created.id}/rotate-secret`, { overlapSeconds: 3600 });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(created.secret);
    expect(rotated.body.secretRotatingUntil).not.toBeNull();
    t.call('POST', '/v1/credentials', credentialInput());
    await waitFor(() => receiver!.requests.length === 1);
    const r = receiver.requests[0]!;
    expect((r.headers['webhook-signature'] as string).split(' ')).toHaveLength(2);
    for (const secret of [created.secret, rotated.body.secret]) expect(() => new Webhook(secret).verify(r.body, r.headers as Record<string, string>)).not.toThrow();
  });

  it('switches to the new secret at once on a hex profile', async () => {
    receiver = await startReceiver();
    t = await startPlatform({ chaos: 'off' });
    const created = t.call('POST', '/v1/webhook-endpoints', { url: receiver.url, profile: 'compliancely' }).body;
    const rotated = t.call('POST', `/v1/webhook-endpoints/${created.id}/rotate-secret`, {}).body;
    expect(rotated.secretRotatingUntil).toBeNull();
    t.call('POST', '/v1/credentials', credentialInput());
    await waitFor(() => receiver!.requests.length === 1);
    const r = receiver.requests[0]!;
    expect(r.headers['compliancely-signature']).toBe(createHmac('sha256', rotated.secret).update(r.body).digest('hex'));
  });
});

describe('chaos', () => {
  it('delivers duplicates with the same event id, as exact copies and as re-signed retries', async () => {
    receiver = await startReceiver();
    t = await startPlatform({ duplicateRate: 1, reorderWindow: 0 });
    const secret = t.call('POST', '/v1/webhook-endpoints', { url: receiver.url }).body.secret;
    for (let i = 1; i <= 8; i++) t.call('POST', '/v1/credentials', credentialInput(i));
    const ids = eventIds(t);
    await waitFor(() => t!.lines.filter((l) => l.startsWith('<-- ')).length >= ids.length * 2);
    const wh = new Webhook(secret);
    let exact = 0;
    let resigned = 0;
    for (const id of ids) {
      const copies = receiver.requests.filter((r) => r.headers['webhook-id'] === id);
      expect(copies).toHaveLength(2);
      const [a, b] = copies as [ReceivedRequest, ReceivedRequest];
      expect(a.body).toBe(b.body);
      for (const c of copies) wh.verify(c.body, c.headers as Record<string, string>);
      if (a.headers['webhook-signature'] === b.headers['webhook-signature'] && a.headers['webhook-timestamp'] === b.headers['webhook-timestamp']) exact++;
      else resigned++;
    }
    expect(exact).toBeGreaterThan(0);
    expect(t.lines.some((l) => l.includes('(duplicate, exact)'))).toBe(true);
    expect(t.lines.filter((l) => l.includes('(duplicate, ')).length).toBe(ids.length);
    expect(exact + resigned).toBe(ids.length);
  });

  it('reorders events of the same object within the window, and the receiver can sort them by revision', async () => {
    receiver = await startReceiver();
    t = await startPlatform({ duplicateRate: 0, reorderWindow: 30 }, { seed: 3 });
    t.call('POST', '/v1/webhook-endpoints', { url: receiver.url });
    const ids: string[] = [];
    for (let i = 1; i <= 10; i++) {
      const c = t.call('POST', '/v1/credentials', credentialInput(i)).body;
      ids.push(c.id);
      t.call('PATCH', `/v1/credentials/${c.id}`, { title: 'Renamed' }, { 'if-match': '"1"' });
      t.call('POST', `/v1/credentials/${c.id}/revoke`, { reason: 'fraud' });
    }
    await waitFor(() => receiver!.requests.length >= 30);
    let inverted = 0;
    for (const id of ids) {
      const revisions = receiver.requests.map((r) => JSON.parse(r.body)).filter((e) => e.data.id === id).map((e) => e.data.revision);
      expect([...revisions].sort()).toEqual([1, 2, 3]);
      if (revisions.join() !== '1,2,3') inverted++;
    }
    expect(inverted).toBeGreaterThan(0);
  });
});

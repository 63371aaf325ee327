// The delivery engine end to end, in process: a platform in compressed time (or, where a test
// checks a schedule, on a frozen real clock that only the test moves), a real receiver on a
// loopback port, every delivery verified by an independent library.
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { profiles } from '../../generated/profiles.js';
import { credentialInput, eventIds, startPlatform, startReceiver, waitFor, type Receiver, type TestPlatform } from './helpers.js';

let receiver: Receiver | undefined;
let t: TestPlatform | undefined;
afterEach(async () => {
  await t?.stop();
  await receiver?.close();
  t = undefined;
  receiver = undefined;
});

const secretOf = (t: TestPlatform) => {
  const line = t.lines.find((l) => l.includes('Signing secret: '));
  return line?.split('Signing secret: ')[1] as string;
};

describe('forwarding with the standard profile', () => {
  it('signs every delivery so that the standardwebhooks library verifies it, duplicates included', async () => {
    receiver = await startReceiver();
    t = await startPlatform({ forwardTo: receiver.url, duplicateRate: 0.5, reorderWindow: 1 });
    const wh = new Webhook(secretOf(t));
    for (let i = 1; i <= 6; i++) {
      const c = t.call('POST', '/v1/credentials', credentialInput(i));
      expect(c.status).toBe(201);
      if (i % 2 === 0) expect(t.call('POST', `/v1/credentials/${c.body.id}/revoke`, { reason: 'fraud' }).status).toBe(200);
    }
    const ids = eventIds(t);
    expect(ids).toHaveLength(9);
    await waitFor(() => ids.every((id) => receiver!.requests.some((r) => r.headers['webhook-id'] === id)), { what: 'every event delivered' });
    for (const r of receiver.requests) {
      const verified = wh.verify(r.body, r.headers as Record<string, string>) as { id: string };
      expect(verified.id).toBe(r.headers['webhook-id']);
    }
    // duplicateRate 0.5 over 9 events: some event came twice, with the same id.
    expect(receiver.requests.length).toBeGreaterThan(ids.length);
  });

  it('delivers in order, once each, with chaos off', async () => {
    receiver = await startReceiver();
    t = await startPlatform({ forwardTo: receiver.url, chaos: 'off' });
    for (let i = 1; i <= 5; i++) {
      const c = t.call('POST', '/v1/credentials', credentialInput(i));
      t.call('POST', `/v1/credentials/${c.body.id}/revoke`, { reason: 'fraud' });
    }
    const ids = eventIds(t);
    await waitFor(() => t!.lines.filter((l) => l.startsWith('<-- ')).length >= ids.length);
    expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual(ids);
    expect(t.lines.filter((l) => l.startsWith('--> '))).toHaveLength(ids.length);
    expect(t.lines.find((l) => l.startsWith('<-- [200] POST '))).toMatch(/^<-- \[200\] POST http:\/\/127\.0\.0\.1:\d+\/webhooks \[evt_\w+\] \d+ ms \(attempt 1\)$/);
  });
});

describe('retries', () => {
  it('retries a receiver that answers 500 twice per event id on the profile schedule, then it gets every event', async () => {
    const seen = new Map<string, number>();
    receiver = await startReceiver((r) => {
      const id = r.headers['webhook-id'] as string;
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      return n <= 2 ? { status: 500, body: 'boom' } : { status: 200 };
    });
    // Real time stands still: mock time moves only when the test moves it, so every gap is exact.
    t = await startPlatform({ forwardTo: receiver.url, chaos: 'off' }, { frozen: true });
    for (let i = 1; i <= 3; i++) t.call('POST', '/v1/credentials', credentialInput(i));
    const ids = eventIds(t);
    const endpointId = t.call('GET', '/v1/webhook-endpoints').body.items[0].id;
    type Delivery = { eventId: string; status: string; nextAttemptAt: string | null; attempts: { startedAt: string; statusCode: number; error: string; responseExcerpt: string }[] };
    const deliveries = () => t!.call<{ items: Delivery[] }>('GET', `/v1/webhook-endpoints/${endpointId}/deliveries`).body.items;
    const mockNow = () => Date.parse(t!.call('GET', '/_mock/clock').body.now);
    const advanceTo = (ms: number) => t!.call('POST', '/_mock/clock/advance', { seconds: Math.max(0, ms - mockNow()) / 1000 });
    const schedule = profiles.standard.retry.scheduleInSeconds.map((s) => s * 1000);
    const jitter = profiles.standard.retry.jitterRatio;

    for (const step of [0, 1]) {
      // Attempt step+1 failed and its retry is on the books: due one schedule step later, give or take the jitter.
      const waiting = await waitFor(() => {
        const list = deliveries();
        return list.length === 3 && list.every((d) => d.attempts.length === step + 1 && d.nextAttemptAt !== null) && list;
      }, { what: () => `attempt ${step + 1} of every event, with its retry scheduled (seen: ${JSON.stringify([...seen.values()])})` });
      for (const d of waiting) {
        const delay = Date.parse(d.nextAttemptAt!) - Date.parse(d.attempts[step]!.startedAt);
        expect(delay).toBeGreaterThanOrEqual(schedule[step]! * (1 - jitter));
        expect(delay).toBeLessThanOrEqual(schedule[step]! * (1 + jitter));
      }
      const dues = waiting.map((d) => Date.parse(d.nextAttemptAt!));
      // A moment before the earliest is due, nothing is sent; once the latest is due, every retry is.
      advanceTo(Math.min(...dues) - 1);
      await new Promise((r) => setTimeout(r, 50));
      expect(ids.map((id) => seen.get(id))).toEqual(ids.map(() => step + 1));
      advanceTo(Math.max(...dues));
      await waitFor(() => ids.every((id) => (seen.get(id) ?? 0) >= step + 2), { what: () => `attempt ${step + 2} of every event (seen: ${JSON.stringify([...seen.values()])})` });
    }

    const list = await waitFor(() => {
      const items = t!.call('GET', `/v1/webhook-endpoints/${endpointId}/deliveries?status=succeeded`).body.items;
      return items.length === 3 && items;
    });
    for (const d of list) {
      expect(d.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 200]);
      expect(d.attempts[0].error).toBe('http_500');
      expect(d.attempts[0].responseExcerpt).toBe('boom');
      expect(d.nextAttemptAt).toBeNull();
    }
  });

  it('honours Retry-After on a 503', async () => {
    let n = 0;
    receiver = await startReceiver(() => (++n === 1 ? { status: 503, headers: { 'retry-after': '1200' } } : { status: 200 }));
    t = await startPlatform({ forwardTo: receiver.url, chaos: 'off' }, { frozen: true });
    t.call('POST', '/v1/credentials', credentialInput());
    const endpointId = t.call('GET', '/v1/webhook-endpoints').body.items[0].id;
    const deliveries = () => t!.call('GET', `/v1/webhook-endpoints/${endpointId}/deliveries`).body.items;
    const waiting = await waitFor(() => deliveries().find((d: { attempts: unknown[]; nextAttemptAt: string | null }) => d.attempts.length === 1 && d.nextAttemptAt !== null));
    // Retry-After 1200 replaces the schedule's 5 s step: exactly 1,200 mock seconds.
    expect(Date.parse(waiting.nextAttemptAt) - Date.parse(waiting.attempts[0].startedAt)).toBe(1_200_000);
    t.call('POST', '/_mock/clock/advance', { seconds: 1_199 });
    await new Promise((r) => setTimeout(r, 50));
    expect(n).toBe(1);
    t.call('POST', '/_mock/clock/advance', { seconds: 1 });
    const d = await waitFor(() => t!.call('GET', `/v1/webhook-endpoints/${endpointId}/deliveries?status=succeeded`).body.items[0]);
    expect(Date.parse(d.attempts[1].startedAt) - Date.parse(d.attempts[0].startedAt)).toBe(1_200_000);
  });

  it('disables the endpoint at once on 410 and fails what was queued', async () => {
    receiver = await startReceiver(() => ({ status: 410, body: 'gone' }));
    t = await startPlatform({ forwardTo: receiver.url, chaos: 'off' });
    t.call('POST', '/v1/credentials', credentialInput());
    const endpointId = t.call('GET', '/v1/webhook-endpoints').body.items[0].id;
    const e = await waitFor(() => {
      const body = t!.call('GET', `/v1/webhook-endpoints/${endpointId}`).body;
      return body.status === 'disabled' && body;
    });
    expect(e.disabledReason).toMatch(/410/);
    expect(t.lines.some((l) => l.includes(`endpoint ${endpointId}`) && l.includes('disabled'))).toBe(true);
    t.call('POST', '/v1/credentials', credentialInput(2));
    await new Promise((r) => setTimeout(r, 50));
    expect(receiver.requests).toHaveLength(1);
  });

  it('records a redirect as a failure and never follows it', async () => {
    receiver = await startReceiver((r) => (r.url.startsWith('/elsewhere') ? { status: 200 } : { status: 302, headers: { location: '/elsewhere' } }));
    t = await startPlatform({ forwardTo: receiver.url, chaos: 'off' });
    t.call('POST', '/v1/credentials', credentialInput());
    const endpointId = t.call('GET', '/v1/webhook-endpoints').body.items[0].id;
    const d = await waitFor(() => t!.call('GET', `/v1/webhook-endpoints/${endpointId}/deliveries`).body.items.find((x: { attempts: unknown[] }) => x.attempts.length >= 2));
    expect(d.attempts[0]).toMatchObject({ statusCode: 302, error: 'redirect_not_followed' });
    expect(receiver.requests.some((r) => r.url.startsWith('/elsewhere'))).toBe(false);
  });

  it('fails an attempt whose answer does not come within the response budget (real time)', async () => {
    let n = 0;
    receiver = await startReceiver(() => (++n === 1 ? 'hang' : { status: 200 }));
    t = await startPlatform({ forwardTo: receiver.url, chaos: 'off', responseBudgetMs: 300 });
    t.call('POST', '/v1/credentials', credentialInput());
    const endpointId = t.call('GET', '/v1/webhook-endpoints').body.items[0].id;
    const d = await waitFor(() => t!.call('GET', `/v1/webhook-endpoints/${endpointId}/deliveries?status=succeeded`).body.items[0]);
    expect(d.attempts[0]).toMatchObject({ statusCode: null, error: 'timeout' });
    expect(d.attempts[0].latencyMs).toBeGreaterThanOrEqual(290);
    expect(d.attempts[1]).toMatchObject({ statusCode: 200, error: null });
  });

  it('keeps at most 1 KB of the answer', async () => {
    receiver = await startReceiver(() => ({ status: 500, body: 'é'.repeat(5000) }));
    t = await startPlatform({ forwardTo: receiver.url, chaos: 'off' });
    t.call('POST', '/v1/credentials', credentialInput());
    const endpointId = t.call('GET', '/v1/webhook-endpoints').body.items[0].id;
    const d = await waitFor(() => t!.call('GET', `/v1/webhook-endpoints/${endpointId}/deliveries`).body.items[0]?.attempts[0]);
    expect(Buffer.byteLength(d.responseExcerpt)).toBeLessThanOrEqual(1024);
    expect(d.responseExcerpt).toMatch(/^é+$/);
  });

  it('disables an endpoint after sustained failure by the documented rule', async () => {
    receiver = await startReceiver(() => ({ status: 500 }));
    t = await startPlatform({ forwardTo: receiver.url, chaos: 'off', disableRule: { consecutiveFailures: 4, failingForMs: 60_000 } });
    for (let i = 1; i <= 3; i++) t.call('POST', '/v1/credentials', credentialInput(i));
    const endpointId = t.call('GET', '/v1/webhook-endpoints').body.items[0].id;
    const e = await waitFor(() => {
      const body = t!.call('GET', `/v1/webhook-endpoints/${endpointId}`).body;
      return body.status === 'disabled' && body;
    });
    expect(e.disabledReason).toMatch(/sustained failure/);
    // Attempts already on the wire when it tripped settle too; then nothing is queued any more.
    const items = await waitFor(() => {
      const list = t!.call('GET', `/v1/webhook-endpoints/${endpointId}/deliveries`).body.items;
      return list.every((d: { nextAttemptAt: unknown }) => d.nextAttemptAt === null) && list;
    });
    expect(items.filter((d: { status: string }) => d.status === 'failed').length).toBeGreaterThan(0);
    expect(items.some((d: { status: string }) => d.status === 'succeeded')).toBe(false);
  });
});

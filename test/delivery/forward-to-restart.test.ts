// Issue 15, item 5: restarting `credkit mock --forward-to` with another URL (a typo), then with the
// original again, used to mark every queued delivery of the original target failed without a word.
// Now the earlier target is paused: its deliveries stay queued, each start says how many wait for
// which URL, and they go out when that URL is forwarded to again. Same SQLite file across the three
// runs, as the CLI restarts it; real receivers; mock time moves only when the test moves it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeliveryPlugin } from '../../mock-server/delivery/index.js';
import { createMockPlatform, type MockPlatform } from '../../mock-server/platform.js';
import { FROZEN_NOW, manualTimers } from '../mock-server/helpers.js';
import { credentialInput, startReceiver, waitFor, type Receiver } from './helpers.js';

interface Run {
  platform: MockPlatform;
  warnings: string[];
  infos: string[];
  call(method: string, path: string, body?: unknown): { status: number; body: any };
}

let dir: string;
let run: Run | undefined;
const receivers: Receiver[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'credkit-forward-'));
});
afterEach(async () => {
  await run?.platform.stop();
  run = undefined;
  for (const r of receivers.splice(0)) await r.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One `credkit mock --db <file> --forward-to <url> --chaos off` run, on a frozen real clock. */
async function startRun(forwardTo: string): Promise<Run> {
  const warnings: string[] = [];
  const infos: string[] = [];
  const logger = { info: (l: string) => infos.push(l), warn: (l: string) => warnings.push(l), error: (l: string) => warnings.push(`error: ${l}`) };
  const plugin = createDeliveryPlugin({ forwardTo, chaos: 'off', write: () => {} });
  const platform = createMockPlatform({ db: join(dir, 'mock.sqlite'), now: () => FROZEN_NOW, timers: manualTimers, timeScale: 0.001, logger, plugins: [plugin] });
  await platform.start();
  const call = (method: string, path: string, body?: unknown) => {
    const [p, q] = path.split('?');
    const res = platform.handle({ method, path: p!, query: q ?? '', headers: { authorization: 'Bearer sk_test_credkit', 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: res.body === undefined ? undefined : JSON.parse(res.body) };
  };
  return { platform, warnings, infos, call };
}

const endpointFor = (r: Run, url: string) => r.call('GET', '/v1/webhook-endpoints').body.items.find((e: { url: string }) => e.url === url);
const deliveriesOf = (r: Run, endpointId: string) => r.call('GET', `/v1/webhook-endpoints/${endpointId}/deliveries`).body.items as { eventId: string; status: string; attempts: unknown[] }[];

describe('--forward-to another URL, then the original again', () => {
  it('keeps the original target’s queued deliveries, says they wait, and sends them when it comes back', async () => {
    let receiverUp = false;
    const real = await startReceiver(() => (receiverUp ? { status: 200 } : { status: 503, body: 'deploying' }));
    const typo = await startReceiver();
    receivers.push(real, typo);

    // Run 1: the real receiver is down; three deliveries fail once and wait for their retry.
    run = await startRun(real.url);
    for (let i = 1; i <= 3; i++) expect(run.call('POST', '/v1/credentials', credentialInput(i)).status).toBe(201);
    const realId = endpointFor(run, real.url).id as string;
    await waitFor(() => deliveriesOf(run!, realId).every((d) => d.attempts.length === 1 && d.status === 'retrying') && real.requests.length === 3, { what: 'one failed attempt per event' });
    const eventIds = deliveriesOf(run, realId).map((d) => d.eventId).sort();
    await run.platform.stop();

    // Run 2: a typo in --forward-to. Nothing of the real target's queue goes there, nothing is failed, and the start says so.
    run = await startRun(typo.url);
    expect(run.warnings).toEqual([
      `3 deliveries queued for ${real.url} (endpoint ${realId}) wait until you forward to it again (credkit mock --forward-to ${real.url}); they are not sent to ${typo.url}. To give up on them: DELETE /v1/webhook-endpoints/${realId} (marks them failed)`,
    ]);
    expect(endpointFor(run, real.url)).toMatchObject({ status: 'disabled', disabledReason: expect.stringContaining(`wait until --forward-to ${real.url} again`) });
    expect(deliveriesOf(run, realId).map((d) => d.status)).toEqual(['retrying', 'retrying', 'retrying']);
    run.call('POST', '/_mock/clock/advance', { seconds: 60 });
    await new Promise((r) => setTimeout(r, 50));
    expect(typo.requests).toHaveLength(0);
    expect(real.requests).toHaveLength(3);
    await run.platform.stop();

    // Run 3: the original URL again, and the receiver is up: every waiting delivery goes out, with its own event id.
    receiverUp = true;
    run = await startRun(real.url);
    expect(run.infos).toContain(`resuming 3 queued deliveries to ${real.url} (endpoint ${realId}) that waited while another --forward-to ran`);
    expect(run.warnings).toEqual([]);
    run.call('POST', '/_mock/clock/advance', { seconds: 60 });
    const done = await waitFor(() => {
      const list = deliveriesOf(run!, realId);
      return list.every((d) => d.status === 'succeeded') && list;
    }, { what: () => `the waiting deliveries to succeed (${JSON.stringify(deliveriesOf(run!, realId).map((d) => d.status))})` });
    expect(done.map((d) => d.eventId).sort()).toEqual(eventIds);
    expect(real.requests.slice(3).map((r) => r.headers['webhook-id']).sort()).toEqual(eventIds);
  });

  it('says nothing about an earlier target whose queue is empty', async () => {
    const first = await startReceiver();
    const second = await startReceiver();
    receivers.push(first, second);
    run = await startRun(first.url);
    run.call('POST', '/v1/credentials', credentialInput());
    await waitFor(() => first.requests.length === 1 && deliveriesOf(run!, endpointFor(run!, first.url).id)[0]?.status === 'succeeded');
    await run.platform.stop();
    run = await startRun(second.url);
    expect(run.warnings).toEqual([]);
  });
});

// Issue 15, item 7b: a retry that was due was never sent. The sender asked "what is due at T?"
// (nothing: the retry was due a few mock seconds later), then read the clock again to arm its
// wake-up for "the next delivery after now"; when the process paused between the two reads long
// enough for the retry to fall due (5 real ms at --time-scale 0.001 on a loaded machine), the retry
// was in neither answer and no timer was armed. Here the real clock is the test's: after attempt 1
// is reported, the process "pauses" right after its k-th clock read, for every k, so the bad
// ordering is forced instead of waited for. (scripts/stress-retry.mjs runs the real thing under load.)
import { afterEach, describe, expect, it } from 'vitest';
import { createDeliveryPlugin } from '../../mock-server/delivery/index.js';
import { createMockPlatform, type MockPlatform } from '../../mock-server/platform.js';
import { FROZEN_NOW } from '../mock-server/helpers.js';
import { credentialInput, startReceiver, waitFor, type Receiver } from './helpers.js';

/** The pause: 30 mock seconds at --time-scale 0.001, past the first retry (5 s ± 10 %), short of the second (5 min). */
const PAUSE_REAL_MS = 30;
const realTimers = { setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout) };

let receiver: Receiver | undefined;
let platform: MockPlatform | undefined;
afterEach(async () => {
  await platform?.stop();
  await receiver?.close();
  platform = undefined;
  receiver = undefined;
});

/** Attempt 1 fails; the process pauses right after its k-th clock read from then on. Resolves once attempt 2 came. */
async function retryAfterPauseAt(k: number): Promise<void> {
  let n = 0;
  receiver = await startReceiver(() => (++n <= 1 ? { status: 500, body: 'boom' } : { status: 200 }));
  let realMs = FROZEN_NOW;
  let readsUntilPause: number | undefined;
  let paused = false;
  const now = () => {
    const value = realMs;
    if (readsUntilPause !== undefined && --readsUntilPause === 0) {
      readsUntilPause = undefined;
      paused = true;
      realMs += PAUSE_REAL_MS; // every later read sees the pause
    }
    return value;
  };
  const write = (line: string) => {
    const r = JSON.parse(line) as { kind: string; attempt?: number; outcome?: string };
    if (r.kind === 'attempt' && r.attempt === 1 && r.outcome === 'retrying') readsUntilPause = k;
  };
  const plugin = createDeliveryPlugin({ forwardTo: receiver.url, chaos: 'off', format: 'json', write });
  platform = createMockPlatform({ db: ':memory:', timeScale: 0.001, now, timers: realTimers, plugins: [plugin] });
  await platform.start();
  const issued = platform.handle({ method: 'POST', path: '/v1/credentials', headers: { authorization: 'Bearer sk_test_credkit', 'content-type': 'application/json' }, body: JSON.stringify(credentialInput()) });
  expect(issued.status).toBe(201);
  await waitFor(() => readsUntilPause !== undefined || paused, { what: 'attempt 1 to fail and be reported' });
  // Fewer than k reads before the engine went idle: the pause comes while it sleeps instead.
  await new Promise((r) => setTimeout(r, 30));
  if (!paused) {
    readsUntilPause = undefined;
    realMs += PAUSE_REAL_MS;
  }
  await waitFor(() => receiver!.requests.length >= 2, { timeoutMs: 5_000, what: `attempt 2 after a pause at clock read ${k} (deliveries still queued: ${plugin.engine?.deliveries.queued()})` });
}

describe('a retry that falls due while the sender is between two clock reads', () => {
  for (const k of [1, 2, 3, 4, 5, 6]) {
    it(`is sent when the process pauses right after clock read ${k} following the failed attempt`, async () => {
      await retryAfterPauseAt(k);
      expect(receiver!.requests).toHaveLength(2);
    });
  }
});

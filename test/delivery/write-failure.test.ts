// Issue 15, item 13, on the sending side: the receiver accepted a delivery, then the database could
// not record the attempt (a full disk, a file turned read-only). The write rolled back, so the
// delivery is still due: the engine says so in one line, pauses instead of resending at full speed,
// and once writes work again sends it once more and records it. At least once, never lost.
// `PRAGMA query_only` makes SQLite refuse every write with SQLITE_READONLY, a real driver error on
// the same path a full disk takes (the 503 for a full disk is in test/mock-server/store-errors.test.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createDeliveryPlugin } from '../../mock-server/delivery/index.js';
import type { HttpExchange, HttpOutcome, HttpSender } from '../../mock-server/delivery/http-sender.js';
import { createMockPlatform, type MockPlatform } from '../../mock-server/platform.js';
import { credentialInput, waitFor } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'credkit-write-failure-'));
let platform: MockPlatform | undefined;
afterEach(async () => {
  await platform?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A sender whose answers the test releases one by one. */
function heldSender() {
  const sent: { exchange: HttpExchange; answer: (o: HttpOutcome) => void }[] = [];
  const sender: HttpSender = {
    send: (exchange) => new Promise((answer) => sent.push({ exchange, answer })),
    close() {},
  };
  const ok: HttpOutcome = { statusCode: 200, latencyMs: 1, error: null, excerpt: 'ok', headers: {}, body: 'ok' };
  return { sender, sent, ok };
}

it('keeps a delivery whose attempt could not be recorded, pauses, and sends it again once writes work', async () => {
  const { sender, sent, ok } = heldSender();
  const errors: string[] = [];
  const plugin = createDeliveryPlugin({ forwardTo: 'http://127.0.0.1:9/webhooks', chaos: 'off', format: 'json', write() {}, sender });
  platform = createMockPlatform({ db: join(dir, 'mock.sqlite'), plugins: [plugin], logger: { info() {}, warn() {}, error: (line) => errors.push(line) } });
  await platform.start();
  const issued = platform.handle({ method: 'POST', path: '/v1/credentials', headers: { authorization: 'Bearer sk_test_credkit', 'content-type': 'application/json' }, body: JSON.stringify(credentialInput()) });
  expect(issued.status).toBe(201);
  await waitFor(() => sent.length === 1, { what: 'the first send' });

  // The database stops taking writes while the receiver answers: recording the 200 fails.
  const db = platform.store.db;
  db.exec('PRAGMA query_only = ON');
  sent[0]!.answer(ok);
  await waitFor(() => errors.length > 0, { what: 'the write failure to be reported' });
  expect(errors[0]).toMatch(/^delivery engine: could not record an attempt: .*mock\.sqlite cannot be opened for writing: SQLite says .*\(check that the file .*\); those deliveries stay queued, sending again in 1 s$/);
  expect(plugin.engine!.deliveries.queued()).toBe(1); // still due, not dropped, not marked sent
  expect(plugin.engine!.stats().succeeded).toBe(0);

  // Room again: after the pause the same delivery goes out once more and is recorded.
  db.exec('PRAGMA query_only = OFF');
  await waitFor(() => sent.length === 2, { timeoutMs: 5_000, what: 'the resend after the pause' });
  expect(JSON.parse(sent[1]!.exchange.body!).id).toBe(JSON.parse(sent[0]!.exchange.body!).id);
  sent[1]!.answer(ok);
  await waitFor(() => plugin.engine!.stats().succeeded === 1, { what: 'the resend to be recorded' });
  expect(plugin.engine!.deliveries.queued()).toBe(0);
  expect(sent).toHaveLength(2); // one pause, no resending storm while writes failed
});

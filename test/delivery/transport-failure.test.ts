// One failure vocabulary for the delivery engine and the conformance suite (webhooks/transport-failure.ts):
// the same dead receiver gets the same code from both (they used to say `dns_not_found` and `dns`).
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../conformance/http.js';
import { createHttpSender } from '../../mock-server/delivery/http-sender.js';
import { transportFailureOf, transportFailures } from '../../webhooks/transport-failure.js';

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

/** A TCP server that answers every request with bytes that are not HTTP. */
let garbage: ReturnType<typeof createServer>;
let garbageUrl: string;
beforeAll(async () => {
  garbage = createServer((socket) => socket.on('data', () => socket.end('NOT HTTP AT ALL\r\n\r\n')));
  await new Promise<void>((r) => garbage.listen(0, '127.0.0.1', r));
  garbageUrl = `http://127.0.0.1:${(garbage.address() as { port: number }).port}/hooks`;
});
afterAll(() => new Promise<void>((r) => garbage.close(() => r())));

async function bothSay(url: string): Promise<[string | null, string | undefined]> {
  const sender = createHttpSender();
  const client = createHttpClient({ timeoutMs: 3_000 });
  try {
    const engine = await sender.send({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body: '{}', budgetMs: 3_000 });
    const suite = await client.send({ method: 'POST', url: new URL(url), headers: { 'content-type': 'application/json' }, body: '{}' });
    return [engine.error, suite.failure?.code];
  } finally {
    sender.close();
    client.close();
  }
}

describe('transport failures', () => {
  it('are named the same by the engine and the suite', async () => {
    expect(await bothSay(`http://127.0.0.1:${await freePort()}/hooks`)).toEqual(['connection_refused', 'connection_refused']);
    expect(await bothSay(garbageUrl)).toEqual(['protocol_error', 'protocol_error']);
  });

  it('maps node errors onto the documented codes, every code with its sentence', () => {
    expect(transportFailureOf({ code: 'ENOTFOUND' })).toBe('dns_not_found');
    expect(transportFailureOf({ code: 'EAI_AGAIN' })).toBe('dns_not_found');
    expect(transportFailureOf({ code: 'HPE_INVALID_CONSTANT' })).toBe('protocol_error');
    expect(transportFailureOf({ message: 'socket hang up' })).toBe('connection_reset');
    expect(transportFailureOf({ code: 'ESOMETHINGNEW' })).toBe('request_failed');
    for (const sentence of Object.values(transportFailures)) expect(sentence).toMatch(/^[a-z].*[^.]$/);
  });
});

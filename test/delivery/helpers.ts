// Shared fixtures of the delivery tests: a real receiver on 127.0.0.1:0, a platform with the delivery
// plugin in compressed time, and polling without fixed sleeps.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockPlatform, type MockPlatform } from '../../mock-server/platform.js';
import { createDeliveryPlugin, type DeliveryPlugin, type DeliveryPluginOptions } from '../../mock-server/delivery/index.js';
import { FROZEN_NOW, manualTimers } from '../mock-server/helpers.js';

/** One request the receiver got. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  atMs: number;
}

/** What the receiver answers: status, headers, body. */
export type ReceiverAnswer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

/** A local receiver whose answer the test decides per request. */
export interface Receiver {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  answer: (req: ReceivedRequest) => ReceiverAnswer;
  close(): Promise<void>;
}

/**
 * Starts a receiver on 127.0.0.1 with a free port; answers 200 unless `answer` says otherwise.
 * @example const r = await startReceiver(); r.answer = () => ({ status: 500 });
 */
export async function startReceiver(answer: Receiver['answer'] = () => ({ status: 200, body: 'ok' })): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const receiver: Receiver = {
    url: '',
    requests,
    answer,
    close: async () => {
      for (const res of hanging) res.destroy();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: ReceivedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), atMs: Date.now() };
      requests.push(r);
      const a = receiver.answer(r);
      if (a === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(a.status, { 'content-type': 'text/plain', ...a.headers });
      res.end(a.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (receiver as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  return receiver;
}

/** What a truthy check result can be. */
export type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

/**
 * Polls until `check` returns a truthy value (generous timeout: the machine may be loaded).
 * @example await waitFor(() => receiver.requests.length >= 3);
 */
export async function waitFor<T>(check: () => T | Promise<T>, { timeoutMs = 20_000, what = 'the condition' }: { timeoutMs?: number; what?: string | (() => string) } = {}): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as Truthy<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A started platform with the delivery plugin, and a JSON helper over its pipeline. */
export interface TestPlatform {
  platform: MockPlatform;
  plugin: DeliveryPlugin;
  lines: string[];
  call<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): { status: number; body: T; headers: Record<string, string> };
  stop(): Promise<void>;
}

/**
 * A platform in compressed time (0.001: 5 mock minutes = 300 real ms) with the delivery plugin.
 * `frozen`: real time stands still instead, so mock time moves only when the test advances it
 * (`POST /_mock/clock/advance`): schedules are then exact, whatever the machine's load.
 * @example const t = await startPlatform({ forwardTo: receiver.url, chaos: 'off' });
 */
export async function startPlatform(
  options: DeliveryPluginOptions = {},
  { db = ':memory:', timeScale = 0.001, seed = 1, frozen = false }: { db?: string; timeScale?: number; seed?: number; frozen?: boolean } = {},
): Promise<TestPlatform> {
  const lines: string[] = [];
  const plugin = createDeliveryPlugin({ write: (l) => lines.push(l), ...options });
  const platform = createMockPlatform({ db, timeScale, seed, plugins: [plugin], ...(frozen ? { now: () => FROZEN_NOW, timers: manualTimers } : {}) });
  await platform.start();
  return {
    platform,
    plugin,
    lines,
    call(method, path, body, headers = {}) {
      const q = path.indexOf('?');
      const res = platform.handle({
        method,
        path: q === -1 ? path : path.slice(0, q),
        query: q === -1 ? '' : path.slice(q + 1),
        headers: { authorization: 'Bearer sk_test_credkit', 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: res.body === undefined ? undefined : JSON.parse(res.body), headers: res.headers };
    },
    stop: () => platform.stop(),
  };
}

/** A valid credential to issue (start from it, change one thing). */
export const credentialInput = (n = 1) => ({ kind: 'certificate', title: `Course ${n}`, recipient: { name: `Person ${n}`, email: `person${n}@example.com` } });

/** The ids of every event in the platform's log. */
export function eventIds(t: TestPlatform): string[] {
  return t.call<{ items: { id: string }[] }>('GET', '/v1/events?limit=100').body.items.map((e) => e.id);
}

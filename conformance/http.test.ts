// The probe client's limits on a real loopback socket: what counts as a complete answer.
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { completeResponse, createHttpClient, GATE_SETTLE_MS, type HttpClient } from './http.js';

const servers: Server[] = [];
const sockets = new Set<Socket>();
const clients: HttpClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A raw TCP receiver: `answer` writes whatever it likes once the request arrived. */
async function listen(answer: (socket: Socket) => void): Promise<URL> {
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', () => answer(socket));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`);
}

function client(timeoutMs: number, maxBodyBytes?: number, keepAlive = true): HttpClient {
  const c = createHttpClient({ timeoutMs, keepAlive, ...(maxBodyBytes ? { maxBodyBytes } : {}) });
  clients.push(c);
  return c;
}

const post = (url: URL) => ({ method: 'POST' as const, url, headers: { 'content-type': 'application/json' }, body: '{}' });

describe('the HTTP client', () => {
  it('returns a complete answer when the body ends', async () => {
    const url = await listen((s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
    const exchange = await client(2_000).send(post(url));
    expect(completeResponse(exchange)).toMatchObject({ status: 200, body: 'ok', truncated: false, timedOut: false });
    expect(exchange.response?.incomplete).toBeUndefined();
  });

  it('marks a 200 whose body never ends within the limit as incomplete, naming the status and the limit', async () => {
    const url = await listen((s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 1000000000\r\n\r\n...'));
    const exchange = await client(150).send(post(url));
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.timedOut).toBe(true);
    expect(exchange.response?.incomplete).toEqual({ code: 'body_timeout', message: 'status 200 arrived, the body never ended within 150 ms' });
    expect(completeResponse(exchange)).toBeUndefined();
    expect(exchange.durationMs).toBeGreaterThanOrEqual(140);
  });

  it('marks an answer whose connection drops mid-body as incomplete', async () => {
    const url = await listen((s) => {
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial');
      setTimeout(() => s.destroy(), 20);
    });
    const exchange = await client(2_000).send(post(url));
    expect(exchange.response?.incomplete?.code).toBe('body_interrupted');
    expect(exchange.response?.incomplete?.message).toMatch(/^status 200 arrived, then the connection (closed|failed) before the body ended/);
    expect(completeResponse(exchange)).toBeUndefined();
  });

  it('counts a body cut at the size cap as a complete answer: the status stands, the rest is not read', async () => {
    const url = await listen((s) => s.write(`HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n${'x'.repeat(5_000)}`));
    const exchange = await client(2_000, 1_024).send(post(url));
    expect(completeResponse(exchange)).toMatchObject({ status: 200, truncated: true, timedOut: false });
    expect(exchange.response?.body).toHaveLength(1_024);
  });

  it('marks an answer cut short by the check running out of time as incomplete', async () => {
    const url = await listen((s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n.'));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const exchange = await client(5_000).send(post(url), { signal: controller.signal });
    expect(exchange.response?.incomplete?.code).toBe('aborted');
    expect(completeResponse(exchange)).toBeUndefined();
  });

  it('reports no answer at all as a failure, not as a response', async () => {
    const url = await listen(() => {});
    const exchange = await client(100).send(post(url));
    expect(exchange.response).toBeUndefined();
    expect(exchange.failure).toEqual({ code: 'timeout', message: 'no answer within 100 ms' });
  });

  it.each([
    [true, 1],
    [false, 3],
  ] as const)('with keepAlive %s, sends three requests in a row over %i connection(s)', async (keepAlive, connections) => {
    let opened = 0;
    const server = createHttpServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ connection: req.headers.connection ?? null })));
    server.on('connection', () => opened++);
    servers.push(server as unknown as Server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/_probe/events/evt_1`);
    const c = client(2_000, undefined, keepAlive);
    const bodies: string[] = [];
    for (let i = 0; i < 3; i++) bodies.push(completeResponse(await c.send({ method: 'GET', url, headers: {} }))?.body ?? '');
    expect(opened).toBe(connections);
    // Without keep-alive the receiver is asked to close, so it flushes and frees its thread at once.
    expect(bodies.every((b) => b === JSON.stringify({ connection: keepAlive ? 'keep-alive' : 'close' }))).toBe(true);
    server.closeAllConnections();
  });

  it('without keep-alive, answers concurrent requests each on its own connection, none handed a closing socket', async () => {
    // Like Python's http.server asked to close: answer (without saying so), then close at once.
    const url = await listen((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 18\r\n\r\n{"timesApplied":1}'));
    // maxSockets is for keep-alive clients: here it must not make requests queue for a socket being closed.
    const c = createHttpClient({ timeoutMs: 2_000, keepAlive: false, maxSockets: 1 });
    clients.push(c);
    const exchanges = await Promise.all(Array.from({ length: 12 }, () => c.send({ method: 'GET', url, headers: {} })));
    expect(exchanges.map((e) => completeResponse(e)?.status ?? e.failure?.message)).toEqual(Array.from({ length: 12 }, () => 200));
  });

  describe('sendTogether', () => {
    /** A raw receiver that notes when each connection opened and when its request (headers + Content-Length body) was complete. */
    async function timingReceiver(): Promise<{ url: URL; opened: number[]; complete: number[] }> {
      const opened: number[] = [];
      const complete: number[] = [];
      const server = createServer((socket) => {
        sockets.add(socket);
        opened.push(performance.now());
        socket.on('error', () => {});
        socket.on('close', () => sockets.delete(socket));
        let received = Buffer.alloc(0);
        socket.on('data', (chunk: Buffer) => {
          received = Buffer.concat([received, chunk]);
          const end = received.indexOf('\r\n\r\n');
          const length = Number(/content-length: (\d+)/i.exec(received.toString('latin1'))?.[1] ?? -1);
          if (end < 0 || received.length < end + 4 + length) return;
          complete.push(performance.now());
          socket.end('HTTP/1.1 204 No Content\r\n\r\n');
        });
      });
      servers.push(server);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`), opened, complete };
    }

    it('completes no request before every request was written, so all of them land together', async () => {
      const { url, opened, complete } = await timingReceiver();
      const body = JSON.stringify({ id: 'evt_1', data: { name: 'Zoë' } });
      const started = performance.now();
      const exchanges = await client(2_000).sendTogether(Array.from({ length: 4 }, () => ({ ...post(url), body })));
      const elapsed = performance.now() - started;
      expect(exchanges.map((e) => completeResponse(e)?.status)).toEqual([204, 204, 204, 204]);
      expect(opened).toHaveLength(4);
      expect(complete).toHaveLength(4);
      // Every connection was open (and its request written but for one byte) before any request was complete.
      expect(Math.min(...complete)).toBeGreaterThan(Math.max(...opened));
      // The last bytes leave in one tick: the requests complete together (well under 1 ms apart on an
      // idle machine; the bound leaves room for a loaded one, and is still far below the 50 ms hold).
      expect(Math.max(...complete) - Math.min(...complete)).toBeLessThan(GATE_SETTLE_MS);
      // Answer times count from the release, not from the connect and the hold before it.
      for (const e of exchanges) expect(e.durationMs).toBeLessThanOrEqual(elapsed - GATE_SETTLE_MS);
    });

    it('does not hold the others when one request cannot be sent, and reports that one as a failure', async () => {
      const { url } = await timingReceiver();
      const closed = await listen(() => {});
      await new Promise((r) => servers.pop()!.close(r));
      const exchanges = await client(2_000).sendTogether([post(url), post(closed), post(url)]);
      expect(exchanges.map((e) => completeResponse(e)?.status ?? e.failure?.code)).toEqual([204, 'connection_refused', 204]);
    });

    it('ends every request within its time limit when the receiver never answers', async () => {
      const url = await listen(() => {});
      const started = performance.now();
      const exchanges = await client(300).sendTogether([post(url), post(url)]);
      expect(exchanges.map((e) => e.failure?.code)).toEqual(['timeout', 'timeout']);
      expect(performance.now() - started).toBeLessThan(1_000);
    });
  });
});

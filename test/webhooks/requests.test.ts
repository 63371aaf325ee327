// verifyNodeRequest and verifyRequest in real receivers on loopback: node:http, Express, Hono.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import express from 'express';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCatalog } from '../../generated/events.js';
import { generateSecret, signEvent, verifyNodeRequest, verifyRequest, WebhookVerificationError } from '../../webhooks/index.js';

const secret = generateSecret();
const event = eventCatalog['credential.claimed'].example;

/** Answers like a good receiver: 200 + the event type, or the error's status + code + message. */
function answer(res: ServerResponse, work: Promise<{ type: string }>): void {
  work.then(
    (verified) => res.writeHead(200, { 'content-type': 'text/plain' }).end(verified.type),
    (err: unknown) => {
      const status = err instanceof WebhookVerificationError ? err.status : 500;
      const code = err instanceof WebhookVerificationError ? err.code : 'crash';
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`${code}: ${(err as Error).message}`);
    },
  );
}

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function post(url: string, init: { headers: Record<string, string>; body: string }): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...init.headers }, body: init.body });
  return { status: res.status, text: await res.text() };
}

function signed() {
  return signEvent({ secret, event });
}

describe('verifyNodeRequest with node:http', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => answer(res, verifyNodeRequest({ req, secret })));
    url = await listen(server);
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('reads the raw stream and accepts a valid delivery', async () => {
    expect(await post(url, signed())).toEqual({ status: 200, text: 'credential.claimed' });
  });

  it('rejects a tampered body with 400 no_matching_signature', async () => {
    const delivery = signed();
    const res = await post(url, { ...delivery, body: delivery.body.replace('claimed', 'CLAIMED') });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/^no_matching_signature/);
  });

  it('rejects a delivery without its signature header with 400 missing_header', async () => {
    const { headers, body } = signed();
    const { 'webhook-signature': _removed, ...rest } = headers;
    const res = await post(url, { headers: rest, body });
    expect(res).toMatchObject({ status: 400 });
    expect(res.text).toMatch(/^missing_header/);
  });
});

describe('verifyNodeRequest when the sender goes away mid-body', () => {
  let server: Server;
  let port: number;
  const outcomes: Promise<unknown>[] = [];
  beforeAll(async () => {
    server = createServer((req) => {
      outcomes.push(verifyNodeRequest({ req, secret }).then(() => 'accepted', (err: unknown) => err));
    });
    port = Number(new URL(await listen(server)).port);
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('rejects with body_unreadable and the ECONNRESET as cause, not the raw stream error', async () => {
    const { headers, body } = signed();
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    const head = Object.entries({ ...headers, 'content-type': 'application/json', 'content-length': String(body.length + 1000) })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(`POST /webhooks HTTP/1.1\r\nhost: 127.0.0.1\r\n${head}\r\n${body.slice(0, 40)}`);
    await expect.poll(() => outcomes.length).toBe(1);
    socket.resetAndDestroy();
    const err = await outcomes[0];
    expect(err).toBeInstanceOf(WebhookVerificationError);
    expect((err as WebhookVerificationError).code).toBe('body_unreadable');
    expect(((err as WebhookVerificationError).cause as NodeJS.ErrnoException).code).toBe('ECONNRESET');
  });
});

describe('verifyNodeRequest with Express', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const app = express();
    app.post('/raw', express.raw({ type: 'application/json' }), (req, res) => answer(res, verifyNodeRequest({ req, secret })));
    app.post('/json', express.json(), (req, res) => answer(res, verifyNodeRequest({ req, secret })));
    app.post('/none', (req, res) => answer(res, verifyNodeRequest({ req, secret })));
    server = createServer(app);
    url = await listen(server);
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('uses the Buffer express.raw() left in req.body', async () => {
    expect(await post(`${url}/raw`, signed())).toEqual({ status: 200, text: 'credential.claimed' });
  });

  it('reads the stream itself when no body parser ran', async () => {
    expect(await post(`${url}/none`, signed())).toEqual({ status: 200, text: 'credential.claimed' });
  });

  it('tells the integrator to use express.raw() when express.json() parsed the body', async () => {
    const res = await post(`${url}/json`, signed());
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/^invalid_payload: .*express\.raw/);
  });
});

describe('verifyRequest with Hono (Fetch API)', () => {
  const app = new Hono();
  app.post('/webhooks', async (c) => {
    try {
      const verified = await verifyRequest({ request: c.req.raw, secret });
      return c.text(verified.type);
    } catch (err) {
      if (err instanceof WebhookVerificationError) return c.text(err.code, err.status);
      throw err;
    }
  });
  app.post('/read-first', async (c) => {
    await c.req.raw.text();
    try {
      await verifyRequest({ request: c.req.raw, secret });
      return c.text('accepted');
    } catch (err) {
      return c.text((err as Error).message, 400);
    }
  });

  it('accepts a valid delivery in process', async () => {
    const { headers, body } = signed();
    const res = await app.request('/webhooks', { method: 'POST', headers, body });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('credential.claimed');
  });

  it('rejects a stale delivery in process', async () => {
    const { headers, body } = signEvent({ secret, event, timestamp: Math.floor(Date.now() / 1000) - 301 });
    const res = await app.request('/webhooks', { method: 'POST', headers, body });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('timestamp_too_old');
  });

  it('says so when the body was already read', async () => {
    const { headers, body } = signed();
    const res = await app.request('/read-first', { method: 'POST', headers, body });
    expect(await res.text()).toMatch(/already read/);
  });

  describe('on a real port', () => {
    let server: ServerType;
    let url: string;
    beforeAll(async () => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
      await once(server, 'listening');
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((done) => server.close(() => done())));

    it('accepts a valid delivery with a multibyte body', async () => {
      const multibyte = { ...event, data: { ...event.data, title: 'Zertifikat für Datenschutz – 日本語 ✓' } };
      const delivery = signEvent({ secret, event: multibyte });
      expect(await post(`${url}/webhooks`, delivery)).toEqual({ status: 200, text: 'credential.claimed' });
    });
  });
});

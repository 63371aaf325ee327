// A client cannot make the mock read more than it accepts, nor hold a connection (issue 15, item 12):
// an oversized body is answered at the limit and the connection closed (not read to its end), and a
// client that drips its headers or body is cut off at the request bounds. Raw sockets on 127.0.0.1,
// so the test controls every byte and its timing; bounds compressed to milliseconds.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type RunningMockServer } from '../../mock-server/index.js';

const MAX_BODY_BYTES = 16 * 1024;
let mock: RunningMockServer;

beforeAll(async () => {
  mock = await startMockServer({ port: 0, db: ':memory:', maxBodyBytes: MAX_BODY_BYTES, requestTimeoutMs: 600, headersTimeoutMs: 300 });
});
afterAll(() => mock?.stop());

/** A raw connection that records what comes back and when it closes. */
function open(): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(mock.port, '127.0.0.1');
    let data = '';
    socket.on('data', (c) => (data += c.toString('latin1')));
    // Writes after the server closed fail with EPIPE/ECONNRESET: expected here, not a test error.
    socket.on('error', () => {});
    const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now() - started)));
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

const head = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('an oversized body', () => {
  it('is answered from its Content-Length before any of it is sent, and the connection closes', async () => {
    const { socket, received, closed } = await open();
    socket.write(head(['POST /v1/credentials HTTP/1.1', `Host: 127.0.0.1:${mock.port}`, 'Authorization: Bearer sk_test_credkit', 'Content-Type: application/json', `Content-Length: ${200 * 1024 * 1024}`]));
    const ms = await closed;
    expect(received()).toMatch(/^HTTP\/1\.1 400 /);
    expect(received()).toContain('payload-too-large');
    expect(received().toLowerCase()).toContain('connection: close');
    expect(ms).toBeLessThan(2000);
  });

  it('is answered mid-stream once a chunked body passes the limit, and no more of it is read', async () => {
    const { socket, received, closed } = await open();
    socket.write(head(['POST /v1/credentials HTTP/1.1', `Host: 127.0.0.1:${mock.port}`, 'Authorization: Bearer sk_test_credkit', 'Content-Type: application/json', 'Transfer-Encoding: chunked']));
    const chunk = 'x'.repeat(4096);
    let sent = 0;
    let isClosed = false;
    void closed.then(() => (isClosed = true));
    // Keep sending (up to 64× the limit) until the server answers; before the fix it waited for the end.
    while (!isClosed && !received().includes('\r\n\r\n') && sent < 64 * MAX_BODY_BYTES) {
      socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      sent += chunk.length;
      await sleep(2);
    }
    await closed;
    expect(received()).toMatch(/^HTTP\/1\.1 400 /);
    expect(received()).toContain('payload-too-large');
    expect(sent).toBeLessThan(64 * MAX_BODY_BYTES);
  });
});

describe('a body within the limit', () => {
  it('keeps the connection alive for the next request (only an unread body closes it)', async () => {
    const { socket, received } = await open();
    const body = '{"seconds":1}';
    const post = head(['POST /_mock/clock/advance HTTP/1.1', `Host: 127.0.0.1:${mock.port}`, 'Content-Type: application/json', `Content-Length: ${body.length}`]) + body;
    const get = head(['GET /_mock/health HTTP/1.1', `Host: 127.0.0.1:${mock.port}`]);
    socket.write(post + get);
    for (let i = 0; i < 100 && (received().match(/HTTP\/1\.1 200 /g) ?? []).length < 2; i++) await sleep(10);
    expect(received().match(/HTTP\/1\.1 200 /g)).toHaveLength(2);
    expect(received().toLowerCase()).not.toContain('connection: close');
    socket.destroy();
  });
});

describe('a client', () => {
  it('dripping its body is cut off at requestTimeoutMs instead of holding the connection', async () => {
    const { socket, closed } = await open();
    socket.write(head(['POST /v1/credentials HTTP/1.1', `Host: 127.0.0.1:${mock.port}`, 'Authorization: Bearer sk_test_credkit', 'Content-Type: application/json', 'Content-Length: 1000']));
    let isClosed = false;
    void closed.then(() => (isClosed = true));
    for (let i = 0; i < 100 && !isClosed; i++) {
      socket.write('{');
      await sleep(50);
    }
    expect(isClosed).toBe(true);
    expect(await closed).toBeLessThan(2500);
  });

  it('dripping its headers is cut off at headersTimeoutMs', async () => {
    const { socket, closed } = await open();
    socket.write(`GET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1:${mock.port}\r\n`);
    let isClosed = false;
    void closed.then(() => (isClosed = true));
    for (let i = 0; i < 100 && !isClosed; i++) {
      socket.write(`X-Drip-${i}: 1\r\n`);
      await sleep(50);
    }
    expect(isClosed).toBe(true);
    expect(await closed).toBeLessThan(2500);
  });
});

describe('the request bounds', () => {
  it('default to 30 s for a request and 10 s for its headers, not Node’s 300 s', async () => {
    const plain = await startMockServer({ port: 0, db: ':memory:' });
    try {
      expect(plain.server.requestTimeout).toBe(30_000);
      expect(plain.server.headersTimeout).toBe(10_000);
    } finally {
      await plain.stop();
    }
  });
});

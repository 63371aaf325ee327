// verifyRequest and verifyNodeRequest in process: the body cap, stream errors and misuse. Real
// servers on loopback are in test/webhooks/requests.test.ts.
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { eventCatalog } from '../generated/events.js';
import { WebhookVerificationError } from './errors.js';
import { MAX_WEBHOOK_BODY_IN_BYTES } from './options.js';
import { signEvent } from './sign.js';
import { verifyNodeRequest, verifyRequest } from './verify-request.js';
import { rejectionOf } from './verification-error.test-helper.js';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const event = eventCatalog['credential.revoked'].example;
const signed = () => signEvent({ secret, event });


/** A body stream of `totalInBytes` made on demand, recording how much was pulled and whether it was cancelled. */
function endlessBody(totalInBytes: number, chunkInBytes = 64 * 1024) {
  const seen = { pulledInBytes: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulledInBytes >= totalInBytes) return controller.close();
      seen.pulledInBytes += chunkInBytes;
      controller.enqueue(new Uint8Array(chunkInBytes).fill(0x20));
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { stream, seen };
}

function fetchRequest(body: BodyInit | null, headers: Record<string, string> = signed().headers): Request {
  return new Request('http://127.0.0.1/webhooks', { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
}

/** node's request as verifyNodeRequest sees it: a readable stream with headers. */
function nodeRequest(body: Readable, headers: Record<string, string> = signed().headers): IncomingMessage {
  return Object.assign(body, { headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])) }) as unknown as IncomingMessage;
}

describe('verifyRequest body cap', () => {
  it('accepts a valid delivery streamed in small chunks', async () => {
    const { headers, body } = signed();
    const bytes = new TextEncoder().encode(body);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 7) controller.enqueue(bytes.subarray(i, i + 7));
        controller.close();
      },
    });
    expect(await verifyRequest({ request: fetchRequest(stream, headers), secret })).toEqual(event);
  });

  it('stops reading a 50 MB body once it passes the cap, and cancels the stream', async () => {
    const { stream, seen } = endlessBody(50 * 1024 * 1024);
    const err = await rejectionOf(() => verifyRequest({ request: fetchRequest(stream), secret }));
    expect(err.code).toBe('invalid_payload');
    expect(err.message).toContain(`larger than ${MAX_WEBHOOK_BODY_IN_BYTES} bytes`);
    expect(seen.cancelled).toBe(true);
    // The cap plus what the stream queued ahead (one chunk of high-water mark), never the whole body.
    expect(seen.pulledInBytes).toBeLessThanOrEqual(MAX_WEBHOOK_BODY_IN_BYTES + 2 * 64 * 1024);
  });

  it('honours maxBodyInBytes: a body of exactly the cap passes, one byte less is too small', async () => {
    const { headers, body } = signed();
    const size = Buffer.byteLength(body);
    expect(await verifyRequest({ request: fetchRequest(body, headers), secret, maxBodyInBytes: size })).toEqual(event);
    const err = await rejectionOf(() => verifyRequest({ request: fetchRequest(body, headers), secret, maxBodyInBytes: size - 1 }));
    expect(err.message).toContain(`larger than ${size - 1} bytes`);
  });

  it('rejects a Content-Length over the cap before reading anything', async () => {
    const { stream, seen } = endlessBody(50 * 1024 * 1024);
    const request = fetchRequest(stream, { ...signed().headers, 'content-length': String(50 * 1024 * 1024) });
    const err = await rejectionOf(() => verifyRequest({ request, secret }));
    expect(err.code).toBe('invalid_payload');
    expect(err.message).toMatch(/Content-Length/);
    expect(seen.pulledInBytes).toBeLessThanOrEqual(64 * 1024);
  });

  it.each([NaN, -1, 1.5, Infinity, '1048576', null])('is an invalid_option for maxBodyInBytes %s, and the body stays unread', async (maxBodyInBytes) => {
    const request = fetchRequest(signed().body);
    const err = await rejectionOf(() => verifyRequest({ request, secret, maxBodyInBytes: maxBodyInBytes as number }));
    expect(err.code).toBe('invalid_option');
    expect(err.message).toMatch(/maxBodyInBytes must be a whole number of bytes/);
    expect(request.bodyUsed).toBe(false);
  });

  it('checks the other options before reading the body', async () => {
    const request = fetchRequest(signed().body);
    expect((await rejectionOf(() => verifyRequest({ request, secret, toleranceInSeconds: NaN }))).code).toBe('invalid_option');
    expect(request.bodyUsed).toBe(false);
  });
});

describe('verifyRequest misuse and stream errors', () => {
  it('reports a body stream that fails as body_unreadable, with the cause', async () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"id":'));
        controller.error(reset);
      },
    });
    const err = await rejectionOf(() => verifyRequest({ request: fetchRequest(stream), secret }));
    expect(err.code).toBe('body_unreadable');
    expect(err.cause).toBe(reset);
    expect(err.message).toMatch(/ECONNRESET/);
  });

  it.each([null, undefined, 'request'])('verifyRequest(%s) is an invalid_option, not a TypeError', async (bad) => {
    const err = await rejectionOf(() => verifyRequest(bad as never));
    expect(err.code).toBe('invalid_option');
    expect(err.hint).toMatch(/verifyRequest\(\{ request, secret \}\)/);
  });

  it('rejects a request that is not a Fetch Request with invalid_option', async () => {
    expect((await rejectionOf(() => verifyRequest({ request: { headers: {} } as never, secret }))).code).toBe('invalid_option');
  });
});

describe('verifyNodeRequest', () => {
  it('accepts a body in req.body as a Buffer, Uint8Array, ArrayBuffer, DataView or other typed array', async () => {
    const { headers, body } = signed();
    const buffer = Buffer.from(body);
    const copy = new Uint8Array(buffer);
    const padded = new Uint8Array(copy.length + 3);
    padded.set(copy, 1);
    for (const raw of [buffer, copy, copy.buffer, new DataView(padded.buffer, 1, copy.length), new Int8Array(copy.buffer)]) {
      const req = Object.assign(nodeRequest(Readable.from([]), headers), { body: raw });
      expect(await verifyNodeRequest({ req, secret }), raw.constructor.name).toEqual(event);
    }
  });

  it('reports a stream error such as ECONNRESET as body_unreadable, with the cause', async () => {
    const reset = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    const stream = new Readable({
      read() {
        this.destroy(reset);
      },
    });
    const err = await rejectionOf(() => verifyNodeRequest({ req: nodeRequest(stream), secret }));
    expect(err.code).toBe('body_unreadable');
    expect(err.cause).toBe(reset);
    expect(err.status).toBe(400);
  });

  it('rejects headers: null and a req that is not a stream with invalid_option', async () => {
    const nullHeaders = await rejectionOf(() => verifyNodeRequest({ req: { headers: null } as never, secret }));
    expect(nullHeaders.code).toBe('invalid_option');
    const notAStream = await rejectionOf(() => verifyNodeRequest({ req: { headers: signed().headers } as never, secret }));
    expect(notAStream.code).toBe('invalid_option');
    expect(notAStream.message).toMatch(/readable stream/);
  });

  it.each([null, undefined, 42])('verifyNodeRequest(%s) is an invalid_option, not a TypeError', async (bad) => {
    const err = await rejectionOf(() => verifyNodeRequest(bad as never));
    expect(err.code).toBe('invalid_option');
    expect(err.hint).toMatch(/verifyNodeRequest\(\{ req, secret \}\)/);
  });

  it.each([NaN, -1, 1.5, Infinity, '1048576'])('is an invalid_option for maxBodyInBytes %s instead of reading without a cap', async (maxBodyInBytes) => {
    let read = 0;
    const stream = new Readable({
      read() {
        read++;
        this.push(read > 40 ? null : Buffer.alloc(64 * 1024, 0x20));
      },
    });
    const err = await rejectionOf(() => verifyNodeRequest({ req: nodeRequest(stream), secret, maxBodyInBytes: maxBodyInBytes as number }));
    expect(err.code).toBe('invalid_option');
    expect(read).toBe(0);
  });

  it('rejects a Content-Length over the cap before reading anything', async () => {
    let read = 0;
    const stream = new Readable({
      read() {
        read++;
        this.push(Buffer.alloc(64 * 1024, 0x20));
      },
    });
    const req = nodeRequest(stream, { ...signed().headers, 'content-length': String(2 * MAX_WEBHOOK_BODY_IN_BYTES) });
    const err = await rejectionOf(() => verifyNodeRequest({ req, secret }));
    expect(err.message).toMatch(/Content-Length/);
    expect(read).toBe(0);
  });
});

// Reading a request's raw body with a cap: incrementally, so a body over the cap is never buffered
// whole, and with stream failures reported as body_unreadable instead of passed through raw.
import type { IncomingMessage } from 'node:http';
import { WebhookVerificationError } from './errors.js';
import { describeValue } from './options.js';
import { isRawBody, rawBody } from './raw-body.js';

/** node's request as the helpers take it; `body` is what a body parser (express.raw(), express.text()) left. */
export type NodeRequest = IncomingMessage & { body?: unknown };

function tooLarge(maxBodyInBytes: number, what = 'The request body'): WebhookVerificationError {
  return new WebhookVerificationError('invalid_payload', {
    reason: `${what} is larger than ${maxBodyInBytes} bytes`,
    hint: 'raise maxBodyInBytes if your events are really this large',
  });
}

function unreadable(cause: unknown): WebhookVerificationError {
  const detail = cause instanceof Error ? `: ${(cause as NodeJS.ErrnoException).code ?? cause.name} ${cause.message}` : '';
  return new WebhookVerificationError('body_unreadable', { reason: `The request body could not be read${detail}`, cause });
}

/** The error for a Content-Length over the cap, rejected before reading a byte; a malformed one is left to the byte count. */
function declaredTooLarge(contentLength: unknown, maxBodyInBytes: number): WebhookVerificationError | undefined {
  if (typeof contentLength === 'string' && /^\d{1,15}$/.test(contentLength) && Number(contentLength) > maxBodyInBytes) {
    return tooLarge(maxBodyInBytes, `The request body (Content-Length: ${contentLength})`);
  }
  return undefined;
}

function bytesOf(chunk: unknown): Uint8Array {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (isRawBody(chunk)) return rawBody(chunk) as Uint8Array;
  throw unreadable(new TypeError(`The body stream yielded ${describeValue(chunk)}, not bytes`));
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** A Fetch request's body, read chunk by chunk and cancelled as soon as it passes the cap. */
export async function readFetchBody(request: Request, maxBodyInBytes: number): Promise<Uint8Array> {
  const stream = request.body;
  const declared = declaredTooLarge(request.headers?.get?.('content-length'), maxBodyInBytes);
  if (declared !== undefined) {
    // Nothing was read; cancelling tells the source to stop sending.
    if (typeof stream?.cancel === 'function') stream.cancel().catch(() => {});
    throw declared;
  }
  if (stream === null) return new Uint8Array(0);
  if (typeof stream?.getReader !== 'function') {
    // A Request-like without a stream (an old polyfill): all we can do is check what it buffered.
    let whole: Uint8Array;
    try {
      whole = new Uint8Array(await request.arrayBuffer());
    } catch (err) {
      throw unreadable(err);
    }
    if (whole.byteLength > maxBodyInBytes) throw tooLarge(maxBodyInBytes);
    return whole;
  }
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch (err) {
      throw unreadable(err);
    }
    if (next.done) break;
    let bytes: Uint8Array;
    try {
      bytes = bytesOf(next.value);
    } catch (err) {
      reader.cancel().catch(() => {});
      throw err;
    }
    size += bytes.byteLength;
    if (size > maxBodyInBytes) {
      // Not awaited: the answer does not wait for the source to acknowledge.
      reader.cancel().catch(() => {});
      throw tooLarge(maxBodyInBytes);
    }
    chunks.push(bytes);
  }
  return concat(chunks, size);
}

/**
 * A node request's raw body: the bytes a body parser left in `req.body`, or the stream read up to the
 * cap (then the request is destroyed: reading on would only fill memory).
 */
export async function readNodeBody(req: NodeRequest, maxBodyInBytes: number): Promise<string | Uint8Array> {
  const body = req.body;
  if (body !== undefined) {
    if (isRawBody(body)) return rawBody(body);
    const parsed = typeof body === 'object' && body !== null && Object.keys(body).length > 0;
    // express.json() (or similar) already consumed the stream: the signed bytes are gone.
    if (parsed || req.readableEnded) {
      throw new WebhookVerificationError('invalid_payload', {
        reason: 'req.body is a parsed object, not the raw request body',
        hint: "pass the raw request body: mount express.raw({ type: 'application/json' }) on the webhook route instead of express.json()",
      });
    }
  }
  if (req.readableEnded) {
    throw new WebhookVerificationError('invalid_payload', {
      reason: 'The request body was already read',
      hint: "pass the raw request body: verify before any body parser, or mount express.raw({ type: 'application/json' }) on the webhook route",
    });
  }
  if (typeof (req as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] !== 'function') {
    throw new WebhookVerificationError('invalid_option', {
      reason: 'req is not a readable stream and has no raw req.body',
      hint: "pass node's IncomingMessage as req (for Fetch API requests use verifyRequest({ request }))",
    });
  }
  const declared = declaredTooLarge(req.headers['content-length'], maxBodyInBytes);
  if (declared !== undefined) {
    req.destroy?.();
    throw declared;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    // Leaving this loop early (a throw) destroys the stream: the rest of an oversized body is never read.
    for await (const chunk of req as AsyncIterable<unknown>) {
      const bytes = bytesOf(chunk);
      size += bytes.byteLength;
      if (size > maxBodyInBytes) throw tooLarge(maxBodyInBytes);
      chunks.push(bytes);
    }
  } catch (err) {
    req.destroy?.();
    throw err instanceof WebhookVerificationError ? err : unreadable(err);
  }
  return concat(chunks, size);
}

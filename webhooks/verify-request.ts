// verify for whole requests: Fetch API (Next.js, Hono, Bun, Deno) and node's IncomingMessage (node:http, Express).
import type { IncomingMessage } from 'node:http';
import type { ProfileName } from '../generated/profiles.js';
import { WebhookVerificationError } from './errors.js';
import type { ProfileEvent } from './event.js';
import { verify, type VerifyOptions } from './verify.js';

/** The most body a request helper reads before giving up (webhook bodies are small; this bounds memory). */
export const MAX_WEBHOOK_BODY_IN_BYTES = 1024 * 1024;

/** Options of verifyRequest: verify's, with a Fetch `Request` in place of headers and payload. */
export interface VerifyRequestOptions<P extends ProfileName = 'standard'> extends Omit<VerifyOptions<P>, 'headers' | 'payload'> {
  readonly request: Request;
}

/**
 * Reads a Fetch API request's raw body and verifies it. The body is consumed: pass `request.clone()`
 * if you need it again (the returned event is already parsed).
 *
 * @example
 * // Hono
 * app.post('/webhooks', async (c) => {
 *   const event = await verifyRequest({ request: c.req.raw, secret: env.WEBHOOK_SECRET });
 *   return c.body(null, 204);
 * });
 */
export async function verifyRequest<P extends ProfileName = 'standard'>({ request, ...options }: VerifyRequestOptions<P>): Promise<ProfileEvent<P>> {
  if (typeof request !== 'object' || request === null || typeof request.arrayBuffer !== 'function') {
    throw new WebhookVerificationError('invalid_option', { reason: 'request must be a Fetch API Request', hint: 'for node:http or Express use verifyNodeRequest({ req })' });
  }
  if (request.bodyUsed) {
    throw new WebhookVerificationError('invalid_payload', {
      reason: 'The request body was already read',
      hint: 'verify before reading the body (do not call request.json() first), or pass request.clone()',
    });
  }
  const payload = new Uint8Array(await request.arrayBuffer());
  return verify<P>({ ...options, headers: request.headers, payload } as VerifyOptions<P>);
}

/** Options of verifyNodeRequest: verify's, with node's request in place of headers and payload. */
export interface VerifyNodeRequestOptions<P extends ProfileName = 'standard'> extends Omit<VerifyOptions<P>, 'headers' | 'payload'> {
  /** node's request; Express's too (`req.body` is used when express.raw() or express.text() already read it). */
  readonly req: IncomingMessage & { body?: unknown };
  /** Reading more than this many bytes is an invalid_payload. */
  readonly maxBodyInBytes?: number;
}

/**
 * Reads a node request's raw body (or takes the Buffer express.raw() left in `req.body`) and verifies it.
 *
 * @example
 * // Express: the webhook route gets the raw body, never express.json()
 * app.post('/webhooks', express.raw({ type: 'application/json' }), async (req, res) => {
 *   const event = await verifyNodeRequest({ req, secret: process.env.WEBHOOK_SECRET! });
 *   res.sendStatus(204);
 * });
 */
export async function verifyNodeRequest<P extends ProfileName = 'standard'>({
  req,
  maxBodyInBytes = MAX_WEBHOOK_BODY_IN_BYTES,
  ...options
}: VerifyNodeRequestOptions<P>): Promise<ProfileEvent<P>> {
  if (typeof req !== 'object' || req === null || typeof req.headers !== 'object') {
    throw new WebhookVerificationError('invalid_option', { reason: 'req must be a node IncomingMessage', hint: 'for Fetch API requests use verifyRequest({ request })' });
  }
  const payload = await nodeRawBody(req, maxBodyInBytes);
  // headersDistinct keeps repeated headers apart, where req.headers would join them with ", ".
  const headers = req.headersDistinct ?? req.headers;
  return verify<P>({ ...options, headers, payload } as VerifyOptions<P>);
}

async function nodeRawBody(req: IncomingMessage & { body?: unknown }, maxBodyInBytes: number): Promise<string | Uint8Array> {
  const body = req.body;
  if (body !== undefined) {
    if (typeof body === 'string' || body instanceof Uint8Array) return body;
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
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    size += buffer.length;
    if (size > maxBodyInBytes) {
      req.destroy();
      throw new WebhookVerificationError('invalid_payload', {
        reason: `The request body is larger than ${maxBodyInBytes} bytes`,
        hint: 'raise maxBodyInBytes if your events are really this large',
      });
    }
    chunks.push(buffer);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}

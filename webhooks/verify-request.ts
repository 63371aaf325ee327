// verify for whole requests: Fetch API (Next.js, Hono, Bun, Deno) and node's IncomingMessage (node:http, Express).
import type { ProfileName } from '../generated/profiles.js';
import { WebhookVerificationError } from './errors.js';
import type { ProfileEvent } from './event.js';
import { optionsObject, resolveMaxBodyInBytes, resolveVerifyOptions } from './options.js';
import { readFetchBody, readNodeBody, type NodeRequest } from './request-body.js';
import { verifyResolved, type VerifyOptions } from './verify.js';

/** Options of verifyRequest: verify's, with a Fetch `Request` in place of headers and payload. */
export interface VerifyRequestOptions<P extends ProfileName = 'standard'> extends Omit<VerifyOptions<P>, 'headers' | 'payload'> {
  readonly request: Request;
  /** A body larger than this many bytes is an invalid_payload, detected without reading it all (default MAX_WEBHOOK_BODY_IN_BYTES, 1 MiB). */
  readonly maxBodyInBytes?: number;
}

/**
 * Reads a Fetch API request's raw body (at most `maxBodyInBytes`) and verifies it. The body is
 * consumed: pass `request.clone()` if you need it again (the returned event is already parsed).
 *
 * @example
 * // Hono
 * app.post('/webhooks', async (c) => {
 *   const event = await verifyRequest({ request: c.req.raw, secret: env.WEBHOOK_SECRET });
 *   return c.body(null, 204);
 * });
 */
export async function verifyRequest<P extends ProfileName = 'standard'>(options: VerifyRequestOptions<P>): Promise<ProfileEvent<P>> {
  const call = 'verifyRequest({ request, secret })';
  const { request } = optionsObject(options, call);
  // Every option is checked before the body is touched: a misconfiguration leaves the request unread.
  const resolved = resolveVerifyOptions(options, call);
  const maxBodyInBytes = resolveMaxBodyInBytes(options.maxBodyInBytes);
  if (typeof request !== 'object' || request === null || typeof request.arrayBuffer !== 'function') {
    throw new WebhookVerificationError('invalid_option', { reason: 'request must be a Fetch API Request', hint: 'for node:http or Express use verifyNodeRequest({ req })' });
  }
  if (request.bodyUsed) {
    throw new WebhookVerificationError('invalid_payload', {
      reason: 'The request body was already read',
      hint: 'verify before reading the body (do not call request.json() first), or pass request.clone()',
    });
  }
  const payload = await readFetchBody(request, maxBodyInBytes);
  return verifyResolved<P>(resolved, request.headers, payload);
}

/** Options of verifyNodeRequest: verify's, with node's request in place of headers and payload. */
export interface VerifyNodeRequestOptions<P extends ProfileName = 'standard'> extends Omit<VerifyOptions<P>, 'headers' | 'payload'> {
  /** node's request; Express's too (`req.body` is used when express.raw() or express.text() already read it). */
  readonly req: NodeRequest;
  /** Reading more than this many bytes is an invalid_payload (default MAX_WEBHOOK_BODY_IN_BYTES, 1 MiB). */
  readonly maxBodyInBytes?: number;
}

/**
 * Reads a node request's raw body (or takes the bytes express.raw() left in `req.body`) and verifies it.
 *
 * @example
 * // Express: the webhook route gets the raw body, never express.json()
 * app.post('/webhooks', express.raw({ type: 'application/json' }), async (req, res) => {
 *   const event = await verifyNodeRequest({ req, secret: process.env.WEBHOOK_SECRET! });
 *   res.sendStatus(204);
 * });
 */
export async function verifyNodeRequest<P extends ProfileName = 'standard'>(options: VerifyNodeRequestOptions<P>): Promise<ProfileEvent<P>> {
  const call = 'verifyNodeRequest({ req, secret })';
  const { req } = optionsObject(options, call);
  const resolved = resolveVerifyOptions(options, call);
  const maxBodyInBytes = resolveMaxBodyInBytes(options.maxBodyInBytes);
  if (typeof req !== 'object' || req === null || typeof req.headers !== 'object' || req.headers === null) {
    throw new WebhookVerificationError('invalid_option', { reason: 'req must be a node IncomingMessage with its headers', hint: 'for Fetch API requests use verifyRequest({ request })' });
  }
  const payload = await readNodeBody(req, maxBodyInBytes);
  // headersDistinct keeps repeated headers apart, where req.headers would join them with ", ".
  const headers = req.headersDistinct ?? req.headers;
  return verifyResolved<P>(resolved, headers, payload);
}

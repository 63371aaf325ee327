// A raw request body as integrators hold it: text, a Buffer, any typed array or DataView, an ArrayBuffer.
import { WebhookVerificationError } from './errors.js';

/** A raw request body as the verifier accepts it: the exact bytes received (a string is taken as UTF-8). */
export type RawBody = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/** True for anything rawBody turns into bytes or text; a parsed object is not. */
export function isRawBody(value: unknown): value is RawBody {
  return typeof value === 'string' || ArrayBuffer.isView(value) || isArrayBuffer(value);
}

// instanceof misses an ArrayBuffer of another realm (a vm context, a worker's transfer).
function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return value instanceof ArrayBuffer || Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}

/**
 * The raw body as text or bytes, never copied: a view over the same memory. A parsed object, null or
 * undefined is the classic misuse, and an invalid_payload that says so.
 */
export function rawBody(payload: unknown): string | Uint8Array {
  if (typeof payload === 'string' || payload instanceof Uint8Array) return payload;
  if (ArrayBuffer.isView(payload)) return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
  if (isArrayBuffer(payload)) return new Uint8Array(payload);
  const got = payload === null ? 'null' : payload === undefined ? 'undefined' : Array.isArray(payload) ? 'an array' : `a ${typeof payload}`;
  throw new WebhookVerificationError('invalid_payload', {
    reason: `The payload is ${got}, not the raw request body`,
    hint:
      typeof payload === 'object' && payload !== null
        ? 'pass the raw request body you received (a string or Buffer, e.g. from express.raw() or await request.text()), not a parsed object: re-serialized JSON is not the bytes that were signed'
        : 'pass the raw request body you received (a string, Buffer, typed array or ArrayBuffer)',
  });
}

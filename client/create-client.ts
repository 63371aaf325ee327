// The typed API client: openapi-fetch over generated/api.ts, with auth, idempotency, retries and problems.
import createFetchClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from '../generated/api.js';
import { needsIdempotencyKey } from './idempotency.js';
import { asProblemResponse } from './problem.js';
import { defaultRetryPolicy, retryingFetch, type RetryPolicy } from './retry-policy.js';

/** The client: every path, parameter, body and response typed by the contract. */
export type ApiClient = Client<paths>;

/** Options of createClient. */
export interface CreateClientOptions {
  /** e.g. `http://127.0.0.1:4010` (the mock platform). */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  readonly apiKey: string;
  /**
   * The fetch to use. When omitted, `globalThis.fetch` is looked up on every request (not captured
   * now), so msw's `server.listen()` called after createClient still intercepts.
   */
  readonly fetch?: (request: Request) => Promise<Response>;
  /** Retry policy overrides, or false to never retry. */
  readonly retry?: Partial<RetryPolicy> | false;
  /** Sleeps between retries (injected in tests). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source, in [0, 1). */
  readonly random?: () => number;
  /** The clock in ms, for Retry-After dates. */
  readonly now?: () => number;
  /** Makes Idempotency-Keys (default: a random UUID). */
  readonly idempotencyKey?: () => string;
  /** Headers sent with every request. */
  readonly headers?: Readonly<Record<string, string>>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A typed client for the Credential Events API. Expected failures are values: `{ data, error, response }`,
 * with `error` always an ApiProblem.
 *
 * @example
 * const client = createClient({ baseUrl: 'http://127.0.0.1:4010', apiKey: process.env.CREDKIT_API_KEY! });
 * const { data, error } = await client.POST('/v1/credentials', { body: { … } });
 * if (error) console.error(error.title, error.errors);
 */
export function createClient({
  baseUrl,
  apiKey,
  fetch,
  retry = {},
  sleep = defaultSleep,
  random = Math.random,
  now = Date.now,
  idempotencyKey = () => globalThis.crypto.randomUUID(),
  headers = {},
}: CreateClientOptions): ApiClient {
  if (typeof baseUrl !== 'string' || !/^https?:\/\//.test(baseUrl)) {
    throw new TypeError(`createClient: baseUrl must be an http(s) URL, got ${JSON.stringify(baseUrl)} (e.g. http://127.0.0.1:4010)`);
  }
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw new TypeError('createClient: apiKey is empty (is the environment variable holding it set?)');
  }
  const policy: RetryPolicy = retry === false ? { ...defaultRetryPolicy, maxRetries: 0 } : { ...defaultRetryPolicy, ...retry };
  const send = fetch ?? ((request: Request) => globalThis.fetch(request));
  const client = createFetchClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    headers,
    fetch: retryingFetch(send, policy, { sleep, random, now }),
  });
  client.use(requestMiddleware(apiKey, idempotencyKey));
  return client;
}

function requestMiddleware(apiKey: string, idempotencyKey: () => string): Middleware {
  return {
    onRequest({ request, schemaPath }) {
      request.headers.set('authorization', `Bearer ${apiKey}`);
      if (needsIdempotencyKey(request.method, schemaPath) && !request.headers.has('idempotency-key')) {
        request.headers.set('idempotency-key', idempotencyKey());
      }
      return request;
    },
    onResponse({ response }) {
      return asProblemResponse(response);
    },
  };
}

// Bounded retries of 429 and 503, honouring Retry-After, for requests that are safe to repeat.

import { parseRetryAfterMs } from './retry-after.js';

/** How the client retries. A schedule as data: statuses, attempts and delays. */
export interface RetryPolicy {
  /** Retries after the first attempt (0 disables retrying). */
  readonly maxRetries: number;
  /** The statuses worth retrying: the server asked to come back later. */
  readonly statuses: readonly number[];
  /** First backoff when the answer has no Retry-After; doubles with each retry (full jitter). */
  readonly baseDelayInMs: number;
  /** The longest wait; a Retry-After beyond it is not waited for (the answer is returned). */
  readonly maxDelayInMs: number;
}

/** The default policy: 3 retries of 429 and 503, 0.5 s doubling backoff, waits of at most 30 s. */
export const defaultRetryPolicy: RetryPolicy = { maxRetries: 3, statuses: [429, 503], baseDelayInMs: 500, maxDelayInMs: 30_000 };

/** The effects retrying needs, injected so tests run the schedule in compressed time. */
export interface RetryEffects {
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly now: () => number;
}

/**
 * Whether a request may be sent twice without doing its work twice: GET, HEAD and OPTIONS, and any
 * request that carries an Idempotency-Key (the server answers a repeat with the first answer).
 */
export function isSafeToRepeat(request: Request): boolean {
  const method = request.method.toUpperCase();
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || request.headers.has('idempotency-key');
}

/**
 * The wait before retry number `retry` (0-based), or undefined to stop: Retry-After (seconds or an
 * HTTP date) when the server sent one, else exponential backoff with full jitter.
 */
export function retryDelayInMs(policy: RetryPolicy, response: Response, retry: number, effects: Pick<RetryEffects, 'random' | 'now'>): number | undefined {
  if (retry >= policy.maxRetries || !policy.statuses.includes(response.status)) return undefined;
  const delay = parseRetryAfterMs(response.headers.get('retry-after'), effects.now());
  if (delay === undefined) return backoff(policy, retry, effects.random);
  // Asked to wait longer than we are willing to: give the caller the answer instead.
  return delay > policy.maxDelayInMs ? undefined : delay;
}

function backoff(policy: RetryPolicy, retry: number, random: () => number): number {
  return Math.min(policy.maxDelayInMs, Math.floor(random() * policy.baseDelayInMs * 2 ** retry));
}

/**
 * Wraps a fetch so that safe requests answered 429/503 are retried per the policy. The request is
 * cloned before each attempt, since sending consumes its body.
 */
export function retryingFetch(fetch: (request: Request) => Promise<Response>, policy: RetryPolicy, effects: RetryEffects): (request: Request) => Promise<Response> {
  return async (request) => {
    if (policy.maxRetries <= 0 || !isSafeToRepeat(request)) return fetch(request);
    for (let retry = 0; ; retry++) {
      const response = await fetch(request.clone());
      const delay = retryDelayInMs(policy, response, retry, effects);
      if (delay === undefined) return response;
      // Drain the abandoned answer so its connection can be reused.
      await response.body?.cancel().catch(() => undefined);
      await effects.sleep(delay);
      request.signal.throwIfAborted();
    }
  };
}

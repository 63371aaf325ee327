// A small client of a running mock for the CLI (`credkit trigger`, `credkit deliveries`): JSON in,
// JSON out, problem+json turned into one error with the platform's detail and a hint.

/** Stable codes of {@link MockApiError}. */
export type MockApiErrorCode = 'unreachable' | 'unauthorized' | 'not_found' | 'rejected';

/**
 * A call to the mock that did not succeed.
 * @example try { await api.call('GET', '/v1/deliveries/dlv_x') } catch (e) { if (e instanceof MockApiError) console.log(e.code, e.hint) }
 */
export class MockApiError extends Error {
  override readonly name = 'MockApiError';
  constructor(
    readonly code: MockApiErrorCode,
    message: string,
    readonly hint: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Options of {@link createDeliveryApi}. */
export interface DeliveryApiOptions {
  /** Default http://127.0.0.1:4010 (what `credkit mock` listens on). */
  apiUrl?: string;
  apiKey?: string;
  fetch?: typeof fetch;
}

/** The calls the CLI makes. */
export interface DeliveryApi {
  readonly apiUrl: string;
  call<T = unknown>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  /** Every item of a list operation, following nextCursor. */
  listAll<T = unknown>(path: string, query?: Record<string, string | undefined>): Promise<T[]>;
}

/** The default address of `credkit mock`. */
export const DEFAULT_API_URL = 'http://127.0.0.1:4010';

/**
 * A client of a running mock.
 * @example const api = createDeliveryApi({ apiUrl: 'http://127.0.0.1:4010' }); await api.call('POST', '/v1/deliveries/dlv_…/retry');
 */
export function createDeliveryApi({ apiUrl = DEFAULT_API_URL, apiKey = 'sk_test_credkit', fetch: fetchFn = fetch }: DeliveryApiOptions = {}): DeliveryApi {
  const base = apiUrl.replace(/\/+$/, '');
  const call = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> => {
    let res: Response;
    try {
      res = await fetchFn(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      throw new MockApiError('unreachable', `cannot reach the mock at ${base}`, 'start it with `credkit mock` or pass --api-url', undefined, { cause: err });
    }
    const text = await res.text();
    const json = text === '' ? undefined : (JSON.parse(text) as unknown);
    if (res.ok) return json as T;
    const detail = (json as { detail?: string } | undefined)?.detail ?? `HTTP ${res.status}`;
    if (res.status === 401) throw new MockApiError('unauthorized', `the mock rejected the API key: ${detail}`, 'pass the key the mock was started with: --api-key', 401);
    if (res.status === 404) throw new MockApiError('not_found', detail, 'check the id; `credkit deliveries list` shows the deliveries', 404);
    throw new MockApiError('rejected', `${method} ${path} answered ${res.status}: ${detail}`, 'see the detail above', res.status);
  };
  return {
    apiUrl: base,
    call,
    async listAll<T>(path: string, query: Record<string, string | undefined> = {}) {
      const items: T[] = [];
      let cursor: string | null | undefined;
      do {
        const params = new URLSearchParams({ limit: '100' });
        for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, v);
        if (cursor) params.set('cursor', cursor);
        const page = await call<{ items: T[]; nextCursor: string | null }>('GET', `${path}?${params}`);
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return items;
    },
  };
}

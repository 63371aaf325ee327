// credkit/msw: the mock platform as msw request handlers, for integrators' unit tests.
// The same core and route table as `credkit mock`: only the transport differs, and one thing is left
// out on purpose: the delivery engine. An in-process unit test should not push HTTP webhooks from the
// test run, so the platform is built without `createDeliveryPlugin` and the 11 webhook-endpoint and
// delivery operations answer 501 problem+json (type …/problems/not-implemented). For real signed
// deliveries run `credkit mock --forward-to <url>`, or build the platform yourself with
// `createMockPlatform({ plugins: [createDeliveryPlugin(…)] })` from credkit/mock-server.
import { http, type HttpHandler } from 'msw';
import { createMockPlatform, type MockPlatform, type MockPlatformOptions } from '../platform.js';

/** Options of {@link createHandlers}. */
export interface CreateHandlersOptions extends MockPlatformOptions {
  /** Where your code under test sends its API calls, e.g. 'https://api.credkit.test'. */
  baseUrl: string;
  /** Serve an existing platform instead of creating one (then the platform options are ignored). */
  platform?: MockPlatform;
}

/** Handlers plus the platform behind them (to advance its clock or inspect events in a test). */
export interface MockHandlers {
  readonly handlers: HttpHandler[];
  readonly platform: MockPlatform;
  /** Stops the platform (timers, database). */
  close(): Promise<void>;
}

/**
 * The mock platform as msw handlers, without the delivery engine: webhook-endpoint and delivery
 * operations answer 501 problem+json (pass `plugins` to opt in; its deliveries are real HTTP, not seen by msw).
 * @example
 * import { setupServer } from 'msw/node';
 * import { createHandlers } from 'credkit/msw';
 * const server = setupServer(...createHandlers({ baseUrl: 'https://api.credkit.test' }));
 */
export function createHandlers(options: CreateHandlersOptions): HttpHandler[] {
  return createMockHandlers(options).handlers;
}

/**
 * Like {@link createHandlers}, and also returns the platform and a `close()`. The events your code
 * caused are in `mock.platform.eventLog` (no webhooks are pushed without the delivery plugin).
 * @example
 * const mock = createMockHandlers({ baseUrl: 'https://api.credkit.test', seed: 7 });
 * server.use(...mock.handlers);
 * mock.platform.clock.advance(60_000);
 */
export function createMockHandlers({ platform: given, ...options }: CreateHandlersOptions): MockHandlers {
  const platform = given ?? createMockPlatform(options);
  const base = new URL(options.baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  const ready = platform.start();
  const handler = http.all(`${base.origin}${prefix}/*`, async ({ request }) => {
    await ready;
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => (headers[key] = value));
    // Bytes, not request.text(): the platform decodes them strictly, so invalid UTF-8 is the same 400 as over HTTP.
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : new Uint8Array(await request.arrayBuffer());
    const answer = platform.handle({ method: request.method, path: url.pathname.slice(prefix.length) || '/', query: url.search.slice(1), headers, body });
    return new Response(answer.body ?? null, { status: answer.status, headers: answer.headers });
  });
  return { handlers: [handler], platform, close: () => platform.stop() };
}

export type { MockPlatform, MockPlatformOptions } from '../platform.js';

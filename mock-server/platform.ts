// The mock platform: one core (store, clock, lifecycle, event log) behind one request pipeline.
// Transports (node:http, msw) turn their requests into a MockRequest and write back the MockResponse;
// nothing here knows about sockets, so the same answers come out of both.
import { timingSafeEqual } from 'node:crypto';
import { createMockClock, type RealTimers } from './clock.js';
import { silentLogger, type MockLogger, type MockPlatformContext, type MockPlatformSettings } from './context.js';
import { createEventLog } from './event-log.js';
import { createFactories } from './factories.js';
import { createIdempotencyStore, fingerprintRequest } from './idempotency.js';
import { idFactory } from './ids.js';
import { defineLifecycleTimers } from './lifecycle/index.js';
import { loadOpenApiDocument } from './openapi-document.js';
import { PAGE_LIMIT } from './pagination.js';
import { bodyText, parseJsonBody, requireJsonContentType } from './json-body.js';
import { ApiProblem, type FieldError } from './problem.js';
import { seededRandom } from './random.js';
import type { HttpMethod, RouteDefinition, RouteRequest, RouteResult } from './route.js';
import { createRouter } from './router.js';
import { contractRoutes, mockControlRoutes } from './routes/index.js';
import { createScheduler } from './scheduler.js';
import { openStore, type Migration } from './store.js';
import { StoreError } from './store-error.js';
import { compileValidators, type OpenApiDocument, type OperationValidator } from './validation.js';

/** A request as the transports hand it over. Header names lower-case. */
export interface MockRequest {
  method: string;
  /** Path without query, e.g. '/v1/credentials/crd_1'. */
  path: string;
  /** The raw query string without '?', e.g. 'limit=5&status=issued'. */
  query?: string;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body: bytes as received (decoded here, strictly UTF-8), or text; undefined or empty when none. */
  body?: string | Uint8Array | undefined;
  /** Set by a transport that stopped reading a body larger than maxBodyBytes. */
  bodyTooLarge?: boolean;
}

/** The answer; `body` is already serialised JSON (or undefined for no body). */
export interface MockResponse {
  status: number;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A plugin (the delivery engine). See mock-server/README.md. */
export interface MockPlugin {
  readonly name: string;
  readonly migrations?: readonly Migration[];
  readonly routes?: readonly RouteDefinition[];
  /** Synchronous, after migrations and before any request: register eventLog.onRecord here. */
  init?(platform: MockPlatformContext): void;
  start?(): void | Promise<void>;
  stop?(): void | Promise<void>;
  /** Empties the plugin's tables on POST /_mock/reset (runs inside the reset transaction). */
  reset?(): void;
}

/** Options of {@link createMockPlatform}. */
export interface MockPlatformOptions {
  /** SQLite file, or ':memory:' (default) for a throwaway platform. */
  db?: string;
  /** Seed of every random choice: the same seed gives the same data (default 1). */
  seed?: number;
  /** The API key clients must send as `Authorization: Bearer <key>` (default 'sk_test_credkit'). */
  apiKey?: string;
  /** Real delay = mock delay × timeScale (default 1; 0.001 = a thousand times faster). */
  timeScale?: number;
  /** Real time source in ms (default Date.now); tests inject one. */
  now?: () => number;
  /** Real timers; tests inject fakes. */
  timers?: RealTimers;
  logger?: MockLogger;
  plugins?: readonly MockPlugin[];
  /** The contract to validate against (default generated/openapi.json). */
  openapi?: OpenApiDocument;
  /** Largest accepted body in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /**
   * Rate limit of the API in requests per real second (a token bucket with a burst of the same size);
   * beyond it, 429 `rate-limited` with `Retry-After`. Off by default, so tests never trip over it.
   */
  rateLimit?: number;
  baseUrl?: string;
}

/** A running platform. */
export interface MockPlatform extends MockPlatformContext {
  /** Answers one request. Synchronous: SQLite is, and nothing else in the core waits. */
  handle(request: MockRequest): MockResponse;
  /** The merged route table (core + plugins + /_mock/ controls). */
  readonly routes: readonly RouteDefinition[];
  readonly maxBodyBytes: number;
  /** Arms the scheduler (resuming persisted timers) and starts plugins. Idempotent. */
  start(): Promise<void>;
  /** Stops plugins and timers, persists the clock and closes the database. Idempotent. */
  stop(): Promise<void>;
  /** Empties every table (what POST /_mock/reset does). */
  reset(): void;
  /** Renders a problem a transport found before the pipeline (a refused Host or Origin), with a fresh request id. */
  answerProblem(problem: ApiProblem, path: string): MockResponse;
}

const JSON_TYPE = 'application/json';
const PROBLEM_TYPE = 'application/problem+json';
const DEFAULT_API_KEY = 'sk_test_credkit';
const BEARER = /^bearer[ \t]+(.+)$/is;
const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

interface CompiledRoute extends RouteDefinition {
  validator: OperationValidator | undefined;
  isContract: boolean;
}

const headerValue = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(', ') : v);

// Null-prototype: a query or header named `constructor`, `__proto__` or `toString` is just a name.
function parseQuery(query: string | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = Object.create(null);
  if (!query) return out;
  for (const [k, v] of new URLSearchParams(query)) (out[k] ??= []).push(v);
  return out;
}

function mixSeed(seed: number, generation: number): number {
  // A restart on the same database must not replay the id stream of the first run (ids would collide).
  return generation === 0 ? seed : (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(generation, 0xc2b2ae35)) >>> 0;
}

/**
 * Creates the mock platform (synchronous; call `start()` to arm the clock and plugins).
 * @example
 * const platform = createMockPlatform({ db: ':memory:', seed: 7 });
 * await platform.start();
 * platform.handle({ method: 'GET', path: '/v1/events', headers: { authorization: 'Bearer sk_test_credkit' } });
 */
export function createMockPlatform({
  db: dbPath = ':memory:',
  seed = 1,
  apiKey = DEFAULT_API_KEY,
  timeScale = 1,
  now = Date.now,
  timers,
  logger = silentLogger,
  plugins = [],
  openapi,
  maxBodyBytes = 1024 * 1024,
  rateLimit,
  baseUrl,
}: MockPlatformOptions = {}): MockPlatform {
  if (rateLimit !== undefined && !(rateLimit > 0)) throw new RangeError(`rateLimit must be a positive number of requests per second; got ${rateLimit}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer; got ${seed}`);
  if (apiKey.length === 0) throw new RangeError('apiKey must not be empty');
  const store = openStore({ path: dbPath });
  for (const plugin of plugins) if (plugin.migrations) store.migrate(plugin.migrations);

  const generation = Number(store.getMeta('generation') ?? '-1') + 1;
  store.setMeta('generation', String(generation));
  const persistedOffset = Number(store.getMeta('clock.offsetMs') ?? '0');
  const lastEventMs = (store.db.prepare('SELECT max(created_ms) AS ms FROM events').get() as { ms: number | null }).ms;
  // Never rewind: resume at least where the last recorded event happened.
  const offsetMs = Math.max(persistedOffset, lastEventMs === null ? -Infinity : lastEventMs - now());
  const clock = createMockClock({ now, timeScale, offsetMs, ...(timers ? { timers } : {}) });
  const random = seededRandom(mixSeed(seed, generation));
  const newId = idFactory(random);
  const requestIds = idFactory(seededRandom(mixSeed(seed ^ 0x5bd1e995, generation)), 16);
  const eventLog = createEventLog({ store, clock, newId });
  const scheduler = createScheduler({ store, clock, onError: (err) => logger.error(`timer failed: ${(err as Error).message}`) });
  const settings: MockPlatformSettings = { apiKey, seed, timeScale, baseUrl };
  const context: MockPlatformContext = { db: store.db, store, clock, eventLog, scheduler, random, factories: createFactories(random), newId, logger, options: settings };
  defineLifecycleTimers(context);
  for (const plugin of plugins) plugin.init?.(context);

  const persistClock = () => {
    if (store.db.open) store.setMeta('clock.offsetMs', String(clock.offsetMs()));
  };
  clock.onAdvance(persistClock);

  const reset = () => {
    store.transaction(() => {
      for (const table of ['objects', 'events', 'timers', 'idempotency']) store.db.exec(`DELETE FROM ${table}`);
      for (const plugin of plugins) plugin.reset?.();
    });
    scheduler.runDue();
  };

  const doc = openapi ?? loadOpenApiDocument();
  const validators = compileValidators(doc);
  const routeList: RouteDefinition[] = [...contractRoutes, ...plugins.flatMap((p) => p.routes ?? []), ...mockControlRoutes(reset)];
  const compiled: CompiledRoute[] = routeList.map((r) => {
    const isContract = r.contract !== false;
    const validator = isContract ? validators.get(r.operationId) : undefined;
    if (isContract && !validator) logger.warn(`route ${r.method} ${r.path} (${r.operationId}) is not in the contract; its input is not validated`);
    return { ...r, validator, isContract };
  });
  const router = createRouter(compiled);
  const idempotency = createIdempotencyStore(store);
  const expectedKey = Buffer.from(apiKey);
  const bucket = { tokens: rateLimit ?? 0, at: now() };
  /** Takes a token, or returns the whole seconds until one is back. */
  const takeToken = (): number => {
    if (rateLimit === undefined) return 0;
    const t = now();
    bucket.tokens = Math.min(rateLimit, bucket.tokens + ((t - bucket.at) / 1000) * rateLimit);
    bucket.at = t;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / rateLimit));
  };

  const respond = (status: number, body: unknown, headers: Record<string, string>, contentType = JSON_TYPE): MockResponse => ({
    status,
    headers: body === undefined ? headers : { 'content-type': contentType, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const problem = (p: ApiProblem, requestId: string, instance: string): MockResponse =>
    respond(p.status, p.toDocument(requestId, instance), { 'x-request-id': requestId, ...p.headers }, PROBLEM_TYPE);

  const authorized = (header: string | undefined): boolean => {
    // RFC 9110 §11.1: the scheme is case-insensitive, so `bearer <key>` is `Bearer <key>`.
    const token = header === undefined ? undefined : BEARER.exec(header.trim())?.[1];
    if (token === undefined) return false;
    const given = Buffer.from(token);
    return given.length === expectedKey.length && timingSafeEqual(given, expectedKey);
  };

  const handle = (request: MockRequest): MockResponse => {
    const requestId = requestIds('request');
    const method = request.method.toUpperCase();
    const path = request.path;
    try {
      const match = router.match(method, path);
      if (match.kind === 'not-found') {
        throw new ApiProblem('not-found', { detail: `No route ${method} ${path}. The API lives under /v1; see the reference.` });
      }
      if (match.kind === 'method-not-allowed') {
        throw new ApiProblem('method-not-allowed', { detail: `${path} does not accept ${method}; it accepts ${match.allowed.join(', ')}.`, headers: { allow: match.allowed.join(', ') } });
      }
      const r = match.route;
      const headers: Record<string, string | undefined> = Object.create(null);
      for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = headerValue(v);

      if (r.isContract && !authorized(headers.authorization)) {
        throw new ApiProblem('unauthorized', {
          detail: headers.authorization === undefined ? 'Send your API key as "Authorization: Bearer <key>".' : 'The API key is not valid for this platform.',
          headers: { 'www-authenticate': headers.authorization === undefined ? 'Bearer realm="credkit"' : 'Bearer realm="credkit", error="invalid_token"' },
        });
      }
      const retryAfter = r.isContract ? takeToken() : 0;
      if (retryAfter > 0) {
        throw new ApiProblem('rate-limited', { detail: `More than ${rateLimit} requests per second; retry after ${retryAfter} s.`, headers: { 'retry-after': String(retryAfter) } });
      }
      // Timers due by now run before we read state, so a GET never shows a past that already moved on.
      scheduler.runDue();

      const size = request.body === undefined ? 0 : typeof request.body === 'string' ? Buffer.byteLength(request.body) : request.body.byteLength;
      if (request.bodyTooLarge || size > maxBodyBytes) {
        throw new ApiProblem('payload-too-large', { detail: `The body is larger than ${maxBodyBytes} bytes.`, errors: [{ pointer: '/body', message: `must be at most ${maxBodyBytes} bytes` }] });
      }
      // /_mock/ controls change state without a key. A web page can send text/plain, a form or no body
      // cross-site without asking (a CORS "simple" request); application/json needs a preflight the mock
      // never grants, so requiring it keeps pages out even where Origin is missing.
      if (!r.isContract && method !== 'GET') requireJsonContentType(headers['content-type'], 'the /_mock/ controls require it so that no web page can send them (curl -H "content-type: application/json" …)');
      const text = method === 'GET' || method === 'DELETE' ? '' : bodyText(request.body);
      const hasBody = text.trim().length > 0;
      let body: unknown;
      if (hasBody) {
        if (r.isContract) requireJsonContentType(headers['content-type'], 'a request body needs it');
        body = parseJsonBody(text);
      }

      let query: Record<string, unknown> = Object.create(null);
      let params = match.params;
      if (r.validator) {
        const result = r.validator.validate({ params: match.params, query: parseQuery(request.query), headers, body, hasBody });
        if (!result.ok) {
          const n = result.errors.length;
          throw new ApiProblem('validation-error', { detail: `${n} ${n === 1 ? 'field is' : 'fields are'} invalid; see errors.`, errors: result.errors });
        }
        query = result.query;
        params = result.params as Record<string, string>;
      } else {
        // Mock-only routes declare the few names they read; any other is the same 400 as on the API.
        const errors: FieldError[] = [];
        for (const [name, values] of Object.entries(parseQuery(request.query))) {
          if (r.query?.includes(name)) query[name] = values[0];
          else errors.push({ pointer: `/query/${escapePointer(name)}`, message: 'is not a known query parameter' });
        }
        if (errors.length > 0) throw new ApiProblem('validation-error', { detail: `${errors.length} query ${errors.length === 1 ? 'parameter is' : 'parameters are'} not known here; see errors.`, errors });
      }
      if (query.limit === undefined && r.validator) query.limit = PAGE_LIMIT.default;

      const routeRequest: RouteRequest = { method: method as HttpMethod, path, params, query, headers, body, requestId };
      // Only operations whose contract declares Idempotency-Key honour it (their 422 is documented).
      const key = r.validator?.headerNames.includes('idempotency-key') ? headers['idempotency-key'] : undefined;
      if (key === undefined) return toResponse(r.handler(routeRequest, context), requestId);

      const fingerprint = fingerprintRequest(method, path, body);
      const stored = idempotency.lookup(key, fingerprint);
      if (stored === 'mismatch') {
        throw new ApiProblem('idempotency-key-reused', { detail: 'This Idempotency-Key was first used with another request; use a new key for a new request.' });
      }
      if (stored !== 'miss') {
        return respond(stored.status, stored.body, { ...stored.headers, 'idempotent-replayed': 'true', 'x-request-id': requestId }, stored.status >= 400 ? PROBLEM_TYPE : JSON_TYPE);
      }
      // The handler's change and the stored answer commit together: a crash cannot leave one without the other.
      return store.transaction(() => {
        let result: RouteResult;
        try {
          result = r.handler(routeRequest, context);
        } catch (err) {
          if (!(err instanceof ApiProblem)) throw err;
          // Expected failures are answers too: a retry with the same key gets the same problem.
          const doc = err.toDocument(requestId, path);
          idempotency.save(key, fingerprint, { status: err.status, headers: err.headers, body: doc }, clock.now());
          return problem(err, requestId, path);
        }
        idempotency.save(key, fingerprint, { status: result.status, headers: result.headers ?? {}, body: result.body }, clock.now());
        return toResponse(result, requestId);
      });
    } catch (err) {
      if (err instanceof ApiProblem) return problem(err, requestId, path);
      if (err instanceof StoreError) {
        // The file's fault, not credkit's: one line that names the file and what to do, no stack.
        logger.error(`${method} ${path} was not saved: ${err.message}; ${err.hint}`);
        return problem(new ApiProblem('storage-error', { detail: `Nothing was saved: ${err.message}. ${err.hint[0]!.toUpperCase()}${err.hint.slice(1)}.` }), requestId, path);
      }
      logger.error(`${method} ${path} failed: ${(err as Error).stack ?? String(err)}`);
      return problem(new ApiProblem('internal-error', { detail: `The mock failed on this request (${(err as Error).message}); this is a bug in credkit, please report it with the request id.` }), requestId, path);
    }
  };

  const toResponse = (result: RouteResult, requestId: string): MockResponse => {
    const headers: Record<string, string> = { 'x-request-id': requestId };
    for (const [k, v] of Object.entries(result.headers ?? {})) headers[k.toLowerCase()] = v;
    return respond(result.status, result.body, headers);
  };

  let started = false;
  let stopped = false;
  let persistTimer: NodeJS.Timeout | undefined;
  return {
    ...context,
    routes: compiled,
    maxBodyBytes,
    handle,
    reset,
    answerProblem: (p, path) => problem(p, requestIds('request'), path),
    async start() {
      if (started) return;
      started = true;
      scheduler.start();
      // With a fast clock a crash could otherwise rewind mock time by the interval × 1/timeScale.
      persistTimer = setInterval(persistClock, 2000);
      persistTimer.unref();
      for (const plugin of plugins) await plugin.start?.();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const plugin of [...plugins].reverse()) await plugin.stop?.();
      if (persistTimer) clearInterval(persistTimer);
      scheduler.stop();
      persistClock();
      clock.dispose();
      store.close();
    },
  };
}

// credkit/mock-server: the stateful mock platform for programmatic use.
//
//   const server = await startMockServer({ port: 0, seed: 7 });   // real HTTP on 127.0.0.1
//   const platform = createMockPlatform({ db: ':memory:' });       // in-process, no socket
//
// The msw handlers live in credkit/msw.
import { listen, type ListenOptions, type MockHttpServer } from './http-server.js';
import { createMockPlatform, type MockPlatform, type MockPlatformOptions } from './platform.js';

/** Options of {@link startMockServer}: the platform's and the listener's. */
export interface StartMockServerOptions extends MockPlatformOptions, ListenOptions {}

/** A started server with its platform. */
export interface RunningMockServer extends MockHttpServer {
  readonly platform: MockPlatform;
  /** Stops listening, then stops the platform (plugins, timers, database). */
  stop(): Promise<void>;
}

/**
 * Creates a platform and serves it over HTTP on 127.0.0.1.
 * @example
 * const mock = await startMockServer({ port: 0, db: ':memory:' });
 * await fetch(`${mock.url}/v1/events`, { headers: { authorization: 'Bearer sk_test_credkit' } });
 * await mock.stop();
 */
export async function startMockServer(options: StartMockServerOptions = {}): Promise<RunningMockServer> {
  const { port, host, allowedHosts, allowedOrigins, requestTimeoutMs, headersTimeoutMs, onRequest, ...platformOptions } = options;
  const platform = createMockPlatform(platformOptions);
  const listenOptions: ListenOptions = { port, host, allowedHosts, allowedOrigins, requestTimeoutMs, headersTimeoutMs, onRequest };
  // Unset options stay unset, so listen's defaults apply.
  for (const key of Object.keys(listenOptions) as (keyof ListenOptions)[]) if (listenOptions[key] === undefined) delete listenOptions[key];
  let server: MockHttpServer;
  try {
    await platform.start();
    server = await listen(platform, listenOptions);
  } catch (err) {
    await platform.stop();
    throw err;
  }
  return {
    ...server,
    platform,
    async stop() {
      await server.close();
      await platform.stop();
    },
  };
}

// Core
export { createMockPlatform } from './platform.js';
export { listen, PortInUseError, MockServerOptionError } from './http-server.js';
export { createMockClock } from './clock.js';
export { openStore, coreMigrations } from './store.js';
export { StoreError } from './store-error.js';
export type { StoreErrorCode } from './store-error.js';
export { toEnvelope, EVENT_API_VERSION } from './event-log.js';
export { ApiProblem, problemCatalog, PROBLEM_BASE } from './problem.js';
export { route, etag } from './route.js';
export { seededRandom } from './random.js';
export { createFactories } from './factories.js';
export { idPrefixes } from './ids.js';

// The delivery engine: add it as a plugin to push signed webhooks to registered endpoints.
export { createDeliveryPlugin, DeliveryConfigError } from './delivery/index.js';
// Lifecycle catalogs (data)
export { credentialMachine } from './lifecycle/credentials.js';
export { bulkIssuanceMachine, bulkTiming } from './lifecycle/bulk-issuances.js';
export { caseMachine, checkMachine, caseTiming } from './lifecycle/cases.js';
export { businessMachine, businessTiming } from './lifecycle/businesses.js';

export type { MockPlatform, MockPlatformOptions, MockPlugin, MockRequest, MockResponse } from './platform.js';
export type { MockPlatformContext, MockLogger, MockPlatformSettings } from './context.js';
export type { ListenOptions, MockHttpServer } from './http-server.js';
export type { MockClock, MockClockOptions, RealTimers, ScheduledTimer } from './clock.js';
export type { EventLog, EventEnvelope, RecordedEvent, RecordHook, EventData } from './event-log.js';
export type { Store, Migration, StoredObject } from './store.js';
export type { Scheduler } from './scheduler.js';
export type { RouteDefinition, RouteRequest, RouteResult, HttpMethod } from './route.js';
export type { ProblemCode, ProblemDocument, FieldError } from './problem.js';
export type { DeliveryPlugin, DeliveryPluginOptions, DeliveryEngine } from './delivery/index.js';

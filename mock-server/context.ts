// The platform context: what lifecycle modules, route handlers and plugins get to work with.
import type { SqlDatabase } from './sqlite.js';
import type { MockClock } from './clock.js';
import type { EventLog } from './event-log.js';
import type { Factories } from './factories.js';
import type { IdKind } from './ids.js';
import type { RandomSource } from './random.js';
import type { Scheduler } from './scheduler.js';
import type { Store } from './store.js';

/** One-line logger; lines never contain secrets. */
export interface MockLogger {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
}

/** The resolved options every part can read. */
export interface MockPlatformSettings {
  readonly apiKey: string;
  readonly seed: number;
  readonly timeScale: number;
  /** Where the platform is served, once known (the HTTP server sets it when it listens). */
  baseUrl: string | undefined;
}

/** What plugins, routes and lifecycle code get. See mock-server/README.md. */
export interface MockPlatformContext {
  readonly db: SqlDatabase;
  readonly store: Store;
  readonly clock: MockClock;
  readonly eventLog: EventLog;
  readonly scheduler: Scheduler;
  readonly random: RandomSource;
  readonly factories: Factories;
  readonly newId: (kind: IdKind) => string;
  readonly logger: MockLogger;
  readonly options: MockPlatformSettings;
}

/** A silent logger (the default for in-process use). */
export const silentLogger: MockLogger = { info() {}, warn() {}, error() {} };

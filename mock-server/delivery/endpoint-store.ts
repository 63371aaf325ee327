// Webhook endpoints: rows in SQLite, an in-memory copy the outbox hook and the sender read on every
// event (reloaded after each change), and the contract's view of them.
import type { SqlDatabase } from '../sqlite.js';
import type { components } from '../../generated/api.js';
import { profiles, type ProfileName } from '../../generated/profiles.js';

/** The contract's endpoint status. */
export type EndpointStatus = components['schemas']['EndpointStatus'];
/** The contract's endpoint object. */
export type WebhookEndpointView = components['schemas']['WebhookEndpoint'];

/** Who registered an endpoint: the API, or `credkit mock --forward-to`. */
export type EndpointOrigin = 'api' | 'forward-to';

/** An endpoint as stored. */
export interface Endpoint {
  readonly seq: number;
  readonly id: string;
  url: string;
  readonly profile: ProfileName;
  status: EndpointStatus;
  enabledEvents: string[];
  description: string | null;
  disabledReason: string | null;
  secret: string;
  previousSecret: string | null;
  rotatingUntilMs: number | null;
  revision: number;
  readonly origin: EndpointOrigin;
  consecutiveFailures: number;
  failingSinceMs: number | null;
  readonly createdMs: number;
  updatedMs: number;
}

interface EndpointRow {
  seq: number;
  id: string;
  url: string;
  profile: string;
  status: string;
  enabled_events: string;
  description: string | null;
  disabled_reason: string | null;
  secret: string;
  previous_secret: string | null;
  rotating_until_ms: number | null;
  revision: number;
  origin: string;
  consecutive_failures: number;
  failing_since_ms: number | null;
  created_ms: number;
  updated_ms: number;
}

const fromRow = (r: EndpointRow): Endpoint => ({
  seq: r.seq,
  id: r.id,
  url: r.url,
  profile: r.profile as ProfileName,
  status: r.status as EndpointStatus,
  enabledEvents: JSON.parse(r.enabled_events) as string[],
  description: r.description,
  disabledReason: r.disabled_reason,
  secret: r.secret,
  previousSecret: r.previous_secret,
  rotatingUntilMs: r.rotating_until_ms,
  revision: r.revision,
  origin: r.origin as EndpointOrigin,
  consecutiveFailures: r.consecutive_failures,
  failingSinceMs: r.failing_since_ms,
  createdMs: r.created_ms,
  updatedMs: r.updated_ms,
});

/** Endpoint persistence with a cache of every endpoint (there are few; events are many). */
export interface EndpointStore {
  /** Every endpoint, oldest first (cached). */
  all(): readonly Endpoint[];
  get(id: string): Endpoint | undefined;
  insert(e: Omit<Endpoint, 'seq'>): Endpoint;
  /** Writes every mutable field of `e` (joins the caller's transaction). */
  save(e: Endpoint): void;
  remove(id: string): void;
  /** A page, newest first: seq < beforeSeq. */
  page(limit: number, beforeSeq: number | undefined): { items: Endpoint[]; nextSeq: number | null };
  /** Drops the cache (after a reset or a rollback). */
  invalidate(): void;
}

/**
 * Opens the endpoint store on the platform's database.
 * @example const endpoints = createEndpointStore(db); endpoints.all().filter((e) => e.status === 'active')
 */
export function createEndpointStore(db: SqlDatabase): EndpointStore {
  const selectAll = db.prepare('SELECT * FROM webhook_endpoints ORDER BY seq');
  const insert = db.prepare(`INSERT INTO webhook_endpoints (id, url, profile, status, enabled_events, description, disabled_reason, secret, previous_secret,
    rotating_until_ms, revision, origin, consecutive_failures, failing_since_ms, created_ms, updated_ms)
    VALUES (@id, @url, @profile, @status, @enabledEvents, @description, @disabledReason, @secret, @previousSecret, @rotatingUntilMs, @revision, @origin,
    @consecutiveFailures, @failingSinceMs, @createdMs, @updatedMs)`);
  const update = db.prepare(`UPDATE webhook_endpoints SET url = @url, status = @status, enabled_events = @enabledEvents, description = @description,
    disabled_reason = @disabledReason, secret = @secret, previous_secret = @previousSecret, rotating_until_ms = @rotatingUntilMs, revision = @revision,
    consecutive_failures = @consecutiveFailures, failing_since_ms = @failingSinceMs, updated_ms = @updatedMs WHERE id = @id`);
  const del = db.prepare('DELETE FROM webhook_endpoints WHERE id = ?');
  const pageStmt = db.prepare('SELECT * FROM webhook_endpoints WHERE seq < ? ORDER BY seq DESC LIMIT ?');
  let cache: Endpoint[] | undefined;
  let byId = new Map<string, Endpoint>();
  const load = () => {
    if (!cache) {
      cache = (selectAll.all() as EndpointRow[]).map(fromRow);
      byId = new Map(cache.map((e) => [e.id, e]));
    }
    return cache;
  };
  const params = (e: Omit<Endpoint, 'seq'>) => ({ ...e, enabledEvents: JSON.stringify(e.enabledEvents) });
  return {
    all: load,
    get: (id) => (load(), byId.get(id)),
    insert(e) {
      const info = insert.run(params(e));
      cache = undefined;
      return { ...e, seq: Number(info.lastInsertRowid) };
    },
    save(e) {
      update.run(params(e));
      cache = undefined;
    },
    remove(id) {
      del.run(id);
      cache = undefined;
    },
    page(limit, beforeSeq) {
      const rows = (pageStmt.all(beforeSeq ?? Number.MAX_SAFE_INTEGER, limit + 1) as EndpointRow[]).map(fromRow);
      const more = rows.length > limit;
      const items = more ? rows.slice(0, limit) : rows;
      return { items, nextSeq: more ? items[items.length - 1]!.seq : null };
    },
    invalidate() {
      cache = undefined;
    },
  };
}

/** True when the endpoint takes events of this type. */
export function isSubscribed(e: Endpoint, type: string): boolean {
  return e.enabledEvents.includes('*') || e.enabledEvents.includes(type);
}

/** The secrets that sign now: the new one first, the previous one too during a rotation overlap (profiles with several signatures). */
export function signingSecrets(e: Endpoint, nowMs: number): string[] {
  const overlapping = e.previousSecret !== null && e.rotatingUntilMs !== null && nowMs < e.rotatingUntilMs && profiles[e.profile].signature.multiple;
  return overlapping ? [e.secret, e.previousSecret as string] : [e.secret];
}

/**
 * The contract's view: never the secret.
 * @example presentEndpoint(e, clock.now()) // { object: 'webhook_endpoint', id: 'we_…', status: 'active', … }
 */
export function presentEndpoint(e: Endpoint, nowMs: number): WebhookEndpointView {
  const rotating = e.rotatingUntilMs !== null && nowMs < e.rotatingUntilMs;
  return {
    object: 'webhook_endpoint',
    id: e.id,
    revision: e.revision,
    url: e.url,
    profile: e.profile,
    status: e.status,
    enabledEvents: e.enabledEvents,
    description: e.description,
    disabledReason: e.disabledReason,
    secretRotatingUntil: rotating ? new Date(e.rotatingUntilMs as number).toISOString() : null,
    createdAt: new Date(e.createdMs).toISOString(),
    updatedAt: new Date(e.updatedMs).toISOString(),
  };
}

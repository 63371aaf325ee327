// The delivery engine's tables: endpoints, the durable outbox (one row per delivery) and every
// attempt. Deliveries are inserted in the transaction that records their event (the onRecord hook),
// so after a crash an event on disk always has its deliveries on disk.
import type { Migration } from '../store.js';

/** Applied once each, in order, by the platform (ids are distinct from the core's). */
export const deliveryMigrations: readonly Migration[] = [
  {
    id: 'delivery-001-initial',
    sql: `
      CREATE TABLE webhook_endpoints (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        url TEXT NOT NULL,
        profile TEXT NOT NULL,
        status TEXT NOT NULL,
        enabled_events TEXT NOT NULL,
        description TEXT,
        disabled_reason TEXT,
        secret TEXT NOT NULL,
        previous_secret TEXT,
        rotating_until_ms INTEGER,
        revision INTEGER NOT NULL,
        origin TEXT NOT NULL,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        failing_since_ms INTEGER,
        created_ms INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL
      );
      CREATE TABLE deliveries (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        endpoint_id TEXT NOT NULL,
        event_seq INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        status TEXT NOT NULL,
        attempt_count INTEGER NOT NULL DEFAULT 0,
        next_attempt_ms INTEGER,
        copy_of TEXT,
        copy_mode TEXT,
        signed_ts INTEGER,
        created_ms INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL
      );
      CREATE INDEX deliveries_due ON deliveries (endpoint_id, next_attempt_ms, seq) WHERE next_attempt_ms IS NOT NULL;
      CREATE INDEX deliveries_endpoint ON deliveries (endpoint_id, seq);
      CREATE TABLE delivery_attempts (
        delivery_id TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        started_ms INTEGER NOT NULL,
        status_code INTEGER,
        latency_ms INTEGER NOT NULL,
        error TEXT,
        excerpt TEXT,
        PRIMARY KEY (delivery_id, attempt)
      ) WITHOUT ROWID;
    `,
  },
];

/** The tables POST /_mock/reset empties. */
export const deliveryTables = ['delivery_attempts', 'deliveries', 'webhook_endpoints'] as const;

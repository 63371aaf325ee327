// The durable outbox: one row per (event, endpoint) plus chaos copies, and one row per attempt.
// A row is due while next_attempt_ms is set; the sender clears it when the delivery settles.
import type { SqlDatabase } from '../sqlite.js';
import type { components } from '../../generated/api.js';

/** The contract's delivery status. */
export type DeliveryStatus = components['schemas']['DeliveryStatus'];
/** The contract's delivery object. */
export type DeliveryView = components['schemas']['Delivery'];
/** The contract's attempt object. */
export type DeliveryAttemptView = components['schemas']['DeliveryAttempt'];

/** How a chaos copy is sent: the very bytes and headers of the original, or re-signed with a fresh timestamp. */
export type CopyMode = 'exact' | 'resigned';

/** A delivery as stored. */
export interface DeliveryRow {
  seq: number;
  id: string;
  endpoint_id: string;
  event_seq: number;
  event_id: string;
  event_type: string;
  status: DeliveryStatus;
  attempt_count: number;
  next_attempt_ms: number | null;
  copy_of: string | null;
  copy_mode: CopyMode | null;
  signed_ts: number | null;
  created_ms: number;
  updated_ms: number;
}

/** What the sender reads of a due delivery: the columns it needs and its event's stored body (null if gone). */
export type DueRow = Pick<DeliveryRow, 'id' | 'event_id' | 'event_type' | 'attempt_count' | 'copy_of' | 'copy_mode'> & { body: string | null };

/** One recorded attempt. */
export interface AttemptRecord {
  deliveryId: string;
  attempt: number;
  startedMs: number;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  excerpt: string | null;
}

interface AttemptRow {
  attempt: number;
  started_ms: number;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  excerpt: string | null;
}

/** A new row of the outbox. */
export interface NewDelivery {
  id: string;
  endpointId: string;
  eventSeq: number;
  eventId: string;
  eventType: string;
  dueMs: number;
  createdMs: number;
  copyOf?: string | null;
  copyMode?: CopyMode | null;
}

/** The outbox's statements. Every write joins the caller's transaction. */
export interface DeliveryStore {
  insert(d: NewDelivery): void;
  get(id: string): DeliveryRow | undefined;
  /** Due rows of one endpoint, oldest due first, each with its event's stored body (null if gone). */
  due(endpointId: string, nowMs: number, limit: number): DueRow[];
  /** The earliest next_attempt_ms of an endpoint after `afterMs` (for the wake-up timer), or null. */
  nextDueAfter(endpointId: string, afterMs: number): number | null;
  /** Records an attempt and the delivery's new state; false when the delivery no longer exists. */
  settleAttempt(a: AttemptRecord, next: { status: DeliveryStatus; nextAttemptMs: number | null; signedTs: number | null; nowMs: number }): boolean;
  /** Moves a row (no attempt made): a copy waiting for its original, a manual retry. */
  reschedule(id: string, status: DeliveryStatus, nextAttemptMs: number | null, nowMs: number): void;
  /** Marks every queued delivery of an endpoint failed (disabled or deleted endpoint); returns how many. */
  failQueued(endpointId: string, nowMs: number): number;
  /** Queues failed deliveries of an endpoint created at or after `sinceMs` again; returns how many. */
  requeueFailed(endpointId: string, sinceMs: number, nowMs: number): number;
  attempts(id: string): AttemptRow[];
  /** A page of one endpoint's deliveries, newest first (seq < beforeSeq). */
  page(endpointId: string, status: DeliveryStatus | undefined, limit: number, beforeSeq: number | undefined): { items: DeliveryRow[]; nextSeq: number | null };
  /** How many rows are queued (due now or later). */
  queued(): number;
  /** How many rows of one endpoint are queued (due now or later). */
  queuedFor(endpointId: string): number;
}

/**
 * Prepares the outbox statements on the platform's database.
 * @example const deliveries = createDeliveryStore(db); deliveries.due('we_…', clock.now(), 1)
 */
export function createDeliveryStore(db: SqlDatabase): DeliveryStore {
  const insert = db.prepare(`INSERT INTO deliveries (id, endpoint_id, event_seq, event_id, event_type, status, next_attempt_ms, copy_of, copy_mode, created_ms, updated_ms)
    VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)`);
  const byId = db.prepare('SELECT * FROM deliveries WHERE id = ?');
  // The body comes with the row: one read per batch of due deliveries instead of one per delivery.
  const due = db.prepare(
    `SELECT d.id, d.event_id, d.event_type, d.attempt_count, d.copy_of, d.copy_mode, e.body AS body FROM deliveries d LEFT JOIN events e ON e.seq = d.event_seq
     WHERE d.endpoint_id = ? AND d.next_attempt_ms IS NOT NULL AND d.next_attempt_ms <= ? ORDER BY d.next_attempt_ms, d.seq LIMIT ?`,
  );
  const nextDue = db.prepare('SELECT min(next_attempt_ms) AS ms FROM deliveries WHERE endpoint_id = ? AND next_attempt_ms IS NOT NULL AND next_attempt_ms > ?');
  const insertAttempt = db.prepare('INSERT OR REPLACE INTO delivery_attempts (delivery_id, attempt, started_ms, status_code, latency_ms, error, excerpt) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const settle = db.prepare('UPDATE deliveries SET status = ?, attempt_count = ?, next_attempt_ms = ?, signed_ts = coalesce(?, signed_ts), updated_ms = ? WHERE id = ?');
  const move = db.prepare('UPDATE deliveries SET status = ?, next_attempt_ms = ?, updated_ms = ? WHERE id = ?');
  const failQueued = db.prepare("UPDATE deliveries SET status = 'failed', next_attempt_ms = NULL, updated_ms = ? WHERE endpoint_id = ? AND next_attempt_ms IS NOT NULL");
  const requeue = db.prepare(
    "UPDATE deliveries SET status = CASE WHEN attempt_count = 0 THEN 'pending' ELSE 'retrying' END, next_attempt_ms = ?, updated_ms = ? WHERE endpoint_id = ? AND status = 'failed' AND created_ms >= ?",
  );
  const attempts = db.prepare('SELECT attempt, started_ms, status_code, latency_ms, error, excerpt FROM delivery_attempts WHERE delivery_id = ? ORDER BY attempt');
  const pageAll = db.prepare('SELECT * FROM deliveries WHERE endpoint_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?');
  const pageStatus = db.prepare('SELECT * FROM deliveries WHERE endpoint_id = ? AND status = ? AND seq < ? ORDER BY seq DESC LIMIT ?');
  const queued = db.prepare('SELECT count(*) AS n FROM deliveries WHERE next_attempt_ms IS NOT NULL');
  const queuedFor = db.prepare('SELECT count(*) AS n FROM deliveries WHERE endpoint_id = ? AND next_attempt_ms IS NOT NULL');

  return {
    insert(d) {
      insert.run(d.id, d.endpointId, d.eventSeq, d.eventId, d.eventType, d.dueMs, d.copyOf ?? null, d.copyMode ?? null, d.createdMs, d.createdMs);
    },
    get: (id) => byId.get(id) as DeliveryRow | undefined,
    due: (endpointId, nowMs, limit) => due.all(endpointId, nowMs, limit) as DueRow[],
    nextDueAfter: (endpointId, afterMs) => (nextDue.get(endpointId, afterMs) as { ms: number | null }).ms,
    settleAttempt(a, next) {
      // A delivery deleted meanwhile (POST /_mock/reset) gets no orphan attempt.
      if (settle.run(next.status, a.attempt, next.nextAttemptMs, next.signedTs, next.nowMs, a.deliveryId).changes === 0) return false;
      insertAttempt.run(a.deliveryId, a.attempt, a.startedMs, a.statusCode, a.latencyMs, a.error, a.excerpt);
      return true;
    },
    reschedule(id, status, nextAttemptMs, nowMs) {
      move.run(status, nextAttemptMs, nowMs, id);
    },
    failQueued: (endpointId, nowMs) => failQueued.run(nowMs, endpointId).changes,
    requeueFailed: (endpointId, sinceMs, nowMs) => requeue.run(nowMs, nowMs, endpointId, sinceMs).changes,
    attempts: (id) => attempts.all(id) as AttemptRow[],
    page(endpointId, status, limit, beforeSeq) {
      const before = beforeSeq ?? Number.MAX_SAFE_INTEGER;
      const rows = (status === undefined ? pageAll.all(endpointId, before, limit + 1) : pageStatus.all(endpointId, status, before, limit + 1)) as DeliveryRow[];
      const more = rows.length > limit;
      const items = more ? rows.slice(0, limit) : rows;
      return { items, nextSeq: more ? items[items.length - 1]!.seq : null };
    },
    queued: () => (queued.get() as { n: number }).n,
    queuedFor: (endpointId) => (queuedFor.get(endpointId) as { n: number }).n,
  };
}

/**
 * The contract's view of a delivery with its attempts.
 * @example presentDelivery(row, store.attempts(row.id))
 */
export function presentDelivery(row: DeliveryRow, attempts: readonly AttemptRow[]): DeliveryView {
  return {
    object: 'delivery',
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      startedAt: new Date(a.started_ms).toISOString(),
      statusCode: a.status_code,
      latencyMs: a.latency_ms,
      error: a.error,
      responseExcerpt: a.excerpt,
    })),
    nextAttemptAt: row.next_attempt_ms === null ? null : new Date(row.next_attempt_ms).toISOString(),
    createdAt: new Date(row.created_ms).toISOString(),
    updatedAt: new Date(row.updated_ms).toISOString(),
  };
}

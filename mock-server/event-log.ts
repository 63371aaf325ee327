// The durable event log. An event is recorded in the same SQLite transaction as the state change
// that caused it, and onRecord hooks (the delivery engine's outbox) run inside that transaction too:
// after a crash either the change, its event and its deliveries are all on disk, or none is.
import type { SqlDatabase, SqlStatement } from './sqlite.js';
import type { MockClock } from './clock.js';
import type { IdKind } from './ids.js';
import type { Store } from './store.js';

/** The API version stamped on every event envelope. */
export const EVENT_API_VERSION = '1.0';

/** The `data` of an event: the object's id, kind, new revision and status, plus a few key fields. */
export interface EventData {
  object: string;
  id: string;
  revision: number;
  status: string;
  [key: string]: unknown;
}

/** The native envelope, exactly as sent and as `GET /v1/events` answers it. */
export interface EventEnvelope {
  id: string;
  type: string;
  createdAt: string;
  apiVersion: string;
  data: EventData;
}

/** An envelope plus its position in the log. */
export interface RecordedEvent extends EventEnvelope {
  /** Monotonic position in the log (1, 2, …): the order events were recorded in. */
  seq: number;
}

/** Filters of {@link EventLog.list}. */
export interface EventQuery {
  type?: string | readonly string[] | undefined;
  createdAfterMs?: number | undefined;
  objectId?: string | undefined;
  afterSeq?: number | undefined;
  limit: number;
}

/** Called inside the recording transaction; must be synchronous and do no I/O. */
export type RecordHook = (event: RecordedEvent, db: SqlDatabase) => void;

/** The event log. See mock-server/README.md. */
export interface EventLog {
  /** Records an event (joins the caller's transaction, or opens one). `at` defaults to clock.now(). */
  record(input: { type: string; data: EventData }, options?: { at?: number }): RecordedEvent;
  onRecord(hook: RecordHook): () => void;
  get(id: string): RecordedEvent | undefined;
  list(query: EventQuery): { items: RecordedEvent[]; nextSeq: number | null };
}

/**
 * The envelope of a recorded event (drops the log position).
 * @example toEnvelope(eventLog.get('evt_…')!) // { id, type, createdAt, apiVersion, data }
 */
export function toEnvelope({ id, type, createdAt, apiVersion, data }: RecordedEvent): EventEnvelope {
  return { id, type, createdAt, apiVersion, data };
}

/**
 * Creates the event log over the store.
 * @example
 * store.transaction(() => { store.update(credential); eventLog.record({ type: 'credential.revoked', data }); });
 */
export function createEventLog({ store, clock, newId }: { store: Store; clock: MockClock; newId: (kind: IdKind) => string }): EventLog {
  const { db } = store;
  const insert = db.prepare('INSERT INTO events (id, type, object_id, created_ms, body) VALUES (?, ?, ?, ?, ?)');
  const byId = db.prepare('SELECT seq, body FROM events WHERE id = ?');
  const hooks = new Set<RecordHook>();
  const statements = new Map<string, SqlStatement>();
  const parse = (row: { seq: number; body: string }): RecordedEvent => ({ ...(JSON.parse(row.body) as EventEnvelope), seq: row.seq });

  return {
    record({ type, data }, { at = clock.now() } = {}) {
      return store.transaction(() => {
        const envelope: EventEnvelope = { id: newId('event'), type, createdAt: new Date(at).toISOString(), apiVersion: EVENT_API_VERSION, data };
        const info = insert.run(envelope.id, type, data.id, at, JSON.stringify(envelope));
        const event: RecordedEvent = { ...envelope, seq: Number(info.lastInsertRowid) };
        for (const hook of hooks) hook(event, db);
        return event;
      });
    },
    onRecord(hook) {
      hooks.add(hook);
      return () => hooks.delete(hook);
    },
    get(id) {
      const row = byId.get(id) as { seq: number; body: string } | undefined;
      return row ? parse(row) : undefined;
    },
    list(q) {
      const where: string[] = [];
      const params: Record<string, unknown> = { take: q.limit + 1 };
      const types = q.type === undefined ? [] : typeof q.type === 'string' ? [q.type] : [...q.type];
      if (types.length > 0) {
        where.push(`type IN (${types.map((_, i) => `@t${i}`).join(', ')})`);
        types.forEach((t, i) => (params[`t${i}`] = t));
      }
      if (q.createdAfterMs !== undefined) (where.push('created_ms > @after'), (params.after = q.createdAfterMs));
      if (q.objectId !== undefined) (where.push('object_id = @objectId'), (params.objectId = q.objectId));
      if (q.afterSeq !== undefined) (where.push('seq > @afterSeq'), (params.afterSeq = q.afterSeq));
      const sql = `SELECT seq, body FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT @take`;
      let stmt = statements.get(sql);
      if (!stmt) statements.set(sql, (stmt = db.prepare(sql)));
      const rows = stmt.all(params) as { seq: number; body: string }[];
      const more = rows.length > q.limit;
      const page = more ? rows.slice(0, q.limit) : rows;
      return { items: page.map(parse), nextSeq: more ? page[page.length - 1]!.seq : null };
    },
  };
}

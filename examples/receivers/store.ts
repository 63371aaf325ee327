// The receiver-side state every reference receiver shares: which event ids were seen (deduplication),
// the latest revision of each object (ordering), a work queue (acknowledge first, process after),
// and the read-only probe the conformance suite uses to see what was applied.
//
// This store is in memory to keep the example short. In production, keep the same three rules in
// your database: a unique index on the event id, `UPDATE … WHERE revision < :revision`, and a
// durable queue (or outbox table) written before you acknowledge.

/** What the receiver holds about one object (e.g. a credential). */
export interface ObjectState {
  readonly revision: number;
  readonly status: string;
}

/** The fields of an event the store needs; native events have `data.revision`, certn's compact envelope has none. */
export interface StorableEvent {
  readonly id: string;
  readonly object?: { readonly kind: string; readonly id: string; readonly revision: number; readonly status: string };
}

/**
 * In-memory receiver state with the three rules a webhook receiver needs.
 *
 * @example
 * const store = new ReceiverStore();
 * if (store.firstTime(event.id)) store.enqueue(() => store.apply({ id: event.id, object: { kind: 'credential', id, revision, status } }));
 */
export class ReceiverStore {
  readonly #seen = new Set<string>();
  readonly #timesApplied = new Map<string, number>();
  readonly #objects = new Map<string, ObjectState>();
  readonly #queue: (() => void | Promise<void>)[] = [];
  #draining = false;

  /**
   * Records an event id; false when it was seen before. Synchronous on purpose: in Node nothing can
   * run between the check and the insert, so two concurrent copies cannot both pass (in a database,
   * the unique index gives the same guarantee).
   */
  firstTime(eventId: string): boolean {
    if (this.#seen.has(eventId)) return false;
    this.#seen.add(eventId);
    return true;
  }

  /** Queues work to run after the response is sent, one task at a time, in arrival order. */
  enqueue(task: () => void | Promise<void>): void {
    this.#queue.push(task);
    if (!this.#draining) {
      this.#draining = true;
      setImmediate(() => void this.#drain());
    }
  }

  async #drain(): Promise<void> {
    for (let task = this.#queue.shift(); task; task = this.#queue.shift()) {
      try {
        await task();
      } catch (err) {
        // A failed task must not stop the queue; in production, retry it or move it to a dead-letter table.
        console.error('webhook task failed:', err);
      }
    }
    this.#draining = false;
  }

  /** Applies an event: counts it, and moves its object forward only if the revision is newer. */
  apply(event: StorableEvent): void {
    this.#timesApplied.set(event.id, (this.#timesApplied.get(event.id) ?? 0) + 1);
    const { object } = event;
    if (!object) return;
    const key = `${object.kind}/${object.id}`;
    const current = this.#objects.get(key);
    // The ordering rule: an older (or equal) revision than the one held is acknowledged and ignored.
    if (current && current.revision >= object.revision) return;
    this.#objects.set(key, { revision: object.revision, status: object.status });
  }

  /** Overwrites an object's state whatever its revision (only the broken receivers use this). */
  overwrite(kind: string, id: string, state: ObjectState): void {
    this.#objects.set(`${kind}/${id}`, state);
  }

  /** Counts an application of an event without touching any object (only the broken receivers use this). */
  countApplied(eventId: string): void {
    this.#timesApplied.set(eventId, (this.#timesApplied.get(eventId) ?? 0) + 1);
  }

  /**
   * Answers the conformance probe for a path below the probe prefix:
   * `events/{eventId}` → `{ eventId, timesApplied }`, `objects/{object}/{id}` → `{ revision, status }`,
   * anything unknown → 404. Test environments only: do not expose it in production.
   */
  probe(path: string): { status: 200 | 404; body: unknown } {
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === 'events' && parts.length === 2) {
      const times = this.#timesApplied.get(parts[1]!);
      return times === undefined ? { status: 404, body: { error: 'unknown event' } } : { status: 200, body: { eventId: parts[1], timesApplied: times } };
    }
    if (parts[0] === 'objects' && parts.length === 3) {
      const state = this.#objects.get(`${parts[1]}/${parts[2]}`);
      return state ? { status: 200, body: state } : { status: 404, body: { error: 'unknown object' } };
    }
    return { status: 404, body: { error: 'not found' } };
  }
}

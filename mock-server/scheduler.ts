// Durable scheduled transitions: "advance this case at T", "expire this credential at T".
// They live in the `timers` table, so a restart resumes them; the clock only holds one in-memory
// wake-up for the earliest one.
import type { MockClock, ScheduledTimer } from './clock.js';
import type { Store } from './store.js';

/** Runs a due timer. `atMs` is the mock time it was due: state changes and events are stamped with it. */
export type TimerAction = (objectId: string, payload: unknown, atMs: number) => void;

/** The scheduler. */
export interface Scheduler {
  /** Registers the code of an action name (lifecycle modules do this once). */
  define(action: string, run: TimerAction): void;
  /** Schedules `action` for `objectId` at mock time `dueMs` (joins the caller's transaction). */
  schedule(action: string, objectId: string, dueMs: number, payload?: unknown): void;
  /** Runs every timer due at or before now, in due order, including ones they schedule; returns how many ran. */
  runDue(): number;
  /** Arms the clock for the earliest pending timer. */
  start(): void;
  stop(): void;
  /** How many timers are pending. */
  pending(): number;
}

/**
 * Creates the scheduler.
 * @example scheduler.define('credential.expire', (id, _p, at) => expire(id, at)); scheduler.schedule('credential.expire', id, expiresMs);
 */
export function createScheduler({ store, clock, onError = () => {} }: { store: Store; clock: MockClock; onError?: (err: unknown) => void }): Scheduler {
  const { db } = store;
  const insert = db.prepare('INSERT INTO timers (due_ms, action, object_id, payload) VALUES (?, ?, ?, ?)');
  const nextDue = db.prepare('SELECT id, due_ms AS dueMs, action, object_id AS objectId, payload FROM timers WHERE due_ms <= ? ORDER BY due_ms, id LIMIT 1');
  const earliest = db.prepare('SELECT min(due_ms) AS dueMs FROM timers');
  const remove = db.prepare('DELETE FROM timers WHERE id = ?');
  const countStmt = db.prepare('SELECT count(*) AS n FROM timers');
  const actions = new Map<string, TimerAction>();
  let wake: ScheduledTimer | undefined;
  let wakeAt = Infinity;
  let started = false;
  let running = false;

  const arm = () => {
    if (!started) return;
    const dueMs = (earliest.get() as { dueMs: number | null }).dueMs;
    if (dueMs === null) {
      wake?.cancel();
      wake = undefined;
      wakeAt = Infinity;
      return;
    }
    if (wake && wakeAt === dueMs) return;
    wake?.cancel();
    wakeAt = dueMs;
    wake = clock.at(dueMs, () => {
      wake = undefined;
      wakeAt = Infinity;
      scheduler.runDue();
    });
  };

  const scheduler: Scheduler = {
    define(action, run) {
      actions.set(action, run);
    },
    schedule(action, objectId, dueMs, payload) {
      if (!actions.has(action)) throw new Error(`unknown timer action "${action}"`);
      insert.run(Math.floor(dueMs), action, objectId, payload === undefined ? null : JSON.stringify(payload));
      if (dueMs < wakeAt && !running) queueMicrotask(arm);
    },
    runDue() {
      // Re-entrancy guard: a timer's action may advance nothing, but an onAdvance listener may call us.
      if (running) return 0;
      running = true;
      let ran = 0;
      try {
        for (;;) {
          const now = clock.now();
          const row = nextDue.get(now) as { id: number; dueMs: number; action: string; objectId: string; payload: string | null } | undefined;
          if (!row) break;
          const run = actions.get(row.action);
          try {
            store.transaction(() => {
              remove.run(row.id);
              run?.(row.objectId, row.payload === null ? undefined : JSON.parse(row.payload), row.dueMs);
            });
          } catch (err) {
            // One broken timer must not wedge the others: drop it and report.
            remove.run(row.id);
            onError(err);
          }
          ran++;
        }
      } finally {
        running = false;
      }
      arm();
      return ran;
    },
    start() {
      started = true;
      scheduler.runDue();
    },
    stop() {
      started = false;
      wake?.cancel();
      wake = undefined;
      wakeAt = Infinity;
    },
    pending: () => (countStmt.get() as { n: number }).n,
  };
  return scheduler;
}

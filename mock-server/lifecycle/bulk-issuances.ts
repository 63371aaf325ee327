// Bulk issuance jobs: queued → processing → completed (or completed_with_errors), over mock time.
import type { MockPlatformContext } from '../context.js';
import { ApiProblem } from '../problem.js';
import type { StoredObject } from '../store.js';
import { issueCredential, type CredentialInput } from './credentials.js';
import { assertTransition, bump, iso, type Machine } from './machine.js';

/** Bulk issuance statuses. */
export type BulkIssuanceStatus = 'queued' | 'processing' | 'completed' | 'completed_with_errors';

/** The bulk issuance state machine. */
export const bulkIssuanceMachine: Machine<BulkIssuanceStatus, 'start' | 'complete'> = {
  start: { from: ['queued'], to: 'processing', event: null },
  complete: { from: ['processing'], to: 'completed', event: 'bulk_issuance.completed' },
};

/** A stored bulk issuance; `items` stays internal (the API shows counts, not the list). */
export interface BulkIssuance extends StoredObject {
  object: 'bulk_issuance';
  status: BulkIssuanceStatus;
  total: number;
  succeeded: number;
  failed: number;
  completedAt: string | null;
}

/** Mock seconds a job waits in the queue, and per credential while processing. */
export const bulkTiming = { queuedSeconds: [2, 6], perCredentialMs: 50, minProcessingSeconds: 3 } as const;

const START = 'bulk_issuance.start';
const COMPLETE = 'bulk_issuance.complete';

/** The API view (drops the internal items). */
export function presentBulkIssuance(b: BulkIssuance): Omit<BulkIssuance, 'items'> {
  const { items: _items, ...view } = b as BulkIssuance & { items?: unknown };
  return view;
}

/** Registers the job's timers. */
export function defineBulkIssuanceTimers(ctx: MockPlatformContext): void {
  ctx.scheduler.define(START, (id, _p, at) => {
    const b = ctx.store.get<BulkIssuance>(id, 'bulk_issuance');
    if (!b || b.status !== 'queued') return;
    assertTransition(bulkIssuanceMachine, 'start', b);
    ctx.store.update(bump({ ...b, status: 'processing' }, at));
    ctx.scheduler.schedule(COMPLETE, id, at + Math.max(bulkTiming.minProcessingSeconds * 1000, b.total * bulkTiming.perCredentialMs));
  });
  ctx.scheduler.define(COMPLETE, (id, _p, at) => {
    const b = ctx.store.get<BulkIssuance & { items: CredentialInput[] }>(id, 'bulk_issuance');
    if (!b || b.status !== 'processing') return;
    assertTransition(bulkIssuanceMachine, 'complete', b);
    // A recipient listed twice with the same title is a failed item: the platform issues each credential once.
    const seen = new Set<string>();
    let succeeded = 0;
    let failed = 0;
    for (const item of b.items) {
      const key = `${item.recipient.email.toLowerCase()}\u0000${item.title}`;
      if (seen.has(key)) {
        failed++;
        continue;
      }
      seen.add(key);
      issueCredential(ctx, item, { bulkIssuanceId: id, atMs: at });
      succeeded++;
    }
    const status: BulkIssuanceStatus = failed > 0 ? 'completed_with_errors' : 'completed';
    const next = bump({ ...b, status, succeeded, failed, completedAt: iso(at), items: [] }, at);
    ctx.store.update(next);
    ctx.eventLog.record(
      { type: 'bulk_issuance.completed', data: { object: 'bulk_issuance', id, revision: next.revision, status, total: next.total, succeeded, failed, completedAt: iso(at) } },
      { at },
    );
  });
}

/** Queues a job. */
export function createBulkIssuance(ctx: MockPlatformContext, credentials: CredentialInput[]): BulkIssuance {
  const at = ctx.clock.now();
  const b: BulkIssuance & { items: CredentialInput[] } = {
    object: 'bulk_issuance',
    id: ctx.newId('bulk_issuance'),
    revision: 1,
    status: 'queued',
    total: credentials.length,
    succeeded: 0,
    failed: 0,
    createdAt: iso(at),
    updatedAt: iso(at),
    completedAt: null,
    items: credentials,
  };
  ctx.store.transaction(() => {
    ctx.store.insert('bulk_issuance', b, { createdMs: at });
    const [min, max] = bulkTiming.queuedSeconds;
    ctx.scheduler.schedule(START, b.id, at + ctx.factories.delaySeconds(min, max) * 1000);
  });
  return b;
}

/** Loads a job or throws 404. */
export function getBulkIssuance(ctx: MockPlatformContext, id: string): BulkIssuance {
  const b = ctx.store.get<BulkIssuance>(id, 'bulk_issuance');
  if (!b) throw new ApiProblem('not-found', { detail: `No bulk issuance with id ${id}.` });
  return b;
}

// idempotency.duplicate: one event delivered several times, one after another, at once, and as a re-signed retry.
import { defineCheck } from '../check.js';
import { expectAccepted, type Labelled } from '../expect.js';
import { deliverInSequence } from '../sequence.js';
import { notAppliedOnce, skippedWithoutProbe } from './probe-readings.js';

export const idempotencyDuplicate = defineCheck({
  id: 'idempotency.duplicate',
  title: 'Applies a duplicated event exactly once',
  why: 'Delivery is at-least-once: a timeout or a retry delivers the same event again (same id). Applying it twice double-counts, double-notifies or double-revokes.',
  fix: 'record each event id when you first accept it, in the same transaction as its effect (e.g. a unique index on event_id, INSERT … ON CONFLICT DO NOTHING), and answer 2xx without re-applying when the id was already seen; concurrent copies must not both pass the check',
  sends: 'event A twice in a row and once more re-signed as a true retry; event B three times, landing at the same instant (each request held back by its last byte until all are written)',
  needsProbe: true,
  gate: 'accepts',
  phase: 'main',
  sequentialSteps: () => 3,
  appliesTo: () => true,
  async run(ctx) {
    const a = ctx.events.event('credential.claimed');
    const b = ctx.events.event('case.report_ready');
    const signedA = ctx.signEvent(a);
    // A true retry is signed again at the time of the retry: a new timestamp, the same event id.
    const retryA = ctx.signEvent(a, { timestamp: Math.floor(ctx.now() / 1000) + 1 });
    const signedB = ctx.signEvent(b);
    const sent: Labelled[] = await deliverInSequence(ctx, [
      { label: 'event A, first delivery', delivery: signedA },
      { label: 'event A, identical duplicate', delivery: signedA },
      [
        { label: 'event A, re-signed retry', delivery: retryA },
        ...[1, 2, 3].map((n) => ({ label: `event B, concurrent copy ${n}`, delivery: signedB })),
      ],
    ]);
    const acks = expectAccepted(sent, {
      what: 'duplicates acknowledged',
      fixWhenRefused: 'answer 2xx to a duplicate you already processed (it was delivered again because your first answer may not have arrived); do not answer 409 or 5xx',
    });
    if (acks.status === 'failed') return acks;
    if (!ctx.probe) return skippedWithoutProbe(ctx, 'all 6 deliveries of 2 events were answered 2xx', 'whether each event was applied exactly once');
    const applied = await notAppliedOnce(ctx, [a.id, b.id]);
    if (!applied.ok) return { status: 'failed', message: `the probe could not be read: ${applied.message}`, hint: 'make the probe answer GET {probe}/events/{eventId} with 200 {"eventId","timesApplied"} or 404' };
    if (applied.wrong.length > 0) {
      const shown = applied.wrong.map((w) => `${w.id === a.id ? 'event A (sequential duplicates + retry)' : 'event B (concurrent copies)'} ${w.id}: timesApplied ${w.times}`);
      return {
        status: 'failed',
        message: `a duplicated event was not applied exactly once: ${shown.join('; ')}`,
        hint: applied.wrong.some((w) => w.times === 0) ? 'an acknowledged event must be applied: acknowledge only what you have durably queued or stored' : this.fix,
      };
    }
    return { status: 'passed', message: 'acknowledged all 6 deliveries and applied each of the 2 events exactly once' };
  },
});

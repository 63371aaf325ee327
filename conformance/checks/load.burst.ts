// load.burst: many distinct valid deliveries at once, as after an outage or a bulk issuance.
import { defineCheck } from '../check.js';
import { expectAccepted, type Labelled } from '../expect.js';
import { notAppliedOnce, skippedWithoutProbe } from './probe-readings.js';

export const loadBurst = defineCheck({
  id: 'load.burst',
  title: 'Accepts a burst of concurrent deliveries',
  why: 'After a bulk issuance or an outage the platform delivers many events at once; a receiver that drops connections, answers 429/503 or loses events under load turns a burst into hours of retries or lost updates.',
  fix: 'acknowledge quickly and queue the work (do not hold a database transaction or an outbound call per request), allow enough concurrent connections, and make sure every acknowledged event is stored before answering',
  sends: '--concurrency distinct, correctly signed events at the same time (default 50)',
  needsProbe: true,
  gate: 'accepts',
  phase: 'burst',
  sequentialSteps: () => 1,
  appliesTo: () => true,
  async run(ctx) {
    const events = Array.from({ length: ctx.concurrency }, () => ctx.events.event('credential.issued'));
    const sent: Labelled[] = await Promise.all(
      events.map(async (event, i) => ({ label: `burst delivery ${i + 1} of ${events.length}`, exchange: await ctx.deliver(ctx.signEvent(event), { valid: true }) })),
    );
    const acks = expectAccepted(sent, { what: `${events.length} at once`, fixWhenRefused: this.fix });
    if (acks.status === 'failed') return acks;
    if (!ctx.probe) return skippedWithoutProbe(ctx, `all ${events.length} concurrent deliveries were answered 2xx`, 'whether each was applied exactly once');
    const applied = await notAppliedOnce(ctx, events.map((e) => e.id));
    if (!applied.ok) return { status: 'failed', message: `the probe could not be read: ${applied.message}`, hint: 'make the probe answer GET {probe}/events/{eventId} with 200 {"eventId","timesApplied"} or 404' };
    if (applied.wrong.length > 0) {
      const lost = applied.wrong.filter((w) => w.times === 0).length;
      return {
        status: 'failed',
        message: `${applied.wrong.length} of ${events.length} acknowledged events were not applied exactly once (${lost} never applied; e.g. ${applied.wrong[0]!.id}: timesApplied ${applied.wrong[0]!.times})`,
        hint: lost > 0 ? 'an acknowledged event must not be lost: store or durably queue it before answering 2xx, and do not drop work when a queue is full' : 'deduplicate by event id even when the same id is processed by several workers at once',
      };
    }
    return { status: 'passed', message: `acknowledged ${events.length} concurrent deliveries and applied each exactly once` };
  },
});
